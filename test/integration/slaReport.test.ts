import { openSlaCase, runSweep, slaTenant } from '../fixtures/sla/slaDesk';
import { slaTestOffering } from '../fixtures/sla/slaOffering';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * GET /api/reports/sla: the lead's dashboard is computed on the server from the period's cases. Severity B: first
 * response within 60 business minutes; A: 30 minutes around the clock. The clock runs in March 2036.
 */
describe("a lead's SLA report", () => {
  const clock = new ManualClock('2036-03-03T08:00:00Z');
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ clock });
  });
  afterAll(() => desk.stop());

  it('given one case answered in time and one breached, when the lead asks for the month, then the week shows one clock met and one breached, the customer with the breach, and both cases open in the backlog', async () => {
    clock.set('2036-03-03T09:00:00Z');
    await desk.host.idle();
    const tenant = await slaTenant(desk, slaTestOffering());
    const answered = await openSlaCase(desk, tenant, 'B');
    const neglected = await openSlaCase(desk, tenant, 'A');
    const reply = await desk.request('POST', `/api/cases/${answered.id}/replies`, {
      key: tenant.agentKey,
      body: { text: 'Looking into it now.' },
    });
    expect(reply.status).toBe(201);
    clock.set('2036-03-03T09:45:00Z');
    await desk.host.idle();
    await runSweep(desk);

    const report = await desk.request('GET', '/api/reports/sla?from=2036-03-01&to=2036-03-31', {
      key: tenant.agentKey,
    });

    expect(report.status).toBe(200);
    expect(report.body.weeks).toEqual([
      expect.objectContaining({
        weekStart: '2036-03-03',
        clocks: { met: 1, breached: 1, metShare: 0.5 },
        bySeverity: { A: { met: 0, breached: 1, metShare: 0 }, B: { met: 1, breached: 0, metShare: 1 } },
      }),
    ]);
    expect(report.body.breachesByCustomer).toEqual([
      expect.objectContaining({ customer: 'Fabrikam Ltd', breaches: 1 }),
    ]);
    expect(report.body.backlogByAge[0]).toEqual({ bucket: 'under1Day', count: 2 });
    expect(neglected.id).not.toBe(answered.id);
  });

  it.each([
    ['from=2036-03-31&to=2036-03-01', 'to'],
    ['from=2036-01-01&to=2036-06-30', 'to'],
    ['from=March&to=2036-03-01', 'from'],
    ['from=2036-03-01', 'to'],
  ])('given the range %s, when asked, then 400 naming %s', async (query, field) => {
    const tenant = await slaTenant(desk, slaTestOffering());
    const answer = await desk.request('GET', `/api/reports/sla?${query}`, { key: tenant.agentKey });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body.errors)).toContain(field);
  });

  it('given a portal key, when it asks for the report, then 403', async () => {
    const tenant = await slaTenant(desk, slaTestOffering());
    const portal = await desk.newTenantKey('portal', tenant.tenantId);
    const answer = await desk.request('GET', '/api/reports/sla?from=2036-03-01&to=2036-03-31', { key: portal.key });
    expect(answer.status).toBe(403);
  });
});
