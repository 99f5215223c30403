import { randomUUID } from 'node:crypto';
import { slaTestOffering } from '../fixtures/sla/slaOffering';
import { slaTenant, type SlaTenant } from '../fixtures/sla/slaDesk';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * Every open case is listed by status=open (and counted by the summary views), whatever its assignee: the list reads
 * the range of every assignee's rows. PATCH /api/cases/{id} took any assignee of 1-200 characters before it had to be
 * an agent, and cases stored then keep such assignees, so the range must hold keys of any character after its prefix.
 */
describe('work queues: open cases under any assignee a correction could set before', () => {
  const clock = new ManualClock('2036-03-03T09:00:00Z');
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ clock });
  });
  afterAll(() => desk.stop());

  async function openCase(tenant: SlaTenant, title: string): Promise<string> {
    const created = await desk.request('POST', '/api/cases', {
      key: tenant.agentKey,
      body: {
        title,
        description: 'Details follow in the description of the request.',
        product: 'azure',
        severity: 'B',
        category: 'technical',
        customer: { tenantId: '4b1e3c2d-6f5a-4e7d-8c9b-0a1b2c3d4e5f', name: 'Contoso GmbH' },
        contact: { name: 'Ann Example', email: `ann-${randomUUID().slice(0, 6)}@example.com` },
      },
    });
    if (created.status !== 201) throw new Error(`POST /api/cases answered ${created.status}: ${created.text}`);
    await desk.host.idle();
    return created.body.id;
  }

  async function listIds(tenant: SlaTenant, query: string): Promise<string[]> {
    const answer = await desk.request('GET', `/api/cases?${query}`, { key: tenant.agentKey });
    if (answer.status !== 200) throw new Error(`GET /api/cases?${query} answered ${answer.status}: ${answer.text}`);
    return answer.body.items.map((item: { id: string }) => item.id);
  }

  /** The case as a correction of its assignee saved it before the assignee had to be an agent. */
  async function assignedBefore(tenant: SlaTenant, caseId: string, assignee: string): Promise<void> {
    const stored = await desk.desk.cases.get(tenant.tenantId, caseId);
    if (!stored) throw new Error(`No case ${caseId}`);
    const saved = await desk.desk.cases.update(stored, { ...stored.supportCase, assignee }, []);
    if (saved.kind !== 'saved') throw new Error(`Assigning ${caseId} to ${assignee} found the case ${saved.kind}`);
  }

  it.each(['~night-shift', 'Ölaf', 'zoë'])(
    'given an open case stored with the assignee %p by an earlier correction, then status=open still lists it',
    async (assignee) => {
      const tenant = await slaTenant(desk, slaTestOffering());
      const caseId = await openCase(tenant, `Assigned to ${assignee}`);

      await assignedBefore(tenant, caseId, assignee);

      expect(await listIds(tenant, 'status=open')).toEqual([caseId]);
      expect(await listIds(tenant, `status=open&assignee=${encodeURIComponent(assignee)}`)).toEqual([caseId]);
    },
  );

  it('given a case waiting on the customer stored with the assignee "~night-shift" by an earlier correction, then waitingOn=customer lists it and the summary counts it', async () => {
    const tenant = await slaTenant(desk, slaTestOffering());
    const caseId = await openCase(tenant, 'Waiting on the customer');
    for (const to of ['in_progress', 'pending_customer']) {
      const moved = await desk.request('POST', `/api/cases/${caseId}/transitions`, {
        key: tenant.agentKey,
        body: { to, reason: 'Asked the customer for logs' },
      });
      expect(moved.status).toBe(200);
    }
    await assignedBefore(tenant, caseId, '~night-shift');

    expect(await listIds(tenant, 'waitingOn=customer')).toEqual([caseId]);
    const summary = await desk.request('GET', '/api/queues/summary', { key: tenant.agentKey });
    expect(summary.body.views).toContainEqual(expect.objectContaining({ name: 'waitingOnCustomer', count: 1 }));
  });
});
