import { z } from 'zod';
import { settingNames } from './resourceNames';

/** Where cases are stored: a connection string locally (Azurite), the table endpoint plus managed identity in Azure. */
export type CaseStorageConfig =
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'identity'; tableServiceUri: string; clientId?: string };

/** How messages travel: the in-process transport of the local host, or Service Bus with managed identity. */
export type MessagingConfig =
  { kind: 'inProcess' } | { kind: 'serviceBus'; fullyQualifiedNamespace: string; clientId?: string };

export interface AppConfig {
  caseStorage: CaseStorageConfig;
  messaging: MessagingConfig;
}

const optionalText = z.string().trim().min(1).optional();

const environmentSchema = z.object({
  [settingNames.caseStorageConnectionString]: optionalText,
  // Identity tokens travel over https only.
  [settingNames.caseStorageTableServiceUri]: z.url({ protocol: /^https$/ }).optional(),
  [settingNames.caseStorageClientId]: optionalText,
  [settingNames.messagingTransport]: z.enum(['serviceBus', 'inProcess']).default('serviceBus'),
  [settingNames.serviceBusNamespace]: optionalText,
  [settingNames.serviceBusClientId]: optionalText,
});

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
  return { caseStorage: caseStorageFrom(settings), messaging: messagingFrom(settings) };
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
