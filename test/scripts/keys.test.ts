import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startAzurite, type RunningAzurite } from '../../scripts/azurite';
import { freePort } from '../../scripts/freePort';
import { tableClientFactory } from '../../shared/adapters/tables/tableClients';
import { TableTenantDirectory } from '../../shared/adapters/tables/tableTenantDirectory';

const root = join(__dirname, '..', '..');

/** Runs `npm run keys -- <args>` as npm does (tsx scripts/keys.ts), with the given environment on top of ours. */
function runKeys(args: string[], environment: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(root, 'scripts', 'keys.ts'), ...args], {
      cwd: root,
      env: { ...process.env, ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run keys', () => {
  let azurite: RunningAzurite;

  beforeAll(async () => {
    azurite = await startAzurite({ port: await freePort() });
  });
  afterAll(() => azurite.stop());

  it('given npm start moved Azurite with AZURITE_TABLE_PORT, when keys run with UseDevelopmentStorage=true, then they reach that Azurite', async () => {
    const environment = { AZURITE_TABLE_PORT: String(azurite.port), CaseStorage: 'UseDevelopmentStorage=true' };
    const tables = tableClientFactory({ kind: 'connectionString', connectionString: azurite.connectionString });
    await tables('tenants').createTable();
    await new TableTenantDirectory(tables).saveProfile('keys-port-test', {
      name: 'Keys Port Test',
      supportAddresses: [],
      agentAddresses: [],
    });

    const created = await runKeys(
      ['create', '--tenant', 'keys-port-test', '--role', 'admin', '--label', 'port test'],
      environment,
    );
    expect(created.output).toMatch(/Issued admin key/);
    expect(created.code).toBe(0);

    const listed = await runKeys(['list', '--tenant', 'keys-port-test'], environment);
    expect(listed.code).toBe(0);
    expect(listed.output).toMatch(/admin .*port test/);
  }, 60_000);
});
