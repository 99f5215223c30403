import { randomUUID } from 'node:crypto';
import { endpoints } from '../../shared/api/endpoints';
import type { Endpoint } from '../../shared/api/endpoint';
import type { ApiKeyRole } from '../../shared/domain/apiKey';
import { secondDevTenantId, devTenantId, seedDevelopmentData } from '../../scripts/localHost/devSeed';
import { settingNames } from '../../shared/resourceNames';
import { startTestHost, type TestHost, type TestResponse } from '../support/testHost';
import { newCaseBody, seedCase, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

const everyone: ApiKeyRole[] = ['portal', 'agent', 'admin'];
const staff: ApiKeyRole[] = ['agent', 'admin'];
const admins: ApiKeyRole[] = ['admin'];

/** Who may call what, as the issue sets out the roles; every endpoint that takes a key must be listed here. */
const allowedRoles: Record<string, ApiKeyRole[]> = {
  createCase: everyone,
  listCases: everyone,
  listSharedCases: ['agent', 'admin'],
  getCase: everyone,
  transitionCase: everyone,
  addCustomerReply: ['portal'],
  updateCase: staff,
  replyToCase: staff,
  addCaseNote: staff,
  createEscalation: staff,
  updateEscalation: staff,
  listEscalations: staff,
  addLadderStep: staff,
  getOffering: staff,
  getTenantProfile: staff,
  getTriageRules: staff,
  getCustomer: staff,
  listIgnoredMail: staff,
  listThreadRefusals: staff,
  putOffering: admins,
  putTenantProfile: admins,
  putTriageRules: admins,
  tryTriageRules: admins,
  putCustomer: admins,
  createApiKey: admins,
  listApiKeys: admins,
  revokeApiKey: admins,
  eraseContact: admins,
  listErasures: admins,
  getBillingExport: admins,
  listAgents: staff,
  getAgent: staff,
  putAgent: admins,
  getCaseByNumber: everyone,
  getQueueSummary: staff,
  assignCase: staff,
  getSlaReport: staff,
};

const keyed = endpoints.filter((endpoint) => endpoint.access !== 'anyone');
const open = endpoints.filter((endpoint) => endpoint.access === 'anyone');

describe('roles and tenant isolation', () => {
  let desk: TestHost;
  let tenant: TenantKeys;
  let caseId: string;

  beforeAll(async () => {
    desk = await startTestHost();
    tenant = await tenantWithKeys(desk);
    caseId = (await seedCase(desk, tenant.tenantId, { status: 'in_progress' })).id;
  });
  afterAll(() => desk.stop());

  function pathOf(endpoint: Endpoint, values: Record<string, string>): string {
    return `/api/${endpoint.route.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeURIComponent(values[name] ?? 'unknown'))}`;
  }
  const call = (
    endpoint: Endpoint,
    key: string | undefined,
    values: Record<string, string>,
    body?: unknown,
  ): Promise<TestResponse> =>
    desk.request(endpoint.method, pathOf(endpoint, values), {
      key,
      body: endpoint.method === 'GET' || endpoint.method === 'DELETE' ? undefined : (body ?? {}),
    });

  describe('the role matrix', () => {
    it('given the endpoint catalogue, when compared with the role table, then every endpoint that takes a key has its roles set out', () => {
      expect(keyed.map((endpoint) => endpoint.name).sort()).toEqual(Object.keys(allowedRoles).sort());
    });

    it.each(keyed.map((endpoint) => [`${endpoint.method} /api/${endpoint.route}`, endpoint] as const))(
      'given each role, when it calls %s, then the roles allowed get past authorization and the others get 403',
      async (_route, endpoint) => {
        const values = { id: caseId, escalationId: 'esc-1', customerTenantId: randomUUID(), tenant: tenant.tenantId };
        const outcomes = await Promise.all(
          everyone.map(async (role) => ({ role, response: await call(endpoint, tenant[role], values) })),
        );
        for (const { role, response } of outcomes) {
          if (allowedRoles[endpoint.name]?.includes(role)) {
            expect({ role, refused: [401, 403].includes(response.status) }).toEqual({ role, refused: false });
          } else {
            expect({ role, status: response.status }).toEqual({ role, status: 403 });
            expect(response.headers.get('content-type')).toContain('application/problem+json');
          }
        }
      },
    );

    it.each(keyed.map((endpoint) => [`${endpoint.method} /api/${endpoint.route}`, endpoint] as const))(
      'given no key, when %s is called, then 401',
      async (_route, endpoint) => {
        expect((await call(endpoint, undefined, { id: caseId })).status).toBe(401);
      },
    );

    it.each(open.map((endpoint) => [`${endpoint.method} /api/${endpoint.route}`, endpoint] as const))(
      'given no key, when %s is called, then it answers without asking for one',
      async (_route, endpoint) => {
        expect((await call(endpoint, undefined, { tenant: tenant.tenantId })).status).not.toBe(401);
      },
    );
  });

  describe("another tenant's objects", () => {
    /** A valid request for each endpoint that names an object by id, as the other tenant's allowed role would send it. */
    const samples: Record<string, { role: ApiKeyRole; body?: unknown }> = {
      getCase: { role: 'agent' },
      updateCase: { role: 'agent', body: { severity: 'A', reason: 'mine now' } },
      transitionCase: { role: 'agent', body: { to: 'resolved' } },
      replyToCase: { role: 'agent', body: { text: 'Hello from elsewhere' } },
      addCustomerReply: { role: 'portal', body: { text: 'Hello from elsewhere' } },
      addCaseNote: { role: 'agent', body: { text: 'Hello from elsewhere' } },
      createEscalation: { role: 'agent', body: { reason: 'Not yours' } },
      updateEscalation: { role: 'agent', body: { status: 'closed' } },
      addLadderStep: { role: 'agent', body: { reason: 'Not yours' } },
      getCustomer: { role: 'admin' },
      revokeApiKey: { role: 'admin' },
      getAgent: { role: 'admin' },
      getCaseByNumber: { role: 'agent' },
      assignCase: { role: 'agent', body: { assignee: 'owners-agent' } },
    };
    /** Ids that name something of the caller's own tenant, or a public object, rather than another tenant's. */
    const notCrossTenant: Record<string, string> = {
      putCustomer: 'creates or replaces a customer of the caller’s own tenant',
      putAgent: 'creates or replaces an agent of the caller’s own tenant',
      getPublicOffering: 'public by design: the tenant id is the point',
    };

    it('given the catalogue, when every endpoint taking an id is looked at, then each is checked below or named as not about another tenant', () => {
      const withIds = endpoints.filter((endpoint) => endpoint.path).map((endpoint) => endpoint.name);
      expect(withIds.sort()).toEqual([...Object.keys(samples), ...Object.keys(notCrossTenant)].sort());
    });

    it('given tenant A owns a case with an escalation, a customer and keys, when tenant B uses their ids, then every endpoint answers 404 and A keeps everything', async () => {
      const owner = await tenantWithKeys(desk);
      const other = await tenantWithKeys(desk);
      const ownersCase = await seedCase(desk, owner.tenantId, { status: 'in_progress', category: 'billing' });
      expect(
        (
          await desk.request('POST', `/api/cases/${ownersCase.id}/escalations`, {
            key: owner.agent,
            body: { reason: 'Billing dispute' },
          })
        ).status,
      ).toBe(201);
      const customerTenantId = randomUUID();
      expect(
        (
          await desk.request('PUT', `/api/customers/${customerTenantId}`, {
            key: owner.admin,
            body: { name: 'Litware' },
          })
        ).status,
      ).toBe(201);
      const ownersKeyId = (await desk.request('GET', '/api/keys', { key: owner.admin })).body.items[0].keyId;
      const agentId = 'owners-agent';
      const agent = {
        name: 'Owner Agent',
        email: 'agent@owner.example',
        role: 'agent',
        entra: { tenantId: randomUUID(), objectId: randomUUID() },
      };
      expect((await desk.request('PUT', `/api/agents/${agentId}`, { key: owner.admin, body: agent })).status).toBe(201);
      const before = await desk.request('GET', `/api/cases/${ownersCase.id}`, { key: owner.agent });

      const values = {
        id: ownersCase.id,
        escalationId: 'esc-1',
        customerTenantId,
        agentId,
        caseNumber: ownersCase.caseNumber,
      };
      const attempts = await Promise.all(
        Object.entries(samples).map(async ([name, sample]) => {
          const endpoint = endpoints.find((candidate) => candidate.name === name) as Endpoint;
          const ids = name === 'revokeApiKey' ? { id: ownersKeyId } : values;
          return { name, status: (await call(endpoint, other[sample.role], ids, sample.body)).status };
        }),
      );

      expect(attempts).toEqual(Object.keys(samples).map((name) => ({ name, status: 404 })));
      const after = await desk.request('GET', `/api/cases/${ownersCase.id}`, { key: owner.agent });
      expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
      expect(
        (await desk.request('GET', '/api/keys', { key: owner.admin })).body.items.map(
          (key: { keyId: string }) => key.keyId,
        ),
      ).toContain(ownersKeyId);
      const otherList = await desk.request('GET', '/api/cases', { key: other.agent });
      expect(otherList.body.items).toEqual([]);
    });

    it('given the seeded development tenants, when one opens a case, then the second tenant can neither read nor list it', async () => {
      const seeded = await seedDevelopmentData(desk.desk);
      const key = (tenantId: string, role: ApiKeyRole): string =>
        seeded.find((entry) => entry.tenantId === tenantId && entry.role === role)?.secret ?? '';
      expect(seeded.map((entry) => `${entry.tenantId}:${entry.role}`).sort()).toEqual(
        [devTenantId, secondDevTenantId].flatMap((tenantId) => everyone.map((role) => `${tenantId}:${role}`)).sort(),
      );
      expect(key(secondDevTenantId, 'agent')).toBe(process.env[settingNames.devSecondTenantAgentApiKey]);

      const opened = await desk.request('POST', '/api/cases', { key: key(devTenantId, 'portal'), body: newCaseBody });
      const read = await desk.request('GET', `/api/cases/${opened.body.id}`, { key: key(secondDevTenantId, 'agent') });
      const listed = await desk.request('GET', '/api/cases?pageSize=100', { key: key(secondDevTenantId, 'admin') });

      expect(opened.status).toBe(201);
      expect(read.status).toBe(404);
      expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(opened.body.id);
    });
  });

  describe('API keys', () => {
    it('given an admin, when it issues a key, then the secret is shown once, works for its role, and is never listed', async () => {
      const admin = await tenantWithKeys(desk);

      const issued = await desk.request('POST', '/api/keys', {
        key: admin.admin,
        body: { role: 'agent', label: 'Ann (agent)' },
      });

      expect(issued.status).toBe(201);
      expect(issued.body).toMatchObject({
        tenantId: admin.tenantId,
        role: 'agent',
        label: 'Ann (agent)',
        secret: expect.stringMatching(/^csd_/),
      });
      const listed = await desk.request('GET', '/api/keys', { key: admin.admin });
      const entry = listed.body.items.find((item: { keyId: string }) => item.keyId === issued.body.keyId);
      expect(entry).toEqual({
        keyId: issued.body.keyId,
        tenantId: admin.tenantId,
        role: 'agent',
        label: 'Ann (agent)',
        createdAt: issued.body.createdAt,
      });
      expect(listed.text).not.toContain(issued.body.secret);
      const note = await desk.request('POST', `/api/cases/${(await seedCase(desk, admin.tenantId)).id}/notes`, {
        key: issued.body.secret,
        body: { text: 'Hi' },
      });
      expect(note.status).toBe(201);
      expect(note.body.timeline.at(-1).actor).toEqual({ kind: 'agent', id: issued.body.keyId, name: 'Ann (agent)' });
      expect((await desk.request('GET', '/api/keys', { key: issued.body.secret })).status).toBe(403);
    });

    it('given an issued key, when an admin revokes it, then its next request fails at once and it is no longer listed', async () => {
      const admin = await tenantWithKeys(desk);
      const issued = (await desk.request('POST', '/api/keys', { key: admin.admin, body: { role: 'portal' } })).body;
      expect((await desk.request('GET', '/api/cases', { key: issued.secret })).status).toBe(200);

      const revoked = await desk.request('DELETE', `/api/keys/${issued.keyId}`, { key: admin.admin });

      expect(revoked.status).toBe(204);
      expect((await desk.request('GET', '/api/cases', { key: issued.secret })).status).toBe(401);
      const listed = await desk.request('GET', '/api/keys', { key: admin.admin });
      expect(listed.body.items.map((item: { keyId: string }) => item.keyId)).not.toContain(issued.keyId);
      expect((await desk.request('DELETE', `/api/keys/${issued.keyId}`, { key: admin.admin })).status).toBe(404);
    });

    it('given an admin key, when it tries to revoke itself, then 409 and it keeps working', async () => {
      const admin = await tenantWithKeys(desk);
      const own = (await desk.request('GET', '/api/keys', { key: admin.admin })).body.items.find(
        (item: { role: string }) => item.role === 'admin',
      );

      const response = await desk.request('DELETE', `/api/keys/${own.keyId}`, { key: admin.admin });

      expect(response.status).toBe(409);
      expect((await desk.request('GET', '/api/keys', { key: admin.admin })).status).toBe(200);
    });

    it('given an unknown role, when a key is requested, then 400', async () => {
      const admin = await tenantWithKeys(desk);
      expect((await desk.request('POST', '/api/keys', { key: admin.admin, body: { role: 'root' } })).status).toBe(400);
    });
  });
});
