import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startAzurite, type RunningAzurite } from '../../scripts/azurite';
import { freePort } from '../../scripts/freePort';
import { tableClientFactory } from '../../shared/adapters/tables/tableClients';
import { TableTenantDirectory } from '../../shared/adapters/tables/tableTenantDirectory';
import { azuriteConnectionString } from '../../shared/config';

const root = join(__dirname, '..', '..');

/** Runs `npm run mailboxes -- <args>` as npm does (tsx scripts/mailboxes.ts), against the given Azurite. */
function runMailboxes(args: string[], port: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(root, 'scripts', 'mailboxes.ts'), ...args], {
      cwd: root,
      env: { ...process.env, AZURITE_TABLE_PORT: String(port), CaseStorage: 'UseDevelopmentStorage=true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run mailboxes', () => {
  let azurite: RunningAzurite;

  beforeAll(async () => {
    azurite = await startAzurite({ port: await freePort() });
  });
  afterAll(() => azurite.stop());

  it('given a tenant admin claimed a mailbox, when the operator lists and confirms it, then it routes mail to that tenant', async () => {
    const tables = tableClientFactory({
      kind: 'connectionString',
      connectionString: azuriteConnectionString(azurite.port),
    });
    await tables('tenants').createTable();
    const directory = new TableTenantDirectory(tables);
    await directory.claimProfile('claiming-partner', {
      name: 'Claiming Partner',
      supportAddresses: ['help@claiming.example'],
      agentAddresses: [],
    });
    expect(await directory.tenantForMailbox('help@claiming.example')).toBeUndefined();

    const pending = await runMailboxes(['pending'], azurite.port);
    expect(pending.output).toContain('help@claiming.example  claimed by tenant claiming-partner');

    const confirmed = await runMailboxes(
      ['confirm', '--tenant', 'claiming-partner', '--address', 'help@claiming.example'],
      azurite.port,
    );
    expect(confirmed.code).toBe(0);
    expect(await new TableTenantDirectory(tables).tenantForMailbox('help@claiming.example')).toBe('claiming-partner');

    const wrongTenant = await runMailboxes(
      ['confirm', '--tenant', 'someone-else', '--address', 'help@claiming.example'],
      azurite.port,
    );
    expect(wrongTenant.code).toBe(1);
  }, 60_000);
});
