import type { SupportCase } from '../../shared/domain/case';
import {
  caseNow,
  countByType,
  openSlaCase,
  runSweep,
  slaTenant,
  timelineOf,
  type SlaTenant,
} from '../fixtures/sla/slaDesk';
import { slaTestOffering } from '../fixtures/sla/slaOffering';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * SLA clocks and their enforcement around corrections and pauses, driven through the API and the timer: a case resolved
 * while it waited on the customer and reopened, a severity raised past its new warning or due time, severity changed
 * back and forth, and service hours whose holidays close every date.
 * Offering (slaTestOffering): Monday to Friday 08:00-18:00 Berlin (07:00-17:00 UTC in winter). Azure out of plan:
 * A 30/60/480 minutes around the clock, B 60/120/6000 business minutes, C 120/240/12000; warning at 75 %.
 * Each test runs in a week of its own in 2037 and the clock only moves forward.
 */

interface ClockView {
  metric: string;
  state: string;
  dueAt?: string;
  warningAt?: string;
}

describe('SLA enforcement around corrections, pauses and service hours', () => {
  const clock = new ManualClock('2037-01-05T06:00:00Z');
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ clock });
  });
  afterAll(() => desk.stop());

  async function at(instant: string): Promise<void> {
    clock.set(instant);
    await desk.host.idle();
  }

  const move = (tenant: SlaTenant, supportCase: SupportCase, to: string, reason = 'breaker') =>
    desk.request('POST', `/api/cases/${supportCase.id}/transitions`, {
      key: tenant.agentKey,
      body: { to, reason },
    });
  const patch = (tenant: SlaTenant, supportCase: SupportCase, body: Record<string, unknown>) =>
    desk.request('PATCH', `/api/cases/${supportCase.id}`, { key: tenant.agentKey, body });
  const clockOf = (view: { sla: { clocks: ClockView[] } }, metric: string): ClockView | undefined =>
    view.sla.clocks.find((slaClock) => slaClock.metric === metric);

  describe('given a case resolved straight from pending_customer', () => {
    it('when it is reopened, then its SLA clocks run again and its resolution breach is acted on', async () => {
      await at('2037-01-06T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const supportCase = await openSlaCase(desk, tenant, 'A');
      expect((await move(tenant, supportCase, 'in_progress')).status).toBe(200);
      expect(
        (
          await desk.request('POST', `/api/cases/${supportCase.id}/replies`, {
            key: tenant.agentKey,
            body: { text: 'Please send the boot log.' },
          })
        ).status,
      ).toBe(201);
      await at('2037-01-06T09:10:00Z');
      expect((await move(tenant, supportCase, 'pending_customer')).status).toBe(200);
      await at('2037-01-06T09:20:00Z');
      // The customer confirmed by phone: agents may resolve a case that is pending the customer.
      expect((await move(tenant, supportCase, 'resolved')).status).toBe(200);

      await at('2037-01-06T10:00:00Z');
      const reopened = await move(tenant, supportCase, 'in_progress', 'The VM fails again');
      expect(reopened.status).toBe(200);

      // Severity A resolves within 480 minutes around the clock; 60 minutes of it had run before the case was
      // pending (09:00-09:10 counts, 09:10-10:00 was pending or resolved), so the clock must be running again.
      expect(reopened.body.status).toBe('in_progress');
      expect(clockOf(reopened.body, 'resolution')?.state).toBe('running');
      expect(reopened.body.sla.nextDueAt).not.toBeNull();

      await at('2037-01-07T12:00:00Z');
      await runSweep(desk);
      expect(countByType(await timelineOf(desk, supportCase))).toMatchObject({ slaBreached: 1 });
    });
  });

  describe('given a severity B case whose agent raises it to A after A first-response target has passed', () => {
    it('when the sweep runs right after the correction, then the breach is recorded and escalated at once, not hours later', async () => {
      await at('2037-01-13T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const supportCase = await openSlaCase(desk, tenant, 'B');

      // 40 minutes in: B is not breached yet (due 10:00), but A (30 minutes around the clock) was due at 09:30.
      await at('2037-01-13T09:40:00Z');
      const corrected = await patch(tenant, supportCase, { severity: 'A', reason: 'Production is down' });
      expect(corrected.status).toBe(200);
      expect(clockOf(corrected.body, 'firstResponse')).toMatchObject({ state: 'breached' });

      await at('2037-01-13T09:42:00Z');
      await runSweep(desk);

      const timeline = await timelineOf(desk, supportCase);
      expect(countByType(timeline)).toMatchObject({ slaBreached: 1 });
      expect(await caseNow(desk, supportCase)).toMatchObject({ tier: 'tier2', escalationLevel: 1 });
    });
  });
  describe('given a B breach whose ladder step waits overnight for the service hours', () => {
    it('when an agent raises the case to A (worked around the clock) in the evening, then the next sweep takes the step, not the morning', async () => {
      await at('2037-01-20T16:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const supportCase = await openSlaCase(desk, tenant, 'B');
      // B's first response (60 business minutes) falls due at 17:00 UTC, when the Berlin service hours close.
      await at('2037-01-20T17:01:00Z');
      await runSweep(desk);
      expect(countByType(await timelineOf(desk, supportCase))).toMatchObject({ slaBreached: 1, escalationDeferred: 1 });
      expect(await caseNow(desk, supportCase)).toMatchObject({ tier: 'tier1', escalationLevel: 0 });

      await at('2037-01-20T20:00:00Z');
      expect((await patch(tenant, supportCase, { severity: 'A', reason: 'The whole site is down' })).status).toBe(200);
      await at('2037-01-20T20:02:00Z');
      await runSweep(desk);

      expect(await caseNow(desk, supportCase)).toMatchObject({ tier: 'tier2', escalationLevel: 1 });
    });
  });

  describe('given a B breach whose ladder step waits overnight, and a correction that keeps it B', () => {
    it('when the next sweep looks again, then the step still waits for the morning, noted once', async () => {
      await at('2037-01-27T16:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const supportCase = await openSlaCase(desk, tenant, 'B');
      await at('2037-01-27T17:01:00Z');
      await runSweep(desk);

      await at('2037-01-27T20:00:00Z');
      expect(
        (await patch(tenant, supportCase, { category: 'billing', reason: 'It is about the invoice' })).status,
      ).toBe(200);
      await at('2037-01-27T20:02:00Z');
      await runSweep(desk);

      expect(await caseNow(desk, supportCase)).toMatchObject({ tier: 'tier1', escalationLevel: 0 });
      expect(countByType(await timelineOf(desk, supportCase))).toMatchObject({ slaBreached: 1, escalationDeferred: 1 });
      await at('2037-01-28T07:01:00Z');
      await runSweep(desk);
      expect(await caseNow(desk, supportCase)).toMatchObject({ tier: 'tier2', escalationLevel: 1 });
    });
  });

  describe('given a severity B case whose agent raises it to A between A warning and A due time', () => {
    it('when the sweep runs right after the correction, then the warning and its staff alert go out before the breach', async () => {
      await at('2037-01-20T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const supportCase = await openSlaCase(desk, tenant, 'B');

      // A: warning at 09:22:30, due at 09:30 (around the clock). Raised at 09:25, swept at 09:26.
      await at('2037-01-20T09:25:00Z');
      const corrected = await patch(tenant, supportCase, { severity: 'A', reason: 'Production is down' });
      expect(corrected.status).toBe(200);
      expect(clockOf(corrected.body, 'firstResponse')).toMatchObject({
        state: 'running',
        warningAt: '2037-01-20T09:22:30.000Z',
        dueAt: '2037-01-20T09:30:00.000Z',
      });

      await at('2037-01-20T09:26:00Z');
      await runSweep(desk);

      expect(countByType(await timelineOf(desk, supportCase))).toMatchObject({ slaWarning: 1 });
    });
  });

  describe('given service hours whose every calendar day is a holiday', () => {
    it('when the offering is saved, then it is refused with 400 rather than accepted and every new case stalling before its SLA starts', async () => {
      await at('2037-01-27T09:00:00Z');
      const offering = slaTestOffering();
      const everyDay: string[] = [];
      for (let day = Date.UTC(2000, 0, 1); day < Date.UTC(2001, 0, 1); day += 86_400_000)
        everyDay.push(new Date(day).toISOString().slice(5, 10));
      offering.services.azure.serviceHours = { ...offering.services.azure.serviceHours, holidays: everyDay };
      const admin = await desk.newTenantKey('admin');
      const saved = await desk.request('PUT', '/api/offering', { key: admin.key, body: offering });
      if (saved.status === 400) return;

      // Accepted: a case opened now never gets its SLA clocks (enrichment fails on the calendar) and nobody is told.
      const agent = await desk.newTenantKey('agent', admin.tenantId);
      const created = await desk.request('POST', '/api/cases', {
        key: agent.key,
        body: {
          title: 'Azure VM resize question',
          description: 'We would like to know which VM size suits our accounting workload.',
          product: 'azure',
          severity: 'B',
          category: 'technical',
          customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam Ltd' },
          contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
        },
      });
      expect(created.status).toBe(201);
      await desk.host.idle();
      const got = await desk.request('GET', `/api/cases/${created.body.id}`, { key: agent.key });
      expect({ offeringSaved: saved.status, caseStatus: got.body.status, sla: got.body.sla }).toMatchObject({
        offeringSaved: 400,
      });
    });
  });
  describe('given severity corrections B -> A -> B in one instant and C after the warning', () => {
    it('then the warning is sent once, never repeated, and the breach falls at the due time of the severity in force', async () => {
      await at('2037-02-17T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const supportCase = await openSlaCase(desk, tenant, 'B');

      await at('2037-02-17T09:10:00Z');
      expect((await patch(tenant, supportCase, { severity: 'A', reason: 'Looked like an outage' })).status).toBe(200);
      const back = await patch(tenant, supportCase, { severity: 'B', reason: 'Only one VM' });
      expect(back.status).toBe(200);
      expect(clockOf(back.body, 'firstResponse')).toMatchObject({
        state: 'running',
        dueAt: '2037-02-17T10:00:00.000Z',
      });

      await at('2037-02-17T09:46:00Z');
      await Promise.all([runSweep(desk), runSweep(desk)]);
      expect(countByType(await timelineOf(desk, supportCase))).toMatchObject({ slaWarning: 1 });

      // C: first response within 120 business minutes, due 11:00 with its warning (10:30) already given as B's.
      await at('2037-02-17T09:50:00Z');
      const lowered = await patch(tenant, supportCase, { severity: 'C', reason: 'A question, not a fault' });
      expect(clockOf(lowered.body, 'firstResponse')).toMatchObject({ dueAt: '2037-02-17T11:00:00.000Z' });
      for (const instant of ['2037-02-17T10:01:00Z', '2037-02-17T10:31:00Z', '2037-02-17T11:01:00Z']) {
        await at(instant);
        await runSweep(desk);
      }

      const timeline = await timelineOf(desk, supportCase);
      const counts = countByType(timeline);
      expect([counts.slaWarning, counts.slaBreached]).toEqual([1, 1]);
      expect(timeline.find((event) => event.type === 'slaBreached')).toMatchObject({
        at: '2037-02-17T11:01:00.000Z',
        data: { dueAt: '2037-02-17T11:00:00.000Z', severity: 'C' },
      });
    });
  });
});
