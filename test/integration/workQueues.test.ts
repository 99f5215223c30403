import { randomUUID } from 'node:crypto';
import { openSlaCase, runSweep, slaTenant, type SlaTenant } from '../fixtures/sla/slaDesk';
import { slaTestOffering } from '../fixtures/sla/slaOffering';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * Agents find their work: GET /api/cases filters and sorts by what a queue needs, GET /api/queues/summary counts the
 * named views, a case number resolves to its case, and cases are assigned to agents of the directory. Every view is
 * read from index rows kept in the case's own transaction, so a case is in a view exactly when its row says so.
 * Service hours as in slaTestOffering: Berlin Monday to Friday 08:00-18:00; severity A 30 minutes around the clock,
 * B 60 business minutes (warning at 45), C 120. The clock runs in January 2036, a week no other file uses.
 */
const contoso = '4b1e3c2d-6f5a-4e7d-8c9b-0a1b2c3d4e5f';
const fabrikam = '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b';

interface Listed {
  id: string;
  caseNumber: string;
  severity?: string;
  assignee?: string;
  createdAt: string;
  sla?: { nextDueAt: string | null };
}

describe('work queues: agents find and work their cases', () => {
  const clock = new ManualClock('2036-01-07T08:00:00Z');
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ clock });
  });
  afterAll(() => desk.stop());

  async function at(instant: string): Promise<void> {
    clock.set(instant);
    await desk.host.idle();
  }

  async function list(tenant: SlaTenant, query: string, key = tenant.agentKey): Promise<Listed[]> {
    const answer = await desk.request('GET', `/api/cases?${query}`, { key });
    if (answer.status !== 200) throw new Error(`GET /api/cases?${query} answered ${answer.status}: ${answer.text}`);
    return answer.body.items;
  }

  const idsOf = (cases: readonly { id: string }[]): string[] => cases.map((listed) => listed.id);

  async function openCase(
    tenant: SlaTenant,
    fields: {
      title: string;
      severity: 'A' | 'B' | 'C';
      product?: string;
      customer?: [string, string];
      description?: string;
    },
  ): Promise<Listed> {
    const [customerTenantId, customerName] = fields.customer ?? [contoso, 'Contoso GmbH'];
    const created = await desk.request('POST', '/api/cases', {
      key: tenant.agentKey,
      body: {
        title: fields.title,
        description: fields.description ?? 'Details follow in the description of the request.',
        product: fields.product ?? 'azure',
        severity: fields.severity,
        category: 'technical',
        customer: { tenantId: customerTenantId, name: customerName },
        contact: { name: 'Ann Example', email: `ann-${randomUUID().slice(0, 6)}@example.com` },
      },
    });
    if (created.status !== 201) throw new Error(`POST /api/cases answered ${created.status}: ${created.text}`);
    return created.body;
  }

  async function summaryOf(key: string): Promise<Record<string, number>> {
    const answer = await desk.request('GET', '/api/queues/summary', { key });
    expect(answer.status).toBe(200);
    return Object.fromEntries(
      answer.body.views.map((view: { name: string; count: number }) => [view.name, view.count]),
    );
  }

  async function putAgent(tenant: SlaTenant, agentId: string, overrides: Record<string, unknown> = {}): Promise<void> {
    const answer = await desk.request('PUT', `/api/agents/${agentId}`, {
      key: tenant.adminKey,
      body: {
        name: `Agent ${agentId}`,
        email: `${agentId}@partner.example`,
        role: 'agent',
        entra: { tenantId: randomUUID(), objectId: randomUUID() },
        tiers: ['tier1'],
        ...overrides,
      },
    });
    expect([200, 201]).toContain(answer.status);
  }

  describe('SLA views', () => {
    it('given cases past their warning and their due time, when the sweep has recorded it, then at risk and breached list exactly those, soonest due first, and the summary counts them', async () => {
      await at('2036-01-07T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const critical = await openSlaCase(desk, tenant, 'A');
      const moderate = await openSlaCase(desk, tenant, 'B');
      const minor = await openSlaCase(desk, tenant, 'C');

      await at('2036-01-07T09:50:00Z');
      await runSweep(desk);
      await desk.host.idle();

      expect(idsOf(await list(tenant, 'sla=breached'))).toEqual([critical.id]);
      expect(idsOf(await list(tenant, 'sla=atRisk'))).toEqual([moderate.id]);
      expect(idsOf(await list(tenant, 'status=open'))).toEqual(
        expect.arrayContaining([critical.id, moderate.id, minor.id]),
      );
      expect(await summaryOf(tenant.agentKey)).toMatchObject({ atRisk: 1, breached: 1 });
    });

    it('given a case at risk, when an agent answers it, then it leaves the at-risk view and the count drops', async () => {
      await at('2036-01-08T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const moderate = await openSlaCase(desk, tenant, 'B');
      await at('2036-01-08T09:50:00Z');
      await runSweep(desk);
      await desk.host.idle();
      expect(idsOf(await list(tenant, 'sla=atRisk'))).toEqual([moderate.id]);

      const reply = await desk.request('POST', `/api/cases/${moderate.id}/replies`, {
        key: tenant.agentKey,
        body: { text: 'We are looking at the VM sizes for you.' },
      });
      expect(reply.status).toBe(201);

      expect(await list(tenant, 'sla=atRisk')).toEqual([]);
      expect(await summaryOf(tenant.agentKey)).toMatchObject({ atRisk: 0, breached: 0 });
    });

    it('given a case waiting on the customer, when listed by waitingOn and sla=paused, then it is there and not among at-risk cases', async () => {
      await at('2036-01-09T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const waiting = await openSlaCase(desk, tenant, 'C');
      await openSlaCase(desk, tenant, 'C');
      for (const to of ['in_progress', 'pending_customer']) {
        const moved = await desk.request('POST', `/api/cases/${waiting.id}/transitions`, {
          key: tenant.agentKey,
          body: { to, reason: 'Asked the customer for the VM name' },
        });
        expect(moved.status).toBe(200);
      }

      expect(idsOf(await list(tenant, 'waitingOn=customer'))).toEqual([waiting.id]);
      expect(idsOf(await list(tenant, 'sla=paused'))).toEqual([waiting.id]);
      expect(await summaryOf(tenant.agentKey)).toMatchObject({ waitingOnCustomer: 1, atRisk: 0 });
    });
  });

  describe('filters, order and pages', () => {
    it('given cases of two customers, severities and products, when filters combine, then only cases matching all of them are listed', async () => {
      await at('2036-01-10T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      // A title alone with a placeholder description reads as a question to the triage model; say the impact, as a
      // customer reporting an outage does, so the customer's severity A is not corrected as clearly wrong.
      const vmDown = await openCase(tenant, {
        title: 'Production VM down after resize',
        severity: 'A',
        description: 'Production is down since the resize.',
      });
      const mailbox = await openCase(tenant, {
        title: 'Mailbox quota warnings',
        severity: 'B',
        product: 'microsoft365',
        customer: [fabrikam, 'Fabrikam Ltd'],
      });
      const invoice = await openCase(tenant, { title: 'Question about VM reservations', severity: 'C' });
      await desk.host.idle();

      expect(idsOf(await list(tenant, 'severity=A,B&status=open'))).toEqual(
        expect.arrayContaining([vmDown.id, mailbox.id]),
      );
      expect(await list(tenant, 'severity=A,B&status=open')).toHaveLength(2);
      expect(idsOf(await list(tenant, `customer=${fabrikam}`))).toEqual([mailbox.id]);
      expect(idsOf(await list(tenant, 'product=azure&severity=C'))).toEqual([invoice.id]);
      expect(idsOf(await list(tenant, 'q=vm%20resize'))).toEqual([vmDown.id]);
      expect(idsOf(await list(tenant, 'q=FABRIKAM'))).toEqual([mailbox.id]);
      expect(idsOf(await list(tenant, `q=${invoice.caseNumber.toLowerCase()}`))).toEqual([invoice.id]);
      // A case number is one more filter: the case is listed only if it matches the others too.
      expect(idsOf(await list(tenant, `q=${invoice.caseNumber}&severity=C&status=open`))).toEqual([invoice.id]);
      expect(await list(tenant, `q=${invoice.caseNumber}&severity=A`)).toEqual([]);
      expect(await list(tenant, `q=${invoice.caseNumber}&customer=${fabrikam}`)).toEqual([]);
      expect(await list(tenant, `q=${invoice.caseNumber}&status=closed`)).toEqual([]);
      expect(await list(tenant, 'q=CS-999999')).toEqual([]);
      expect(await list(tenant, 'q=printer')).toEqual([]);
    });

    it('given open cases, when sorted by severity or by creation in either direction, then the order holds across pages with no case twice', async () => {
      await at('2036-01-11T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const opened: Listed[] = [];
      for (const severity of ['C', 'A', 'B', 'C', 'A'] as const) {
        opened.push(await openCase(tenant, { title: `Case of severity ${severity}`, severity }));
        clock.advance(60_000);
      }
      await desk.host.idle();

      const bySeverity = await list(tenant, 'status=open&sort=severity');
      expect(bySeverity.map((listed) => listed.severity)).toEqual(['A', 'A', 'B', 'C', 'C']);

      const pages: Listed[][] = [];
      let token: string | undefined;
      do {
        const query = `status=open&sort=created&order=desc&pageSize=2${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
        const answer = await desk.request('GET', `/api/cases?${query}`, { key: tenant.agentKey });
        expect(answer.status).toBe(200);
        pages.push(answer.body.items);
        token = answer.body.continuationToken ?? undefined;
      } while (token);
      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      expect(idsOf(pages.flat())).toEqual(idsOf([...opened].reverse()));
    });

    it('given a token of one sort, when sent with another, then 400 and nothing is listed', async () => {
      const tenant = await slaTenant(desk, slaTestOffering());
      for (const severity of ['A', 'B', 'C'] as const) await openCase(tenant, { title: 'Paged case', severity });
      const first = await desk.request('GET', '/api/cases?status=open&sort=severity&pageSize=1', {
        key: tenant.agentKey,
      });
      const token = encodeURIComponent(first.body.continuationToken);

      const other = await desk.request(
        'GET',
        `/api/cases?status=open&sort=created&pageSize=1&continuationToken=${token}`,
        {
          key: tenant.agentKey,
        },
      );

      expect(other.status).toBe(400);
    });

    it('given cases changed at different times, when listed by updatedSince, then only those changed since are listed', async () => {
      await at('2036-01-14T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const early = await openCase(tenant, { title: 'Earlier case', severity: 'C' });
      await desk.host.idle();
      // Before the earlier case's warning (90 business minutes after 09:00), which would change it.
      await at('2036-01-14T09:20:00Z');
      const later = await openCase(tenant, { title: 'Later case', severity: 'C' });
      await desk.host.idle();

      const since = await list(tenant, `updatedSince=${encodeURIComponent('2036-01-14T10:20:00+01:00')}`);

      expect(idsOf(since)).toEqual([later.id]);
      expect(idsOf(since)).not.toContain(early.id);
    });

    it('given a portal key, when it filters by an internal field, then 403 naming the filter; by status and customer it may', async () => {
      const tenant = await slaTenant(desk, slaTestOffering());
      const portal = await desk.newTenantKey('portal', tenant.tenantId);

      const forbidden = await desk.request('GET', '/api/cases?sla=atRisk&assignee=none', { key: portal.key });
      const allowed = await desk.request('GET', `/api/cases?status=open&customer=${contoso}`, { key: portal.key });

      expect(forbidden.status).toBe(403);
      expect(forbidden.body.detail).toMatch(/assignee, sla/);
      expect(allowed.status).toBe(200);
      expect((await desk.request('GET', '/api/queues/summary', { key: portal.key })).status).toBe(403);
    });

    it.each([
      ['status=opened', 'status'],
      ['sort=priority', 'sort'],
      ['severity=A,Z', 'severity'],
      ['sla=late', 'sla'],
      ['customer=contoso', 'customer'],
      ['updatedSince=yesterday', 'updatedSince'],
      ['q=%20', 'q'],
    ])('given the query %s, when listed, then 400 naming %s', async (query, field) => {
      const tenant = await slaTenant(desk, slaTestOffering());
      const answer = await desk.request('GET', `/api/cases?${query}`, { key: tenant.agentKey });
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain(field);
    });
  });

  describe('case numbers', () => {
    it('given a case, when read by its number in any letter case, then it is answered as by its id; another tenant gets 404', async () => {
      const tenant = await slaTenant(desk, slaTestOffering());
      const other = await slaTenant(desk, slaTestOffering());
      const opened = await openCase(tenant, { title: 'Number lookup', severity: 'C' });

      const byNumber = await desk.request('GET', `/api/case-numbers/${opened.caseNumber.toLowerCase()}`, {
        key: tenant.agentKey,
      });
      const elsewhere = await desk.request('GET', `/api/case-numbers/${opened.caseNumber}`, { key: other.agentKey });
      const malformed = await desk.request('GET', '/api/case-numbers/CS-12', { key: tenant.agentKey });

      expect(byNumber.status).toBe(200);
      expect(byNumber.body.id).toBe(opened.id);
      expect(byNumber.headers.get('etag')).toBeTruthy();
      expect(elsewhere.status).toBe(404);
      expect(malformed.status).toBe(400);
    });
  });

  describe('assignment', () => {
    it('given an agent of the directory, when a case is assigned and unassigned, then the timeline says so and my open / unassigned follow', async () => {
      await at('2036-01-15T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      await putAgent(tenant, 'kim');
      const opened = await openCase(tenant, { title: 'Assign me', severity: 'B' });
      await desk.host.idle();
      expect(idsOf(await list(tenant, 'status=open&assignee=none'))).toEqual([opened.id]);

      const assigned = await desk.request('POST', `/api/cases/${opened.id}/assignment`, {
        key: tenant.agentKey,
        body: { assignee: 'kim' },
      });

      expect(assigned.status).toBe(200);
      expect(assigned.body.assignee).toBe('kim');
      expect(assigned.body.timeline.at(-1)).toMatchObject({
        type: 'fieldChanged',
        visibility: 'internal',
        data: { field: 'assignee', from: null, to: 'kim', reason: 'Assigned to Agent kim' },
      });
      expect(idsOf(await list(tenant, 'status=open&assignee=kim'))).toEqual([opened.id]);
      expect(await list(tenant, 'status=open&assignee=none')).toEqual([]);
      expect(await summaryOf(tenant.agentKey)).toMatchObject({ unassigned: 0 });

      const released = await desk.request('POST', `/api/cases/${opened.id}/assignment`, {
        key: tenant.agentKey,
        body: { assignee: null, reason: 'Kim is on leave' },
      });
      expect(released.status).toBe(200);
      expect(released.body.assignee).toBeUndefined();
      expect(idsOf(await list(tenant, 'status=open&assignee=none'))).toEqual([opened.id]);
      expect(await list(tenant, 'status=open&assignee=kim')).toEqual([]);
    });

    it('given an id nobody has or an inactive agent, when a case is assigned to it, then 400 and the case keeps its assignee', async () => {
      const tenant = await slaTenant(desk, slaTestOffering());
      await putAgent(tenant, 'lee', { active: false });
      const opened = await openCase(tenant, { title: 'Assign to nobody real', severity: 'C' });

      for (const assignee of ['nobody', 'lee']) {
        const answer = await desk.request('POST', `/api/cases/${opened.id}/assignment`, {
          key: tenant.agentKey,
          body: { assignee },
        });
        expect(answer.status).toBe(400);
        expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'assignee' })]);
      }
      const read = await desk.request('GET', `/api/cases/${opened.id}`, { key: tenant.agentKey });
      expect(read.body.assignee).toBeUndefined();
    });

    it('given a case assigned to the calling key, when the agent asks for assignee=me, then it is in my open and the summary counts it', async () => {
      const tenant = await slaTenant(desk, slaTestOffering());
      const opened = await openCase(tenant, { title: 'Mine', severity: 'C' });
      const me = (await desk.request('GET', '/api/queues/summary', { key: tenant.agentKey })).body.me;
      const corrected = await desk.request('PATCH', `/api/cases/${opened.id}`, {
        key: tenant.agentKey,
        body: { assignee: me, reason: 'Taking it' },
      });
      expect(corrected.status).toBe(200);

      expect(idsOf(await list(tenant, 'status=open&assignee=me'))).toEqual([opened.id]);
      expect(idsOf(await list(tenant, 'status=open&assignee=ME'))).toEqual([opened.id]);
      expect(await summaryOf(tenant.agentKey)).toMatchObject({ myOpen: 1 });
    });
  });

  describe('round robin', () => {
    it('given a tenant that assigns by round robin, when three cases are enriched in service hours, then they go to its tier 1 agents in turn, each on the timeline', async () => {
      await at('2036-01-21T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering({ autoAssignment: 'roundRobin' }));
      await putAgent(tenant, 'kim');
      await putAgent(tenant, 'lee');
      await putAgent(tenant, 'sam', { tiers: ['tier2'] });

      const assignees: (string | undefined)[] = [];
      for (const title of ['First', 'Second', 'Third']) {
        const opened = await openCase(tenant, { title, severity: 'C' });
        await desk.host.idle();
        const read = await desk.request('GET', `/api/cases/${opened.id}`, { key: tenant.agentKey });
        assignees.push(read.body.assignee);
        if (title === 'First')
          expect(read.body.timeline).toContainEqual(
            expect.objectContaining({
              type: 'fieldChanged',
              data: expect.objectContaining({ field: 'assignee', to: 'kim' }),
            }),
          );
      }

      expect(assignees).toEqual(['kim', 'lee', 'kim']);
    });

    it('given a tenant that assigns by round robin, when a case comes in after service hours, then it waits unassigned', async () => {
      await at('2036-01-21T20:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering({ autoAssignment: 'roundRobin' }));
      await putAgent(tenant, 'kim');

      const opened = await openCase(tenant, { title: 'Late request', severity: 'C' });
      await desk.host.idle();

      expect(idsOf(await list(tenant, 'status=open&assignee=none'))).toEqual([opened.id]);
    });
  });

  describe('leaving the queues', () => {
    it('given a resolved case, when open views are listed, then it is gone from them and listed by its status', async () => {
      await at('2036-01-16T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const opened = await openCase(tenant, { title: 'Soon resolved', severity: 'C' });
      await desk.host.idle();
      for (const to of ['in_progress', 'resolved']) {
        const moved = await desk.request('POST', `/api/cases/${opened.id}/transitions`, {
          key: tenant.agentKey,
          body: { to, reason: 'Resized the VM' },
        });
        expect(moved.status).toBe(200);
      }

      expect(await list(tenant, 'status=open')).toEqual([]);
      expect(await list(tenant, 'assignee=none&status=open')).toEqual([]);
      expect(idsOf(await list(tenant, 'status=resolved'))).toEqual([opened.id]);
      expect(await summaryOf(tenant.agentKey)).toMatchObject({ unassigned: 0, myOpen: 0 });
    });
  });
});
