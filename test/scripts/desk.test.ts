import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../shared/adapters/systemClock';
import { TableAgentDirectory } from '../../shared/adapters/tables/tableAgentDirectory';
import { TableApiKeyStore } from '../../shared/adapters/tables/tableApiKeyStore';
import { tableClientFactory, type TableClientFactory } from '../../shared/adapters/tables/tableClients';
import { defaultsEtag, TableTenantDirectory } from '../../shared/adapters/tables/tableTenantDirectory';
import { hashApiKey } from '../../shared/domain/apiKey';
import { defaultSupportOffering } from '../../shared/domain/offering/defaultOffering';

const root = join(__dirname, '..', '..');

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an operator CLI as npm does (`npm run desk` is tsx scripts/desk.ts) against the Azurite of the jest global
 * setup (CaseStorage), never a deployment named in the caller's shell.
 */
function runScript(script: 'desk' | 'keys', args: string[]): Promise<CommandResult> {
  const environment: NodeJS.ProcessEnv = { ...process.env };
  delete environment.CaseStorage__tableServiceUri;
  delete environment.CaseStorage__clientId;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(root, 'scripts', `${script}.ts`), ...args], {
      cwd: root,
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const uniqueTenant = (name: string): string => `${name}-${randomBytes(4).toString('hex')}`;
const secretIn = (output: string): string | undefined => /(csd_[A-Za-z0-9_-]+)/.exec(output)?.[1];

describe('npm run desk -- init', () => {
  let tables: TableClientFactory;
  let workDir: string;

  beforeAll(() => {
    tables = tableClientFactory({ kind: 'connectionString', connectionString: process.env.CaseStorage ?? '' });
    workDir = mkdtempSync(join(tmpdir(), 'desk-init-'));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  const entraTenant = '4d1e7a2c-6b3f-4c8e-9a1d-2f5b7c9e0a11';
  const initArguments = (tenant: string, objectId: string): string[] => [
    'init',
    '--tenant',
    tenant,
    '--name',
    'Contoso IT Services',
    '--support-address',
    `support@${tenant}.example`,
    '--agent-email',
    `kim@${tenant}.example`,
    '--agent-entra-tenant',
    entraTenant,
    '--agent-object-id',
    objectId,
    '--agent-name',
    'Kim Admin',
  ];

  it('given a new tenant, when the operator runs init, then profile, offering, mailbox, first agent and one admin key exist, and the secret is printed once', async () => {
    const tenant = uniqueTenant('desk-init');
    const objectId = '0b6e2f41-8c3d-4a57-9e12-6f4d8a2b7c11';

    const result = await runScript('desk', initArguments(tenant, objectId));

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/profile\s+created\s+Contoso IT Services/);
    expect(result.stdout).toMatch(/offering\s+created\s+from the sample offering/);
    expect(result.stdout).toMatch(new RegExp(`mailbox\\s+created\\s+support@${tenant}\\.example routes mail`));
    expect(result.stdout).toMatch(/agent\s+created\s+kim \(Kim Admin, admin, tier1 \+ tier2\)/);
    expect(result.stdout).toMatch(/admin key\s+created\s+key-/);

    const tenants = new TableTenantDirectory(tables);
    expect((await tenants.versionedProfile(tenant))?.value).toEqual({
      name: 'Contoso IT Services',
      supportAddresses: [`support@${tenant}.example`],
      agentAddresses: [`kim@${tenant}.example`],
    });
    expect(await tenants.tenantForMailbox(`support@${tenant}.example`)).toBe(tenant);
    const offering = await tenants.versionedOffering(tenant);
    expect(offering.etag).not.toBe(defaultsEtag);
    expect(offering.value).toEqual(defaultSupportOffering());
    const agents = new TableAgentDirectory(tables, systemClock);
    expect(await agents.findByEntraIdentity({ tenantId: entraTenant, objectId })).toMatchObject({
      id: 'kim',
      tenantId: tenant,
      role: 'admin',
      email: `kim@${tenant}.example`,
    });
    const apiKeys = new TableApiKeyStore(tables);
    const keys = await apiKeys.listForTenant(tenant);
    expect(keys).toHaveLength(1);
    const secret = secretIn(result.stdout);
    expect(secret).toBeDefined();
    expect(await apiKeys.findByHash(hashApiKey(secret ?? ''))).toMatchObject({ tenantId: tenant, role: 'admin' });
  }, 60_000);

  it('given an initialised tenant, when init runs again, then every part exists, nothing changes and no second key or secret appears', async () => {
    const tenant = uniqueTenant('desk-again');
    const objectId = '0b6e2f41-8c3d-4a57-9e12-6f4d8a2b7c12';
    expect((await runScript('desk', initArguments(tenant, objectId))).code).toBe(0);
    const tenants = new TableTenantDirectory(tables);
    const profileBefore = await tenants.versionedProfile(tenant);
    const offeringBefore = await tenants.versionedOffering(tenant);
    const agentBefore = await new TableAgentDirectory(tables, systemClock).get(tenant, 'kim');

    const again = await runScript('desk', initArguments(tenant, objectId));

    expect(again.code).toBe(0);
    for (const part of ['profile', 'offering', 'mailbox', 'agent', 'admin key']) {
      expect(again.stdout).toMatch(new RegExp(`${part}\\s+exists`));
    }
    expect(again.stdout).not.toMatch(/created/);
    expect(secretIn(again.stdout)).toBeUndefined();
    expect((await tenants.versionedProfile(tenant))?.etag).toBe(profileBefore?.etag);
    expect((await tenants.versionedOffering(tenant)).etag).toBe(offeringBefore.etag);
    expect((await new TableAgentDirectory(tables, systemClock).get(tenant, 'kim'))?.etag).toBe(agentBefore?.etag);
    expect(await new TableApiKeyStore(tables).listForTenant(tenant)).toHaveLength(1);

    const newKey = await runScript('desk', [...initArguments(tenant, objectId), '--new-admin-key']);

    expect(newKey.code).toBe(0);
    expect(secretIn(newKey.stdout)).toBeDefined();
    expect(await new TableApiKeyStore(tables).listForTenant(tenant)).toHaveLength(2);
  }, 90_000);

  it('given an offering file, when it is a valid offering, then it is the tenant offering; when a field is wrong, then init fails naming the field and writes nothing', async () => {
    const validFile = join(workDir, 'offering.json');
    const own = JSON.parse(JSON.stringify(defaultSupportOffering())) as ReturnType<typeof defaultSupportOffering>;
    own.services.azure.serviceHours.timeZone = 'Europe/Vienna';
    writeFileSync(validFile, JSON.stringify(own));
    const withFile = uniqueTenant('desk-offering');

    const stored = await runScript('desk', [
      'init',
      '--tenant',
      withFile,
      '--name',
      'Own Offering',
      '--offering',
      validFile,
    ]);

    expect(stored.code).toBe(0);
    expect(stored.stdout).toContain(`offering   created  from ${validFile}`);
    const storedOffering = (await new TableTenantDirectory(tables).versionedOffering(withFile)).value;
    expect(storedOffering.services.azure.serviceHours.timeZone).toBe('Europe/Vienna');
    expect(storedOffering).toEqual(own);

    const badFile = join(workDir, 'bad-offering.json');
    const bad = JSON.parse(JSON.stringify(defaultSupportOffering())) as {
      services: { azure: { serviceHours: object } };
    };
    bad.services.azure.serviceHours = { ...bad.services.azure.serviceHours, timeZone: 42 };
    writeFileSync(badFile, JSON.stringify(bad));
    const rejected = uniqueTenant('desk-bad-offering');

    const refused = await runScript('desk', [
      'init',
      '--tenant',
      rejected,
      '--name',
      'Bad Offering',
      '--offering',
      badFile,
    ]);

    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(`--offering ${badFile} is not a support offering`);
    expect(refused.stderr).toContain('services.azure.serviceHours.timeZone');
    expect(await new TableTenantDirectory(tables).versionedProfile(rejected)).toBeUndefined();
    expect(await new TableApiKeyStore(tables).listForTenant(rejected)).toEqual([]);
  }, 60_000);

  it('given bad options, when init runs, then it exits 1 with one line listing each option to fix', async () => {
    const result = await runScript('desk', [
      'init',
      '--tenant',
      'Not A Slug',
      '--name',
      'Partner',
      '--agent-email',
      'kim@partner.example',
    ]);

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--tenant: a tenant id is');
    expect(result.stderr).toContain('--agent-entra-tenant: required for the first agent');
    expect(result.stderr).toContain('--agent-object-id: required for the first agent');
  }, 30_000);
});

describe('npm run keys -- create', () => {
  it('given a tenant that has no profile, when a key is created for it, then it fails naming npm run desk -- init and issues no key', async () => {
    const tenant = uniqueTenant('keys-unknown');

    const result = await runScript('keys', ['create', '--tenant', tenant, '--role', 'admin']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Tenant ${tenant} does not exist on this desk`);
    expect(result.stderr).toContain(`npm run desk -- init --tenant ${tenant}`);
    const tables = tableClientFactory({ kind: 'connectionString', connectionString: process.env.CaseStorage ?? '' });
    expect(await new TableApiKeyStore(tables).listForTenant(tenant)).toEqual([]);
  }, 30_000);
});
