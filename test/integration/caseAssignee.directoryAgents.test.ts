import { startTestHost, type TestHost, type TestResponse } from '../support/testHost';
import { caseHandedToProvider, putDirectoryAgent, seedCase, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * A case's assignee is an agent the agents directory knows, active, of the tenant that works the case: its own tenant,
 * or the provider a reseller's escalation ladder handed it to (README "Partner tenant step"). Both ways of setting it,
 * PATCH /api/cases/{id} and POST /api/cases/{id}/assignment, answer anything else with a 400 naming `assignee`, as the
 * desk answers other well-formed references to nothing (an unknown plan id on PUT /api/customers), and change nothing.
 * Cases stored with an assignee from before (any string a correction could set then) still read and list.
 */
describe('a case is assigned only to an agent the directory knows', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  /** A tenant with keys, an active agent `kim`, an inactive agent `lee`, and another tenant whose agent is `stranger`. */
  async function tenantWithAgents(): Promise<TenantKeys> {
    const tenant = await tenantWithKeys(desk);
    const other = await desk.newTenantKey('admin');
    await putDirectoryAgent(desk, tenant.admin, 'kim', 'Kim Agent');
    await putDirectoryAgent(desk, tenant.admin, 'lee', 'Lee Former', false);
    await putDirectoryAgent(desk, other.key, 'stranger', 'Stranger Elsewhere');
    return tenant;
  }

  const patch = (key: string, caseId: string, body: unknown): Promise<TestResponse> =>
    desk.request('PATCH', `/api/cases/${caseId}`, { key, body });
  const read = (key: string, caseId: string): Promise<TestResponse> =>
    desk.request('GET', `/api/cases/${caseId}`, { key });
  const fieldsOf = (problem: TestResponse): string[] =>
    (problem.body?.errors ?? []).map((error: { field: string }) => error.field);

  describe('PATCH /api/cases/{id}', () => {
    it.each([
      ['an id nobody has', 'nobody'],
      ['an inactive agent', 'lee'],
      ['an agent of another tenant', 'stranger'],
      ['a name that is no agent id', '~night-shift'],
      ['a name with letters beyond ASCII', 'Ölaf'],
      ['an agent id in other letter case', 'Kim'],
    ])(
      'given %s, when an agent corrects a case’s assignee and severity to it, then 400 names assignee and neither field changes',
      async (_, assignee) => {
        const tenant = await tenantWithAgents();
        const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });

        const refused = await patch(tenant.agent, supportCase.id, { severity: 'A', assignee, reason: 'Handed over' });

        expect(refused.status).toBe(400);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        expect(fieldsOf(refused)).toEqual(['assignee']);
        const after = (await read(tenant.agent, supportCase.id)).body;
        expect(after.assignee).toBeUndefined();
        expect(after.severity).toBe('B');
        expect(after.timeline.filter((entry: { type: string }) => entry.type === 'fieldChanged')).toEqual([]);
      },
    );

    it('given an active agent of the tenant, when an agent corrects the assignee to them, then 200 and the case is theirs', async () => {
      const tenant = await tenantWithAgents();
      const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });

      const assigned = await patch(tenant.agent, supportCase.id, { assignee: 'kim', reason: 'Kim knows the customer' });

      expect(assigned.status).toBe(200);
      expect(assigned.body.assignee).toBe('kim');
      expect(assigned.body.timeline.at(-1).data).toEqual({
        field: 'assignee',
        from: null,
        to: 'kim',
        reason: 'Kim knows the customer',
      });
    });

    it('given a case of an agent who left, when the assignee is corrected to null, then 200 and nobody has the case', async () => {
      const tenant = await tenantWithAgents();
      const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress', assignee: 'lee' });

      const released = await patch(tenant.agent, supportCase.id, { assignee: null, reason: 'Lee left' });

      expect(released.status).toBe(200);
      expect(released.body.assignee).toBeUndefined();
    });
  });

  describe('staff who work under their own API key', () => {
    it.each(['PATCH', 'POST'])(
      'given an agent key, when it gives a case to itself (its key id, as assignee=me reads it) by %s, then 200; to another key of the tenant, then 400 naming assignee',
      async (method) => {
        const tenant = await tenantWithAgents();
        const { key: colleague } = await desk.newTenantKey('agent', tenant.tenantId);
        const me = async (key: string): Promise<string> =>
          (await desk.request('GET', '/api/queues/summary', { key })).body.me;
        const assign = (caseId: string, assignee: string): Promise<TestResponse> =>
          method === 'PATCH'
            ? patch(tenant.agent, caseId, { assignee, reason: 'Taking it' })
            : desk.request('POST', `/api/cases/${caseId}/assignment`, { key: tenant.agent, body: { assignee } });
        const mine = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
        const theirs = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });

        const taken = await assign(mine.id, await me(tenant.agent));
        const refused = await assign(theirs.id, await me(colleague));

        expect(taken.status).toBe(200);
        expect(taken.body.assignee).toBe(await me(tenant.agent));
        expect(refused.status).toBe(400);
        expect(fieldsOf(refused)).toEqual(['assignee']);
        expect((await read(tenant.agent, theirs.id)).body.assignee).toBeUndefined();
      },
    );
  });

  describe('POST /api/cases/{id}/assignment', () => {
    it.each([
      ['an id nobody has', 'nobody'],
      ['an inactive agent', 'lee'],
      ['an agent of another tenant', 'stranger'],
      ['a name that is no agent id', '~night-shift'],
    ])(
      'given %s, when a case is assigned to it, then 400 names assignee and nobody has the case',
      async (_, assignee) => {
        const tenant = await tenantWithAgents();
        const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });

        const refused = await desk.request('POST', `/api/cases/${supportCase.id}/assignment`, {
          key: tenant.agent,
          body: { assignee },
        });

        expect(refused.status).toBe(400);
        expect(fieldsOf(refused)).toEqual(['assignee']);
        expect((await read(tenant.agent, supportCase.id)).body.assignee).toBeUndefined();
      },
    );
  });

  describe('a case a reseller handed to its provider', () => {
    it('given a handed case, when a provider agent corrects its assignee to an agent of the provider, then 200 and the case is theirs', async () => {
      const { caseId, providerAgent, resellerAdmin } = await caseHandedToProvider(desk);

      const assigned = await patch(providerAgent, caseId, { assignee: 'pia', reason: 'Pia takes it' });

      expect(assigned.status).toBe(200);
      expect(assigned.body.assignee).toBe('pia');
      expect((await read(resellerAdmin, caseId)).body.assignee).toBe('pia');
    });

    it('given a handed case, when a provider agent corrects its assignee to an id only the reseller has, then 400 names assignee and the case keeps no assignee', async () => {
      const { caseId, providerAgent, resellerAdmin } = await caseHandedToProvider(desk);

      const refused = await patch(providerAgent, caseId, { assignee: 'rex', reason: 'Back to the reseller' });

      expect(refused.status).toBe(400);
      expect(fieldsOf(refused)).toEqual(['assignee']);
      expect(refused.text).not.toContain('Rex Reseller');
      expect((await read(resellerAdmin, caseId)).body.assignee).toBeUndefined();
    });
  });

  describe('an assignee stored before it had to be an agent', () => {
    it.each(['~night-shift', 'Ölaf', 'zoë'])(
      'given an open case stored with the assignee %p, when it is read, listed and corrected in another field, then each answers 200 with that assignee',
      async (assignee) => {
        const tenant = await tenantWithAgents();
        const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress', assignee });

        const got = await read(tenant.agent, supportCase.id);
        const open = await desk.request('GET', '/api/cases?status=open', { key: tenant.agent });
        const theirs = await desk.request('GET', `/api/cases?status=open&assignee=${encodeURIComponent(assignee)}`, {
          key: tenant.agent,
        });
        const corrected = await patch(tenant.agent, supportCase.id, { severity: 'A', reason: 'Production is down' });

        expect(got.status).toBe(200);
        expect(got.body.assignee).toBe(assignee);
        expect(open.body.items.map((item: { id: string }) => item.id)).toEqual([supportCase.id]);
        expect(theirs.body.items.map((item: { id: string }) => item.id)).toEqual([supportCase.id]);
        expect(corrected.status).toBe(200);
        expect(corrected.body).toMatchObject({ severity: 'A', assignee });
      },
    );
  });
});
