import { randomUUID } from 'node:crypto';
import { agentSchema } from '../../shared/domain/agent';
import { saveAgent } from '../../shared/services/agents';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * Requests a careless portal developer, a hostile tenant or a partner admin sends: customer tenant ids in another letter
 * case, a customer's name where its tenant id belongs, agent ids the case list reads as words, made-up ETags, tokens of
 * another list, months at the calendar's edges and near-JSON content types. Each answers a clear 4xx or does what the
 * caller meant, and loses nothing.
 */
const fabrikam = '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b';
/** The same Microsoft Entra tenant id as Partner Center or a copy from the Azure portal may spell it. */
const fabrikamUpper = fabrikam.toUpperCase();

const newCase = (customerTenantId: string, title: string) => ({
  title,
  description: 'Since 08:00 our VM vm-erp-01 fails to boot after a platform update.',
  product: 'azure',
  customer: { tenantId: customerTenantId, name: 'Fabrikam Ltd' },
  contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
});

const agentBody = (fields: Record<string, unknown> = {}) => ({
  name: 'Dana Agent',
  email: 'dana@contoso-partner.example',
  role: 'agent',
  entra: { tenantId: randomUUID(), objectId: randomUUID() },
  tiers: ['tier1'],
  ...fields,
});

const titlesOf = (body: { items?: { title: string }[] } | undefined): string[] =>
  (body?.items ?? []).map((item) => item.title).sort();

describe('the HTTP API under odd, careless and hostile requests', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  async function openCase(key: string, customerTenantId: string, title: string): Promise<{ id: string }> {
    const created = await desk.request('POST', '/api/cases', { key, body: newCase(customerTenantId, title) });
    if (created.status !== 201) throw new Error(`POST /api/cases answered ${created.status}: ${created.text}`);
    return created.body;
  }

  describe('customer tenant ids are GUIDs, which compare case-insensitively', () => {
    it('given a case opened for a customer, when an agent lists with the same customer id in upper case, then the case is listed', async () => {
      const { key: agent } = await desk.newTenantKey('agent');
      await openCase(agent, fabrikam, 'Opened with the lower-case id');
      await desk.host.idle();

      const listed = await desk.request('GET', `/api/cases?customer=${fabrikamUpper}`, { key: agent });

      expect(listed.status).toBe(200);
      expect(titlesOf(listed.body)).toEqual(['Opened with the lower-case id']);
    });

    it('given a portal key serving a customer, when an agent opened that customer a case with the id in upper case, then the portal reads and lists it', async () => {
      const { key: agent, tenantId } = await desk.newTenantKey('agent');
      const { key: admin } = await desk.newTenantKey('admin', tenantId);
      const issued = await desk.request('POST', '/api/keys', {
        key: admin,
        body: { role: 'portal', customerTenantIds: [fabrikam] },
      });
      expect(issued.status).toBe(201);
      const opened = await openCase(agent, fabrikamUpper, 'Opened by phone, id typed from Partner Center');
      await desk.host.idle();

      const read = await desk.request('GET', `/api/cases/${opened.id}`, { key: issued.body.secret });
      const listed = await desk.request('GET', '/api/cases', { key: issued.body.secret });

      expect({ read: read.status, listed: titlesOf(listed.body) }).toEqual({
        read: 200,
        listed: ['Opened by phone, id typed from Partner Center'],
      });
    });

    it('given a portal key serving a customer, when it opens a case with the customer id in upper case, then the case is opened', async () => {
      const { key: admin } = await desk.newTenantKey('admin');
      const issued = await desk.request('POST', '/api/keys', {
        key: admin,
        body: { role: 'portal', customerTenantIds: [fabrikam] },
      });

      const created = await desk.request('POST', '/api/cases', {
        key: issued.body.secret,
        body: newCase(fabrikamUpper, 'Portal sent the id as the Azure portal shows it'),
      });

      expect(created.status).toBe(201);
    });

    it('given two cases of one customer, one opened with its id in upper case, when the month is exported for billing, then the customer is one group with both cases', async () => {
      const { key: agent, tenantId } = await desk.newTenantKey('agent');
      const { key: admin } = await desk.newTenantKey('admin', tenantId);
      await openCase(agent, fabrikam, 'First case');
      await openCase(agent, fabrikamUpper, 'Second case');
      await desk.host.idle();
      const month = desk.desk.clock.now().toISOString().slice(0, 7);

      const exported = await desk.request('GET', `/api/billing?month=${month}`, { key: admin });

      expect(exported.status).toBe(200);
      const groups = exported.body.customers.map((group: { customer: { tenantId: string }; lines: unknown[] }) => ({
        tenantId: group.customer.tenantId.toLowerCase(),
        lines: group.lines.length,
      }));
      expect(groups).toEqual([{ tenantId: fabrikam, lines: 2 }]);
    });

    it('given an admin, when a portal key is requested for a customer id that is not a GUID, then 400 names the field and no key is issued', async () => {
      const { key: admin } = await desk.newTenantKey('admin');

      const issued = await desk.request('POST', '/api/keys', {
        key: admin,
        body: { role: 'portal', customerTenantIds: ['Fabrikam Ltd'] },
      });
      const keys = await desk.request('GET', '/api/keys', { key: admin });

      expect(issued.status).toBe(400);
      expect(issued.text).toContain('customerTenantIds');
      expect(keys.body.items.filter((key: { role: string }) => key.role === 'portal')).toEqual([]);
    });
  });

  describe('agent ids that the case list reads as words', () => {
    it.each(['none', 'me'])(
      'given an admin, when an agent with the id %p is put, then 400 (assignee=none and assignee=me are words of GET /api/cases) and no agent is stored',
      async (agentId) => {
        const { key: admin } = await desk.newTenantKey('admin');

        const put = await desk.request('PUT', `/api/agents/${agentId}`, { key: admin, body: agentBody() });
        const read = await desk.request('GET', `/api/agents/${agentId}`, { key: admin });

        expect({ put: put.status, read: read.status }).toEqual({ put: 400, read: 404 });
      },
    );

    it('given an agent stored as none before such ids were refused, when they list assignee=me, then they get the cases assigned to them, not every unassigned case', async () => {
      const { key: agent, tenantId } = await desk.newTenantKey('agent');
      await saveAgent(desk.desk, tenantId, 'none', agentSchema.parse(agentBody({ name: 'Nona Agent' })), undefined);
      const theirs = await openCase(agent, fabrikam, 'Assigned to Nona');
      await openCase(agent, fabrikam, 'Nobody has it yet');
      // Once triage and enrichment are done with it, so the write does not lose to theirs.
      await desk.host.idle();
      const stored = (await desk.desk.cases.get(tenantId, theirs.id))!;
      const assigned = await desk.desk.cases.update(stored, { ...stored.supportCase, assignee: 'none' }, []);
      expect(assigned.kind).toBe('saved');
      const login = new URLSearchParams({ tenant: tenantId, agent: 'none', post_login_redirect_uri: '/api/agents' });
      const signedIn = await fetch(`${desk.url}/.auth/login/dev?${login}`, { redirect: 'manual' });
      const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

      const mine = await desk.request('GET', '/api/cases?status=open&assignee=me', { headers: { cookie } });

      expect(mine.status).toBe(200);
      expect(titlesOf(mine.body)).toEqual(['Assigned to Nona']);
    });
  });

  describe('If-Match on PUT /api/agents/{agentId}', () => {
    it.each(['garbage', 'W/"abc"', '"a", "b"', `"${'x'.repeat(6000)}"`])(
      'given an agent, when it is put with the made-up If-Match %#, then 412 and the agent stays as it was',
      async (etag) => {
        const { key: admin } = await desk.newTenantKey('admin');
        const first = await desk.request('PUT', '/api/agents/kim', {
          key: admin,
          body: agentBody({ name: 'Kim One' }),
        });
        expect(first.status).toBe(201);

        const put = await desk.request('PUT', '/api/agents/kim', {
          key: admin,
          body: agentBody({ name: 'Kim Two' }),
          headers: { 'if-match': etag },
        });
        const read = await desk.request('GET', '/api/agents/kim', { key: admin });

        expect({ put: put.status, name: read.body.name }).toEqual({ put: 412, name: 'Kim One' });
      },
    );
  });

  describe('lists, tokens, months and content types', () => {
    it('given cases of one tenant, when they are paged two at a time in every sort and order, then each case comes exactly once', async () => {
      const { key: agent } = await desk.newTenantKey('agent');
      const opened: string[] = [];
      for (const title of ['one', 'two', 'three', 'four', 'five'])
        opened.push((await openCase(agent, fabrikam, title)).id);
      await desk.host.idle();

      for (const sort of ['due', 'created', 'updated', 'severity'])
        for (const order of ['asc', 'desc']) {
          const seen: string[] = [];
          let token: string | null = null;
          do {
            const tail: string = token ? `&continuationToken=${encodeURIComponent(token)}` : '';
            const page = await desk.request('GET', `/api/cases?sort=${sort}&order=${order}&pageSize=2${tail}`, {
              key: agent,
            });
            expect(page.status).toBe(200);
            seen.push(...page.body.items.map((item: { id: string }) => item.id));
            token = page.body.continuationToken;
          } while (token);
          expect({ sort, order, seen: [...seen].sort() }).toEqual({ sort, order, seen: [...opened].sort() });
        }
    });

    it('given an agent list token, when a portal key serving one customer sends it with the same filters, then 400', async () => {
      const { key: agent, tenantId } = await desk.newTenantKey('agent');
      const { key: admin } = await desk.newTenantKey('admin', tenantId);
      await openCase(agent, fabrikam, 'Fabrikam case');
      await openCase(agent, '4b1e3c2d-6f5a-4e7d-8c9b-0a1b2c3d4e5f', 'Contoso case');
      const portal = await desk.request('POST', '/api/keys', {
        key: admin,
        body: { role: 'portal', customerTenantIds: [fabrikam] },
      });
      const first = await desk.request('GET', '/api/cases?sort=created&pageSize=1', { key: agent });

      const reused = await desk.request(
        'GET',
        `/api/cases?sort=created&pageSize=1&continuationToken=${encodeURIComponent(first.body.continuationToken)}`,
        { key: portal.body.secret },
      );

      expect(reused.status).toBe(400);
      expect(reused.text).not.toContain('Contoso case');
    });

    it.each(['0000-01', '1999-12', '2026-00', '2026-13', '9999-12', '2026-1', '2026-011', '%202026-11', ''])(
      'given an admin, when billing is exported for month %p, then 400 names month',
      async (month) => {
        const { key: admin } = await desk.newTenantKey('admin');

        const exported = await desk.request('GET', `/api/billing?month=${month}&format=csv`, { key: admin });

        expect(exported.status).toBe(400);
        expect(exported.body.errors.map((error: { field: string }) => error.field)).toContain('month');
      },
    );

    it('given an admin, when billing is exported for the first and a far-future month, then 200 with no customers', async () => {
      const { key: admin } = await desk.newTenantKey('admin');

      const first = await desk.request('GET', '/api/billing?month=2000-01', { key: admin });
      const future = await desk.request('GET', '/api/billing?month=2999-12&format=csv', { key: admin });

      expect(first.status).toBe(200);
      expect(first.body.customers).toEqual([]);
      expect(future.status).toBe(200);
      expect(future.text.trim().split('\n')).toHaveLength(1);
    });

    it.each([
      ['a NUL', 'q=%00'],
      ['only punctuation', `q=${encodeURIComponent(`'"\\%`)}`],
      ['an emoji', `q=${encodeURIComponent('😀')}`],
      ['an OData filter', `q=${encodeURIComponent("PartitionKey eq 'x' or true")}`],
      ['200 accented letters', `q=${encodeURIComponent('é'.repeat(200))}`],
      ['a year-0 instant', 'updatedSince=0000-01-01T00:00:00Z'],
      ['the last instant of 9999', 'updatedSince=9999-12-31T23:59:59Z'],
      ['nanoseconds', 'updatedSince=2020-01-01T00:00:00.123456789Z'],
      ['a +14:00 offset', `updatedSince=${encodeURIComponent('2020-01-01T00:00:00+14:00')}`],
      ['pageSize 1e999', 'pageSize=1e999'],
      ['pageSize 2^66', 'pageSize=99999999999999999999'],
    ])('given a query with %s, when cases are listed, then 200 or 400, never 500', async (_, query) => {
      const { key: agent } = await desk.newTenantKey('agent');
      await openCase(agent, fabrikam, 'A case to search');

      const listed = await desk.request('GET', `/api/cases?${query}`, { key: agent });

      expect([200, 400]).toContain(listed.status);
    });

    it('given near-JSON content types, when a note is posted with each, then 415 and the timeline gains nothing', async () => {
      const { key: agent } = await desk.newTenantKey('agent');
      const opened = await openCase(agent, fabrikam, 'A case to note on');
      await desk.host.idle();
      const before = await desk.request('GET', `/api/cases/${opened.id}`, { key: agent });

      const statuses: number[] = [];
      for (const contentType of [
        'application/jsonp',
        'application/json, text/plain',
        'multipart/form-data; boundary=x',
      ])
        statuses.push(
          (
            await desk.request('POST', `/api/cases/${opened.id}/notes`, {
              key: agent,
              rawBody: JSON.stringify({ text: 'Sent with a near-JSON content type' }),
              headers: { 'content-type': contentType },
            })
          ).status,
        );
      const after = await desk.request('GET', `/api/cases/${opened.id}`, { key: agent });

      expect(statuses).toEqual([415, 415, 415]);
      expect(after.body.timeline).toHaveLength(before.body.timeline.length);
    });

    it.each([
      ['an unknown agent', 'nobody'],
      ['an inactive agent', 'gone'],
      ['an agent of another tenant', 'stranger'],
    ])(
      'given %s, when a case is assigned to them, then 400 names assignee and the case keeps its assignee',
      async (_, assignee) => {
        const { key: admin, tenantId } = await desk.newTenantKey('admin');
        const { key: agent } = await desk.newTenantKey('agent', tenantId);
        const { key: otherAdmin } = await desk.newTenantKey('admin');
        await desk.request('PUT', '/api/agents/gone', { key: admin, body: agentBody({ active: false }) });
        await desk.request('PUT', '/api/agents/stranger', { key: otherAdmin, body: agentBody() });
        const opened = await openCase(agent, fabrikam, 'Needs an owner');

        const assigned = await desk.request('POST', `/api/cases/${opened.id}/assignment`, {
          key: agent,
          body: { assignee },
        });
        const read = await desk.request('GET', `/api/cases/${opened.id}`, { key: agent });

        expect(assigned.status).toBe(400);
        expect(assigned.body.errors.map((error: { field: string }) => error.field)).toEqual(['assignee']);
        expect(read.body.assignee).toBeUndefined();
      },
    );
  });
});
