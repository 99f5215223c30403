import { randomUUID } from 'node:crypto';
import { TableAgentDirectory } from '../../shared/adapters/tables/tableAgentDirectory';
import type { Agent } from '../../shared/domain/agent';
import { EntraIdentityTakenError } from '../../shared/ports/agentDirectory';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';

/** An agent as an admin puts it; each call a new Microsoft Entra identity unless one is given. */
const agentBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'Kim Agent',
  email: 'Kim.Agent@Contoso-Partner.example',
  role: 'agent',
  entra: { tenantId: randomUUID(), objectId: randomUUID() },
  tiers: ['tier1'],
  ...overrides,
});

describe('agents directory: admins manage the people who sign in with Microsoft Entra ID', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  it('given an admin, when an agent is put, read and put again, then 201, 200 with the record and ETag, then 200 with a new version', async () => {
    const { key: admin, tenantId } = await desk.newTenantKey('admin');
    const body = agentBody({
      serviceHours: { timeZone: 'Europe/Berlin', weekly: [{ day: 'mon', start: '08:00', end: '17:00' }] },
    });

    const created = await desk.request('PUT', '/api/agents/kim', { key: admin, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'kim',
      tenantId,
      name: 'Kim Agent',
      email: 'kim.agent@contoso-partner.example',
      role: 'agent',
      tiers: ['tier1'],
      active: true,
    });
    const read = await desk.request('GET', '/api/agents/kim', { key: admin });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(read.headers.get('etag')).toBe(created.headers.get('etag'));

    const replaced = await desk.request('PUT', '/api/agents/kim', {
      key: admin,
      body: { ...body, tiers: ['tier1', 'tier2'] },
      headers: { 'if-match': String(read.headers.get('etag')) },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.tiers).toEqual(['tier1', 'tier2']);
    expect(replaced.headers.get('etag')).not.toBe(read.headers.get('etag'));
  });

  it('given a stale If-Match, when an agent is put, then 412 and the agent stays as it was', async () => {
    const { key: admin } = await desk.newTenantKey('admin');
    const first = await desk.request('PUT', '/api/agents/robin', { key: admin, body: agentBody() });
    await desk.request('PUT', '/api/agents/robin', { key: admin, body: agentBody({ name: 'Robin Second' }) });

    const stale = await desk.request('PUT', '/api/agents/robin', {
      key: admin,
      body: agentBody({ name: 'Robin Stale' }),
      headers: { 'if-match': String(first.headers.get('etag')) },
    });
    expect(stale.status).toBe(412);
    expect((await desk.request('GET', '/api/agents/robin', { key: admin })).body.name).toBe('Robin Second');
  });

  it('given agents of two tenants, when each tenant lists its agents, then it sees only its own, ordered by id', async () => {
    const { key: admin, tenantId } = await desk.newTenantKey('admin');
    const { key: agent } = await desk.newTenantKey('agent', tenantId);
    const { key: otherAdmin } = await desk.newTenantKey('admin');
    await desk.request('PUT', '/api/agents/zoe', { key: admin, body: agentBody({ name: 'Zoe' }) });
    await desk.request('PUT', '/api/agents/ada', { key: admin, body: agentBody({ name: 'Ada', active: false }) });
    await desk.request('PUT', '/api/agents/ada', { key: otherAdmin, body: agentBody({ name: 'Other Ada' }) });

    const listed = await desk.request('GET', '/api/agents', { key: agent });
    expect(listed.status).toBe(200);
    expect(listed.body.agents.map((a: { id: string; name: string }) => [a.id, a.name])).toEqual([
      ['ada', 'Ada'],
      ['zoe', 'Zoe'],
    ]);
    expect(await desk.desk.agents.listAgents(tenantId)).toHaveLength(2);
  });

  it('given an agent key, when it puts an agent, then 403 and nothing is stored; it may read', async () => {
    const { key: agent } = await desk.newTenantKey('agent');
    const refused = await desk.request('PUT', '/api/agents/mallory', {
      key: agent,
      body: agentBody({ role: 'admin' }),
    });
    expect(refused.status).toBe(403);
    expect((await desk.request('GET', '/api/agents/mallory', { key: agent })).status).toBe(404);
  });

  it('given an Entra identity another agent holds, on this or another tenant, when put, then 409 and neither agent changes', async () => {
    const { key: admin } = await desk.newTenantKey('admin');
    const { key: otherAdmin } = await desk.newTenantKey('admin');
    const entra = { tenantId: randomUUID(), objectId: randomUUID() };
    expect((await desk.request('PUT', '/api/agents/kim', { key: admin, body: agentBody({ entra }) })).status).toBe(201);

    const sameTenant = await desk.request('PUT', '/api/agents/kim2', { key: admin, body: agentBody({ entra }) });
    // Same identity in upper case: GUIDs compare case-insensitively.
    const upper = { tenantId: entra.tenantId.toUpperCase(), objectId: entra.objectId.toUpperCase() };
    const otherTenant = await desk.request('PUT', '/api/agents/kim', {
      key: otherAdmin,
      body: agentBody({ entra: upper }),
    });

    expect(sameTenant.status).toBe(409);
    expect(otherTenant.status).toBe(409);
    expect(otherTenant.body.detail).toMatch(/already another agent/);
    expect((await desk.request('GET', '/api/agents/kim2', { key: admin })).status).toBe(404);
    expect((await desk.request('GET', '/api/agents/kim', { key: otherAdmin })).status).toBe(404);
    expect((await desk.desk.agents.findByEntraIdentity(entra))?.id).toBe('kim');
  });

  it('given an agent whose Entra identity changes, when put, then the old identity is free for another agent and the new one finds them', async () => {
    const { key: admin, tenantId } = await desk.newTenantKey('admin');
    const before = { tenantId: randomUUID(), objectId: randomUUID() };
    const after = { tenantId: before.tenantId, objectId: randomUUID() };
    await desk.request('PUT', '/api/agents/kim', { key: admin, body: agentBody({ entra: before }) });

    expect(
      (await desk.request('PUT', '/api/agents/kim', { key: admin, body: agentBody({ entra: after }) })).status,
    ).toBe(200);
    expect(await desk.desk.agents.findByEntraIdentity(before)).toBeUndefined();
    expect(await desk.desk.agents.findByEntraIdentity(after)).toMatchObject({ id: 'kim', tenantId });
    const taken = await desk.request('PUT', '/api/agents/lee', { key: admin, body: agentBody({ entra: before }) });
    expect(taken.status).toBe(201);
  });

  it('given a claim whose agent was never written (its writer failed in between), when another agent claims the identity, then it is refused for five minutes and then taken over', async () => {
    const clock = new ManualClock();
    const directory = new TableAgentDirectory(desk.desk.tables, clock);
    const entra = { tenantId: randomUUID(), objectId: randomUUID() };
    await desk.desk.tables('tenants').createEntity({
      partitionKey: `entra|${entra.tenantId}`,
      rowKey: entra.objectId,
      TenantId: 'tenant-that-failed',
      AgentId: 'never-written',
      ClaimedAt: clock.now().toISOString(),
    });
    const claimant: Agent = {
      id: 'late',
      tenantId: `tenant-${randomUUID().slice(0, 8)}`,
      name: 'Late Claimant',
      email: 'late@x.example',
      role: 'agent',
      entra,
      tiers: [],
      active: true,
      updatedAt: clock.now().toISOString(),
    };

    clock.advance(4 * 60_000);
    await expect(directory.put(claimant)).rejects.toBeInstanceOf(EntraIdentityTakenError);
    clock.advance(2 * 60_000);
    await directory.put(claimant);
    expect(await directory.findByEntraIdentity(entra)).toMatchObject({ id: 'late', tenantId: claimant.tenantId });
  });

  it('given a portal role, a Microsoft tier, an id that is no slug or a missing identity, when put, then 400 naming the field', async () => {
    const { key: admin } = await desk.newTenantKey('admin');
    const portalRole = await desk.request('PUT', '/api/agents/kim', {
      key: admin,
      body: agentBody({ role: 'portal' }),
    });
    const microsoftTier = await desk.request('PUT', '/api/agents/kim', {
      key: admin,
      body: agentBody({ tiers: ['microsoft'] }),
    });
    const badId = await desk.request('PUT', '/api/agents/Kim%20Agent', { key: admin, body: agentBody() });
    const { entra: _entra, ...withoutIdentity } = agentBody();
    const noIdentity = await desk.request('PUT', '/api/agents/kim', { key: admin, body: withoutIdentity });

    for (const response of [portalRole, microsoftTier, badId, noIdentity]) expect(response.status).toBe(400);
    expect(JSON.stringify(noIdentity.body.errors)).toMatch(/entra/);
  });
});
