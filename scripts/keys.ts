import { z } from 'zod';
import { systemClock } from '../shared/adapters/systemClock';
import { TableApiKeyStore } from '../shared/adapters/tables/tableApiKeyStore';
import { TableTenantDirectory } from '../shared/adapters/tables/tableTenantDirectory';
import { apiKeyRoleSchema, servedCustomersSchema } from '../shared/domain/apiKey';
import type { ApiKeyStore } from '../shared/ports/apiKeyStore';
import type { TenantDirectory } from '../shared/ports/tenantDirectory';
import { issueApiKey, listApiKeys } from '../shared/services/apiKeys';
import { operatorStorageUsage, operatorTables, runOperatorCommand } from './operatorTables';

const usage = `Manage a tenant's API keys directly in the key table. A new tenant (and its first admin key) comes from
npm run desk -- init; keys are issued only for a tenant that has a profile.

  npm run keys -- create --tenant <tenantId> --role <portal|agent|admin> [--label <text>] [--customer <customerTenantId> ...]
                 (--customer, portal keys only, up to 10 times: the customers the key serves; without it, all)
  npm run keys -- list   --tenant <tenantId>
  npm run keys -- revoke --tenant <tenantId> --key <keyId>

${operatorStorageUsage}`;

const commandSchema = z.discriminatedUnion('command', [
  z.object({
    command: z.literal('create'),
    tenant: z.string().min(1),
    role: apiKeyRoleSchema,
    label: z.string().min(1).optional(),
    customer: servedCustomersSchema.optional(),
  }),
  z.object({ command: z.literal('list'), tenant: z.string().min(1) }),
  z.object({ command: z.literal('revoke'), tenant: z.string().min(1), key: z.string().min(1) }),
]);
type Command = z.infer<typeof commandSchema>;

const commandOptions = {
  tenant: { type: 'string' },
  role: { type: 'string' },
  label: { type: 'string' },
  key: { type: 'string' },
  customer: { type: 'string', multiple: true },
} as const;

/** Issuing a key for a tenant without a profile would make a tenant the desk knows nothing else of (a typo, say). */
async function requireTenant(tenants: TenantDirectory, tenantId: string): Promise<void> {
  if (await tenants.versionedProfile(tenantId)) return;
  throw new Error(
    `Tenant ${tenantId} does not exist on this desk (it has no profile). Create it first with: ` +
      `npm run desk -- init --tenant ${tenantId} --name "<partner name>"`,
  );
}

async function run(command: Command, apiKeys: ApiKeyStore, tenants: TenantDirectory): Promise<void> {
  switch (command.command) {
    case 'create': {
      await requireTenant(tenants, command.tenant);
      const request = {
        tenantId: command.tenant,
        role: command.role,
        label: command.label,
        customerTenantIds: command.customer,
      };
      const { record, secret } = await issueApiKey({ apiKeys, clock: systemClock }, request);
      const serves = record.customerTenantIds ? `, serving the customers ${record.customerTenantIds.join(', ')}` : '';
      console.log(`Issued ${record.role} key ${record.keyId} for tenant ${record.tenantId}${serves}.`);
      console.log(`Secret (shown only now; send it as the x-api-key header): ${secret}`);
      return;
    }
    case 'list': {
      const keys = await listApiKeys(apiKeys, command.tenant);
      if (keys.length === 0) console.log(`Tenant ${command.tenant} has no keys.`);
      keys.forEach((key) =>
        console.log(
          `${key.keyId}  ${key.role.padEnd(6)}  ${key.createdAt}  ${key.label ?? ''}${key.customerTenantIds ? `  customers: ${key.customerTenantIds.join(', ')}` : ''}`,
        ),
      );
      return;
    }
    case 'revoke': {
      const revoked = await apiKeys.revoke(command.tenant, command.key);
      console.log(revoked ? `Revoked ${command.key}.` : `Tenant ${command.tenant} has no key ${command.key}.`);
      if (!revoked) process.exitCode = 1;
      return;
    }
  }
}

runOperatorCommand(usage, { options: commandOptions, schema: commandSchema }, async (command) => {
  const tables = await operatorTables('apiKeys');
  await run(command, new TableApiKeyStore(tables), new TableTenantDirectory(tables));
});
