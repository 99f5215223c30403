import { z } from 'zod';
import { settingNames } from './resourceNames';

/** Where cases are stored: a connection string locally (Azurite), the table endpoint plus managed identity in Azure. */
export type CaseStorageConfig =
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'identity'; tableServiceUri: string; clientId?: string };

/** How messages travel: the in-process transport of the local host, or Service Bus with managed identity. */
export type MessagingConfig =
  { kind: 'inProcess' } | { kind: 'serviceBus'; fullyQualifiedNamespace: string; clientId?: string };

/**
 * Whether the X-MS-CLIENT-PRINCIPAL headers name the signed-in user: `trusted` only where App Service Authentication
 * (or the local host, which plays its part) sets them and removes any a client sent. Bicep sets it together with
 * authsettingsV2; anywhere else a client could forge them, so they are ignored.
 */
export type ClientPrincipalTrust = 'trusted' | 'ignored';

/**
 * Where the desk files escalations with Microsoft, and as whom: the partner-facing multi-tenant app registration
 * (`appClientId`) whose federated credential is the app's managed identity (`identityClientId`). Without an app client
 * id the desk files nothing itself, and an escalation of a tenant that asks for it fails with the reason on the case.
 */
export interface MicrosoftSupportConfig {
  /** Azure Resource Manager, e.g. https://management.azure.com (no trailing slash). */
  azureBaseUrl: string;
  /** Partner Center REST API, e.g. https://api.partnercenter.microsoft.com (no trailing slash). */
  partnerCenterBaseUrl: string;
  appClientId?: string;
  identityClientId?: string;
}

/**
 * How notifications are mailed (MAIL_SENDER): not at all (`none`), kept in Azurite for GET /admin/mail
 * (`development`, the local host), through Microsoft Graph sendMail from the tenant's support mailbox (`graph`), or
 * through Azure Communication Services Email from a sender address of its linked domain (`acs`). `senderAddress` is
 * the mailbox used when a tenant has none (graph, development) or the ACS sender (acs); `clientId` the managed identity.
 */
export type MailConfig =
  | { kind: 'none' }
  | { kind: 'development'; connectionString: string; senderAddress: string }
  | { kind: 'graph'; senderAddress?: string; clientId?: string }
  | { kind: 'acs'; endpoint: string; senderAddress: string; clientId?: string };

export interface AppConfig {
  caseStorage: CaseStorageConfig;
  messaging: MessagingConfig;
  mail: MailConfig;
  microsoftSupport: MicrosoftSupportConfig;
  clientPrincipal: ClientPrincipalTrust;
}

const optionalText = z.lazy(() => z.string().trim().min(1).optional());
/** Bicep writes an empty string for a parameter left at its default: that means "not set". */
const optionalOrEmpty = z.lazy(() =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
);
// Tokens travel over https only.
const httpsUrl = z.url({ protocol: /^https$/ }).optional();
/** A base URL setting without the trailing slash ARM's environment() gives, or the public endpoint. */
const baseUrl = (setting: string | undefined, fallback: string): string => (setting ?? fallback).replace(/\/+$/, '');

const environmentSchema = z.lazy(() =>
  z.object({
    [settingNames.caseStorageConnectionString]: optionalText,
    // Identity tokens travel over https only.
    [settingNames.caseStorageTableServiceUri]: z.url({ protocol: /^https$/ }).optional(),
    [settingNames.caseStorageClientId]: optionalText,
    [settingNames.messagingTransport]: z.enum(['serviceBus', 'inProcess']).default('serviceBus'),
    [settingNames.serviceBusNamespace]: optionalText,
    [settingNames.serviceBusClientId]: optionalText,
    [settingNames.mailSender]: z.enum(['none', 'development', 'graph', 'acs']).default('none'),
    [settingNames.mailSenderAddress]: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || undefined)
      .pipe(z.email().optional()),
    // Entra tokens travel over https only; Bicep writes an empty string when ACS is not chosen.
    [settingNames.mailAcsEndpoint]: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || undefined)
      .pipe(z.url({ protocol: /^https$/ }).optional()),
    [settingNames.mailClientId]: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || undefined),
    [settingNames.azureSupportBaseUrl]: httpsUrl,
    [settingNames.partnerCenterBaseUrl]: httpsUrl,
    [settingNames.microsoftSupportAppClientId]: optionalOrEmpty,
    [settingNames.microsoftSupportIdentityClientId]: optionalOrEmpty,
    [settingNames.clientPrincipal]: z.enum(['trusted', 'ignored']).default('ignored'),
  }),
);

/**
 * Whether the app runs inside the local host (`npm start`, the tests): only there is messaging in-process, which the
 * composition refuses anywhere else. What only a developer's machine may do (post to a loopback test receiver) asks this.
 */
export function runsInLocalHost(config: AppConfig): boolean {
  return config.messaging.kind === 'inProcess';
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Reads and validates every setting the app needs, once, so a misconfigured deployment fails with one clear message. */
export function readConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigurationError(`Invalid app settings: ${problems.join('; ')}`);
  }
  const settings = parsed.data;
  return {
    caseStorage: caseStorageFrom(settings),
    messaging: messagingFrom(settings),
    mail: mailFrom(settings),
    microsoftSupport: {
      azureBaseUrl: baseUrl(settings[settingNames.azureSupportBaseUrl], 'https://management.azure.com'),
      partnerCenterBaseUrl: baseUrl(
        settings[settingNames.partnerCenterBaseUrl],
        'https://api.partnercenter.microsoft.com',
      ),
      appClientId: settings[settingNames.microsoftSupportAppClientId],
      identityClientId: settings[settingNames.microsoftSupportIdentityClientId],
    },
    clientPrincipal: settings[settingNames.clientPrincipal] === 'trusted' ? 'trusted' : 'ignored',
  };
}

type Settings = z.infer<typeof environmentSchema>;

/** Azurite's well-known development account; it exists only on a developer's machine. */
export function azuriteConnectionString(tablePort = 10002): string {
  return (
    'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
    'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
    `TableEndpoint=http://127.0.0.1:${tablePort}/devstoreaccount1;`
  );
}

function caseStorageFrom(settings: Settings): CaseStorageConfig {
  const tableServiceUri = settings[settingNames.caseStorageTableServiceUri];
  if (tableServiceUri) {
    return { kind: 'identity', tableServiceUri, clientId: settings[settingNames.caseStorageClientId] };
  }
  const connectionString = settings[settingNames.caseStorageConnectionString];
  if (connectionString === 'UseDevelopmentStorage=true')
    return { kind: 'connectionString', connectionString: azuriteConnectionString() };
  if (connectionString) return { kind: 'connectionString', connectionString };
  throw new ConfigurationError(
    `Case storage is not configured: set ${settingNames.caseStorageTableServiceUri} (Azure, managed identity) ` +
      `or ${settingNames.caseStorageConnectionString} (local Azurite).`,
  );
}

function messagingFrom(settings: Settings): MessagingConfig {
  if (settings[settingNames.messagingTransport] === 'inProcess') return { kind: 'inProcess' };
  const fullyQualifiedNamespace = settings[settingNames.serviceBusNamespace];
  if (!fullyQualifiedNamespace) {
    throw new ConfigurationError(
      `${settingNames.messagingTransport} is serviceBus but ${settingNames.serviceBusNamespace} is not set.`,
    );
  }
  return { kind: 'serviceBus', fullyQualifiedNamespace, clientId: settings[settingNames.serviceBusClientId] };
}

/** The development mailbox's sender when MAIL_SENDER_ADDRESS is not set; .localhost never resolves (RFC 6761 6.3). */
const developmentSender = 'support@desk.localhost';

function mailFrom(settings: Settings): MailConfig {
  const kind = settings[settingNames.mailSender];
  const senderAddress = settings[settingNames.mailSenderAddress];
  const clientId = settings[settingNames.mailClientId];
  if (kind === 'development') {
    const storage = caseStorageFrom(settings);
    if (storage.kind !== 'connectionString') {
      throw new ConfigurationError('MAIL_SENDER=development keeps mail in Azurite: it needs CaseStorage (local only).');
    }
    return {
      kind: 'development',
      connectionString: storage.connectionString,
      senderAddress: senderAddress ?? developmentSender,
    };
  }
  if (kind === 'graph') return { kind: 'graph', senderAddress, clientId };
  if (kind === 'acs') {
    const endpoint = settings[settingNames.mailAcsEndpoint];
    if (!endpoint || !senderAddress) {
      throw new ConfigurationError(
        `${settingNames.mailSender}=acs needs ${settingNames.mailAcsEndpoint} and ${settingNames.mailSenderAddress}.`,
      );
    }
    return { kind: 'acs', endpoint, senderAddress, clientId };
  }
  return { kind: 'none' };
}
