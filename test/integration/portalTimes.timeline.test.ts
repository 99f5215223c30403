import { DateTime } from 'luxon';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';
import { newCaseBody, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * Everything a portal shows a customer about when their case is due is in their local time as well as in ISO: the
 * case's clocks, and the public timeline entry that announces the first response time. Dates are in 2091, on the
 * night the United States move their clocks forward (Sunday 11 March 2091, 02:00 -> 03:00 in New York).
 */

describe('due times a customer reads on the portal timeline', () => {
  const clock = new ManualClock('2091-03-10T12:00:00.000Z');
  let desk: TestHost;
  let tenant: TenantKeys;

  beforeAll(async () => {
    desk = await startTestHost({ clock });
    tenant = await tenantWithKeys(desk);
    const saved = await desk.request('PUT', `/api/customers/${newCaseBody.customer.tenantId}`, {
      key: tenant.admin,
      body: { name: newCaseBody.customer.name, timeZone: 'America/New_York', supportPlanId: 'standard' },
    });
    expect(saved.status).toBe(201);
  });
  afterAll(() => desk.stop());

  it('given a customer in New York and a first response due after the clocks go forward, when its portal reads the timeline, then the announced due time is in New York time as well as ISO', async () => {
    const opened = await desk.request('POST', '/api/cases', { key: tenant.portal, body: newCaseBody });
    expect(opened.status).toBe(201);
    await desk.host.idle();

    const portal = (await desk.request('GET', `/api/cases/${opened.body.id}`, { key: tenant.portal })).body;
    const clock = portal.sla.clocks.find((candidate: { metric: string }) => candidate.metric === 'firstResponse');
    const local = DateTime.fromISO(clock.dueAt, { zone: 'America/New_York' });
    expect(local.offset).toBe(-4 * 60);
    const started = portal.timeline.find((entry: { type: string }) => entry.type === 'slaStarted');

    expect(started.summary).toContain(clock.dueAt);
    expect(started.summary).toContain(`${local.toFormat('HH:mm')} on ${local.toFormat('ccc d LLL yyyy')}`);
    expect(started.summary).toContain('America/New_York');
    expect(JSON.stringify(portal)).not.toMatch(/warningAt/);
  });
});
