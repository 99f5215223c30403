import { z } from 'zod';
import { TableTenantDirectory } from '../shared/adapters/tables/tableTenantDirectory';
import { operatorStorageUsage, operatorTables, runOperatorCommand } from './operatorTables';

const usage = `Confirm the support mailboxes tenants claimed, after checking out of band that each tenant owns its mailbox:
a claimed address routes no mail until it is confirmed.

  npm run mailboxes -- pending
  npm run mailboxes -- confirm --tenant <tenantId> --address <support address>

${operatorStorageUsage}`;

const commandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('pending') }),
  z.object({ command: z.literal('confirm'), tenant: z.string().min(1), address: z.email().toLowerCase() }),
]);
type Command = z.infer<typeof commandSchema>;

const commandOptions = { tenant: { type: 'string' }, address: { type: 'string' } } as const;

async function run(command: Command, tenants: TableTenantDirectory): Promise<void> {
  switch (command.command) {
    case 'pending': {
      const pending = await tenants.pendingMailboxes();
      if (pending.length === 0) console.log('No claim waits for confirmation.');
      pending.forEach((claim) => console.log(`${claim.address}  claimed by tenant ${claim.tenantId}`));
      return;
    }
    case 'confirm': {
      const confirmed = await tenants.confirmMailbox(command.tenant, command.address);
      console.log(
        confirmed
          ? `${command.address} now routes mail to tenant ${command.tenant}.`
          : `Tenant ${command.tenant} holds no claim of ${command.address}.`,
      );
      if (!confirmed) process.exitCode = 1;
      return;
    }
  }
}

runOperatorCommand(usage, { options: commandOptions, schema: commandSchema }, async (command) =>
  run(command, new TableTenantDirectory(await operatorTables('tenants'))),
);
