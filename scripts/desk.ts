import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { systemClock } from '../shared/adapters/systemClock';
import { TableAgentDirectory } from '../shared/adapters/tables/tableAgentDirectory';
import { TableApiKeyStore } from '../shared/adapters/tables/tableApiKeyStore';
import { defaultsEtag, TableTenantDirectory } from '../shared/adapters/tables/tableTenantDirectory';
import type { TableClientFactory } from '../shared/adapters/tables/tableClients';
import { agentIdSchema, entraIdentitySchema, type Agent } from '../shared/domain/agent';
import { defaultSupportOffering } from '../shared/domain/offering/defaultOffering';
import { supportOfferingSchema, type SupportOffering } from '../shared/domain/offering/supportOffering';
import { tenantProfileSchema } from '../shared/domain/tenantProfile';
import type { AgentDirectory } from '../shared/ports/agentDirectory';
import type { ApiKeyStore } from '../shared/ports/apiKeyStore';
import type { Clock } from '../shared/ports/clock';
import { StaleVersionError, type TenantDirectory } from '../shared/ports/tenantDirectory';
import { issueApiKey } from '../shared/services/apiKeys';
import { operatorStorageUsage, operatorTables } from './operatorTables';
import { built } from '../shared/domain/builtSchema';

const usage = `Turn a deployment (or the local Azurite) into a working desk for one partner tenant, in one step:

  npm run desk -- init --tenant <tenantId> --name <partner name>
                 [--support-address <address> ...]   support mailboxes; they route mail to the tenant at once
                 [--offering <file.json>]            the support offering; without it, the sample offering
                 [--agent-email <address> --agent-entra-tenant <guid> --agent-object-id <guid>
                  [--agent-name <name>] [--agent-id <id>]]   the first agent (an admin who signs in with Entra ID)
                 [--new-admin-key]                   issue another admin key although the tenant has one

Creates what is missing (profile, offering, mailboxes, agent, first admin key) and reports "exists" for the rest:
running it again changes nothing and shows no secret. The admin key's secret is printed once.

${operatorStorageUsage}`;

/** Partner tenant ids this command creates: a slug, so it is a safe Table key and never a reserved partition. */
const tenantIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    'a tenant id is 2-63 lowercase letters, digits or -, starting with a letter or digit',
  )
  .refine((tenantId) => tenantId !== 'mailbox', '"mailbox" is reserved');

/** The options of `init`, by option name, so each zod issue names the option to fix. */
const initOptionsSchema = z
  .strictObject({
    tenant: tenantIdSchema,
    name: built(tenantProfileSchema).shape.name,
    'support-address': built(tenantProfileSchema).shape.supportAddresses.unwrap().optional(),
    offering: z.string().min(1).optional(),
    'agent-email': z.email().toLowerCase().optional(),
    'agent-entra-tenant': built(entraIdentitySchema).shape.tenantId.optional(),
    'agent-object-id': built(entraIdentitySchema).shape.objectId.optional(),
    'agent-name': z.string().trim().min(1).max(200).optional(),
    'agent-id': agentIdSchema.optional(),
    'new-admin-key': z.boolean().default(false),
  })
  .superRefine((options, context) => {
    // Any agent option asks for the first agent, which needs all three of these.
    const agentOptions = ['agent-email', 'agent-entra-tenant', 'agent-object-id'] as const;
    const anyAgentOption = [...agentOptions, 'agent-name', 'agent-id'] as const;
    if (!anyAgentOption.some((option) => options[option] !== undefined)) return;
    agentOptions
      .filter((option) => options[option] === undefined)
      .forEach((option) =>
        context.addIssue({ code: 'custom', path: [option], message: 'required for the first agent' }),
      );
  });
type InitOptions = z.infer<typeof initOptionsSchema>;

const initOptions = {
  tenant: { type: 'string' },
  name: { type: 'string' },
  'support-address': { type: 'string', multiple: true },
  offering: { type: 'string' },
  'agent-email': { type: 'string' },
  'agent-entra-tenant': { type: 'string' },
  'agent-object-id': { type: 'string' },
  'agent-name': { type: 'string' },
  'agent-id': { type: 'string' },
  'new-admin-key': { type: 'boolean' },
} as const;

/** Bad input: one line naming what to fix, exit code 1. */
class InputError extends Error {
  override readonly name = 'InputError';
}

/** `path: message; path: message`, the zod issues on one line. */
function issuesOf(error: z.ZodError, prefix: (path: PropertyKey[]) => string): string {
  return error.issues.map((issue) => `${prefix(issue.path)}: ${issue.message}`).join('; ');
}

/** What `init` sets up for the tenant, all checked before anything is written. */
interface InitRequest {
  tenantId: string;
  name: string;
  supportAddresses: string[];
  offering: { value: SupportOffering; source: string };
  /** The first agent, without `updatedAt` (set when it is written). */
  agent?: Omit<Agent, 'updatedAt'>;
  newAdminKey: boolean;
}

/** The offering in a JSON file, validated as `PUT /api/offering` validates it; InputError listing every issue. */
function readOfferingFile(file: string): SupportOffering {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`--offering ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = supportOfferingSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      `--offering ${file} is not a support offering: ${issuesOf(parsed.error, (path) => path.map(String).join('.') || '(root)')}`,
    );
  }
  return parsed.data;
}

/** The agent's id: `--agent-id`, else the local part of the agent's email when it is a valid id. */
function firstAgentId(options: InitOptions, email: string): string {
  if (options['agent-id']) return options['agent-id'];
  const localPart = agentIdSchema.safeParse(email.split('@')[0]);
  if (!localPart.success) throw new InputError(`--agent-id: required, as ${email} makes no agent id`);
  return localPart.data;
}

function initRequestFrom(values: Record<string, unknown>): InitRequest {
  const parsed = initOptionsSchema.safeParse(values);
  if (!parsed.success) throw new InputError(issuesOf(parsed.error, (path) => `--${path.map(String).join('.')}`));
  const options = parsed.data;
  const offering = options.offering
    ? { value: readOfferingFile(options.offering), source: options.offering }
    : { value: defaultSupportOffering(), source: 'the sample offering' };
  const email = options['agent-email'];
  const entraTenantId = options['agent-entra-tenant'];
  const objectId = options['agent-object-id'];
  const agent =
    email && entraTenantId && objectId
      ? {
          id: firstAgentId(options, email),
          tenantId: options.tenant,
          name: options['agent-name'] ?? email,
          email,
          // The first agent administers the desk and works both partner tiers, so every case has someone to go to.
          role: 'admin' as const,
          entra: { tenantId: entraTenantId.toLowerCase(), objectId: objectId.toLowerCase() },
          tiers: ['tier1' as const, 'tier2' as const],
          active: true,
        }
      : undefined;
  return {
    tenantId: options.tenant,
    name: options.name,
    supportAddresses: [...new Set(options['support-address'] ?? [])],
    offering,
    agent,
    newAdminKey: options['new-admin-key'],
  };
}

interface DeskStores {
  tenants: TenantDirectory;
  agents: AgentDirectory;
  apiKeys: ApiKeyStore;
  clock: Clock;
}

/** One line of the report: which part, whether this run created it, and what it is. */
interface PartOutcome {
  part: string;
  outcome: 'created' | 'exists' | 'skipped';
  detail: string;
}

/**
 * The profile with its support mailboxes, registered so they route mail at once (the operator vouches for them, as
 * `npm run mailboxes -- confirm` does). A stored profile is left as it is: its mailboxes are reported as they stand.
 */
async function initProfile(stores: DeskStores, request: InitRequest): Promise<PartOutcome[]> {
  const stored = await stores.tenants.versionedProfile(request.tenantId);
  if (!stored) {
    await stores.tenants.saveProfile(request.tenantId, {
      name: request.name,
      supportAddresses: request.supportAddresses,
      agentAddresses: request.agent ? [request.agent.email] : [],
    });
    return [
      { part: 'profile', outcome: 'created', detail: request.name },
      ...request.supportAddresses.map((address): PartOutcome => ({
        part: 'mailbox',
        outcome: 'created',
        detail: `${address} routes mail to ${request.tenantId}`,
      })),
    ];
  }
  const claims = new Map((await stores.tenants.mailboxClaims(request.tenantId)).map((claim) => [claim.address, claim]));
  return [
    { part: 'profile', outcome: 'exists', detail: `${stored.value.name} (kept as stored)` },
    ...request.supportAddresses.map((address): PartOutcome => {
      const claim = claims.get(address);
      if (!claim) {
        return {
          part: 'mailbox',
          outcome: 'skipped',
          detail: `${address} is not in the stored profile; add it with PUT /api/tenant-profile`,
        };
      }
      return {
        part: 'mailbox',
        outcome: 'exists',
        detail: claim.routes
          ? `${address} routes mail to ${request.tenantId}`
          : `${address} waits for confirmation: npm run mailboxes -- confirm --tenant ${request.tenantId} --address ${address}`,
      };
    }),
  ];
}

/** Stores the offering only while the tenant has none of its own (If-Match on the defaults: create if absent). */
async function initOffering(stores: DeskStores, request: InitRequest): Promise<PartOutcome> {
  try {
    await stores.tenants.saveOffering(request.tenantId, request.offering.value, defaultsEtag);
    return { part: 'offering', outcome: 'created', detail: `from ${request.offering.source}` };
  } catch (error) {
    if (!(error instanceof StaleVersionError)) throw error;
    return { part: 'offering', outcome: 'exists', detail: 'kept as stored' };
  }
}

/** The first agent, unless the tenant has an agent of that id or the Entra user is already one of its agents. */
async function initAgent(stores: DeskStores, agent: Omit<Agent, 'updatedAt'>): Promise<PartOutcome> {
  const byId = await stores.agents.get(agent.tenantId, agent.id);
  if (byId) return { part: 'agent', outcome: 'exists', detail: `${agent.id} (${byId.value.name}, ${byId.value.role})` };
  const byIdentity = await stores.agents.findByEntraIdentity(agent.entra);
  if (byIdentity?.tenantId === agent.tenantId) {
    return { part: 'agent', outcome: 'exists', detail: `${byIdentity.id} holds that Entra user` };
  }
  // Another tenant's agent holding the identity makes put throw EntraIdentityTakenError, which names it.
  await stores.agents.put({ ...agent, updatedAt: stores.clock.now().toISOString() });
  return {
    part: 'agent',
    outcome: 'created',
    detail: `${agent.id} (${agent.name}, ${agent.role}, ${agent.tiers.join(' + ')})`,
  };
}

/** The first admin key; a tenant that has one gets another only when asked. The secret is returned, never stored. */
async function initAdminKey(
  stores: DeskStores,
  request: InitRequest,
): Promise<{ outcome: PartOutcome; secret?: string }> {
  const admins = (await stores.apiKeys.listForTenant(request.tenantId)).filter((key) => key.role === 'admin');
  if (admins.length > 0 && !request.newAdminKey) {
    const ids = admins.map((key) => key.keyId).join(', ');
    return { outcome: { part: 'admin key', outcome: 'exists', detail: `${ids} (another one: --new-admin-key)` } };
  }
  const label = admins.length === 0 ? 'First admin (npm run desk -- init)' : 'Admin (npm run desk -- init)';
  const { record, secret } = await issueApiKey(stores, { tenantId: request.tenantId, role: 'admin', label });
  return { outcome: { part: 'admin key', outcome: 'created', detail: record.keyId }, secret };
}

/**
 * Sets the tenant up part by part, in the order later parts need: profile and mailboxes, offering, first agent, first
 * admin key. Each part that exists is left alone, so a run cut short is finished by running it again.
 */
async function initDesk(
  stores: DeskStores,
  request: InitRequest,
): Promise<{ outcomes: PartOutcome[]; secret?: string }> {
  const outcomes = [...(await initProfile(stores, request)), await initOffering(stores, request)];
  if (request.agent) outcomes.push(await initAgent(stores, request.agent));
  const adminKey = await initAdminKey(stores, request);
  return { outcomes: [...outcomes, adminKey.outcome], secret: adminKey.secret };
}

/** The tables `init` writes; operatorTables creates each on Azurite, which starts empty. */
async function deskTables(): Promise<TableClientFactory> {
  await operatorTables('tenants');
  return operatorTables('apiKeys');
}

async function runInit(values: Record<string, unknown>): Promise<void> {
  const request = initRequestFrom(values);
  const tables = await deskTables();
  const stores: DeskStores = {
    tenants: new TableTenantDirectory(tables),
    agents: new TableAgentDirectory(tables, systemClock),
    apiKeys: new TableApiKeyStore(tables),
    clock: systemClock,
  };
  const { outcomes, secret } = await initDesk(stores, request);
  console.log(`Tenant ${request.tenantId}:`);
  outcomes.forEach(({ part, outcome, detail }) => console.log(`  ${part.padEnd(10)} ${outcome.padEnd(8)} ${detail}`));
  if (secret) console.log(`Admin key secret (shown only now; send it as the x-api-key header): ${secret}`);
}

function main(argv: string[]): Promise<void> {
  if (argv[0] !== 'init') {
    console.error(usage);
    process.exitCode = 2;
    return Promise.resolve();
  }
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv.slice(1), options: initOptions, strict: true }));
  } catch (error) {
    return Promise.reject(new InputError(error instanceof Error ? error.message : String(error)));
  }
  return runInit(values);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(error instanceof InputError ? `desk init: ${message}` : message);
  process.exitCode = 1;
});
