import { DateTime } from 'luxon';
import { startTestHost, type TestHost } from '../support/testHost';
import { newCaseBody, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * A portal shows a customer when their case is due and when it was opened, in local time; the desk's warning times,
 * engine keys and recomputation instants are the partner's business.
 */

type PortalClock = Record<string, unknown> & { dueAt?: string; dueAtLocal?: string };

describe('customer-facing times in the portal view', () => {
  let desk: TestHost;
  let tenant: TenantKeys;
  let caseId: string;

  beforeAll(async () => {
    desk = await startTestHost();
    tenant = await tenantWithKeys(desk);
    const opened = await desk.request('POST', '/api/cases', { key: tenant.portal, body: newCaseBody });
    expect(opened.status).toBe(201);
    caseId = opened.body.id;
    await desk.host.idle();
  });
  afterAll(() => desk.stop());

  it('given an enriched case, when a portal reads it, then each SLA clock shows its state and due time in UTC and in the service hours time zone, and nothing internal', async () => {
    const portal = (await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.portal })).body;
    const agent = (await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent })).body;
    const timeZone = agent.entitlement.serviceHoursTimeZone as string;

    expect(portal.sla.timeZone).toBe(timeZone);
    expect(Object.keys(portal.sla).sort()).toEqual(['clocks', 'timeZone']);
    const clocks = portal.sla.clocks as PortalClock[];
    expect(clocks.length).toBeGreaterThan(0);
    for (const clock of clocks) {
      expect(clock).not.toHaveProperty('warningAt');
      expect(clock).not.toHaveProperty('key');
      expect(clock).not.toHaveProperty('startedAt');
      if (clock.dueAt === undefined) continue;
      const local = DateTime.fromISO(clock.dueAtLocal as string, { setZone: true });
      expect(local.toMillis()).toBe(Date.parse(clock.dueAt));
      expect(local.offset).toBe(DateTime.fromISO(clock.dueAt).setZone(timeZone).offset);
    }
    expect(agent.sla.clocks.some((clock: PortalClock) => clock.warningAt !== undefined)).toBe(true);
    // Nor anywhere else in the customer's view, the public timeline entries included.
    expect(JSON.stringify(portal)).not.toMatch(/warningAt|"key":"(firstResponse|nextResponse|resolution)/);
  });

  it('given a case, when a portal reads it or lists it, then when it was opened and changed is also given in local time', async () => {
    const portal = (await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.portal })).body;
    const listed = (await desk.request('GET', '/api/cases', { key: tenant.portal })).body.items[0];

    for (const view of [portal, listed]) {
      const createdLocal = DateTime.fromISO(view.localTimes.createdAt, { setZone: true });
      expect(createdLocal.toMillis()).toBe(Date.parse(view.createdAt));
      expect(createdLocal.offset).toBe(DateTime.fromISO(view.createdAt).setZone(view.localTimes.timeZone).offset);
      expect(DateTime.fromISO(view.localTimes.updatedAt).toMillis()).toBe(Date.parse(view.updatedAt));
    }
  });

  it('given a customer whose record names its time zone, when its portal reads a case enriched since, then the local times are in that zone', async () => {
    const customerTenantId = newCaseBody.customer.tenantId;
    const saved = await desk.request('PUT', `/api/customers/${customerTenantId}`, {
      key: tenant.admin,
      body: { name: newCaseBody.customer.name, timeZone: 'America/New_York' },
    });
    expect([200, 201]).toContain(saved.status);
    const opened = await desk.request('POST', '/api/cases', { key: tenant.portal, body: newCaseBody });
    await desk.host.idle();

    const portal = (await desk.request('GET', `/api/cases/${opened.body.id}`, { key: tenant.portal })).body;

    expect(portal.localTimes.timeZone).toBe('America/New_York');
    expect(portal.sla.timeZone).toBe('America/New_York');
    expect(DateTime.fromISO(portal.localTimes.createdAt, { setZone: true }).offset).toBe(
      DateTime.fromISO(portal.createdAt).setZone('America/New_York').offset,
    );
  });

  it('given a customer record with a time zone that does not exist, when saved, then 400 naming timeZone', async () => {
    const answer = await desk.request('PUT', `/api/customers/${newCaseBody.customer.tenantId}`, {
      key: tenant.admin,
      body: { name: 'Fabrikam', timeZone: 'Mars/Olympus_Mons' },
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('timeZone');
  });
});
