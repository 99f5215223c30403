import type { TenantEngineSettings } from '../../shared/domain/offering';
import type { Principal } from '../../shared/domain/apiKey';
import { queueNames } from '../../shared/resourceNames';
import { findAccessibleCase, listSharedCasePage, viewAccessibleCase } from '../../shared/services/caseAccess';
import { caseNow, countByType, openSlaCase, runSweep, slaTenant, timelineOf } from '../fixtures/sla/slaDesk';
import { slaTestOffering, slaTestOfferingHandingTo } from '../fixtures/sla/slaOffering';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';

/* Severity B: first response within 60 business minutes (Monday to Friday 07:00-17:00 UTC in winter). */

describe('escalation ladder at breach and on request', () => {
  const clock = new ManualClock('2035-02-11T12:00:00Z');
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ clock });
  });
  afterAll(() => desk.stop());

  async function at(instant: string): Promise<void> {
    clock.set(instant);
    await desk.host.idle();
  }

  const agentOf = (tenantId: string, role: Principal['role'] = 'agent'): Principal => ({
    tenantId,
    role,
    keyId: `test-${role}`,
  });

  describe('given a reseller whose ladder hands cases to its indirect provider on the same desk', () => {
    it('when a case breaches, then the provider sees and works it, the reseller keeps reading every step, and a third tenant sees nothing', async () => {
      await at('2035-02-12T09:00:00Z');
      const provider = await desk.newTenantKey('agent');
      const providerPortal = await desk.newTenantKey('portal', provider.tenantId);
      const third = await desk.newTenantKey('agent');
      const reseller = await slaTenant(desk, slaTestOfferingHandingTo(provider.tenantId));
      const supportCase = await openSlaCase(desk, reseller, 'B');

      await at('2035-02-12T10:01:00Z');
      await Promise.all([runSweep(desk), runSweep(desk)]);

      expect((await caseNow(desk, supportCase)).sharedWithTenantIds).toEqual([provider.tenantId]);

      const providerRead = await desk.request('GET', `/api/cases/${supportCase.id}`, { key: provider.key });
      expect(providerRead.status).toBe(200);
      expect(providerRead.body).toMatchObject({
        id: supportCase.id,
        tenantId: reseller.tenantId,
        sharedWithTenantIds: [provider.tenantId],
      });
      const providerView = await viewAccessibleCase(desk.desk, agentOf(provider.tenantId), supportCase.id);
      expect(providerView.supportCase.tenantId).toBe(reseller.tenantId);
      expect(countByType(providerView.timeline)).toMatchObject({ slaBreached: 1, escalated: 1 });
      expect(await findAccessibleCase(desk.desk, agentOf(provider.tenantId), supportCase.id)).toMatchObject({
        access: 'provider',
        mayWork: true,
      });
      const providerShared = await listSharedCasePage(desk.desk, agentOf(provider.tenantId), { pageSize: 100 });
      expect(providerShared.cases.map((shared) => shared.id)).toEqual([supportCase.id]);
      const providerList = await desk.request('GET', '/api/shared-cases', { key: provider.key });
      expect(providerList.body.items.map((shared: { id: string }) => shared.id)).toEqual([supportCase.id]);
      const providerStep = await desk.request('POST', `/api/cases/${supportCase.id}/ladder-steps`, {
        key: provider.key,
        body: { reason: 'Needs Microsoft' },
      });
      expect(providerStep.status).toBe(409);
      expect(providerStep.body.code).toBe('topOfLadder');

      const resellerRead = await desk.request('GET', `/api/cases/${supportCase.id}`, { key: reseller.agentKey });
      expect(resellerRead.status).toBe(200);
      const escalated = resellerRead.body.timeline.find((event: { type: string }) => event.type === 'escalated');
      expect(escalated.summary).toBe(
        `Escalated from Tier 1 to Contoso Distribution (partner tenant ${provider.tenantId}): SLA breached: firstResponse`,
      );
      const resellerStep = await desk.request('POST', `/api/cases/${supportCase.id}/ladder-steps`, {
        key: reseller.agentKey,
        body: { reason: 'Again' },
      });
      expect(resellerStep.status).toBe(403);

      await expect(findAccessibleCase(desk.desk, agentOf(third.tenantId), supportCase.id)).rejects.toMatchObject({
        kind: 'notFound',
      });
      await expect(
        findAccessibleCase(desk.desk, agentOf(provider.tenantId, 'portal'), supportCase.id),
      ).rejects.toMatchObject({ kind: 'notFound' });
      expect((await listSharedCasePage(desk.desk, agentOf(third.tenantId), { pageSize: 100 })).cases).toEqual([]);
      expect((await desk.request('GET', '/api/shared-cases', { key: third.key })).body.items).toEqual([]);
      for (const key of [third.key, providerPortal.key]) {
        const stranger = await desk.request('POST', `/api/cases/${supportCase.id}/ladder-steps`, {
          key,
          body: { reason: 'Let me in' },
        });
        expect(stranger.status).toBe(key === third.key ? 404 : 403);
      }
      for (const key of [third.key, providerPortal.key])
        expect((await desk.request('GET', `/api/cases/${supportCase.id}`, { key })).status).toBe(404);
    });
  });

  describe('given a ladder that ends at Microsoft', () => {
    const toMicrosoft: Partial<TenantEngineSettings> = {
      escalationLadder: [{ kind: 'tier', tier: 'tier1' }, { kind: 'microsoft' }],
    };

    const alertsOf = (caseId: string): string[] =>
      desk.host.broker
        .queue(queueNames.staffAlerts)
        .acceptedMessageIds()
        .filter((id) => id.includes(caseId));

    it('when a billing case breaches, then the Microsoft step is proposed once (flag, timeline, staff alert), and taken by an agent it goes to commercial support; once Microsoft is late the sweep says so once', async () => {
      await at('2035-02-19T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering(toMicrosoft));
      const supportCase = await openSlaCase(desk, tenant, 'B', 'billing');

      await at('2035-02-19T10:01:00Z');
      await Promise.all([runSweep(desk), runSweep(desk)]);
      await runSweep(desk);

      const proposed = await caseNow(desk, supportCase);
      expect(proposed).toMatchObject({ tier: 'tier1', escalationLevel: 0, escalations: [] });
      expect(proposed.flags).toContain('microsoftStepProposed');
      const proposals = (await timelineOf(desk, supportCase)).filter((event) => event.type === 'escalationProposed');
      expect(proposals).toHaveLength(1);
      // The first sweep after the breach reports it without a late warning.
      expect(alertsOf(supportCase.id).sort()).toEqual([
        `alert-${supportCase.id}-microsoftStepProposed-firstResponse`,
        `alert-${supportCase.id}-slaBreach-firstResponse`,
      ]);

      const taken = await desk.request('POST', `/api/cases/${supportCase.id}/ladder-steps`, {
        key: tenant.agentKey,
        body: { reason: 'Invoice dispute needs Microsoft' },
      });
      expect(taken.status).toBe(200);
      const escalated = await caseNow(desk, supportCase);
      expect(escalated).toMatchObject({ tier: 'microsoft', escalationLevel: 1 });
      expect(escalated.flags).not.toContain('microsoftStepProposed');
      expect(escalated.escalations).toEqual([
        expect.objectContaining({
          id: 'esc-1',
          vehicle: 'commercialSupport',
          microsoftSeverity: 'moderate',
          status: 'requested',
        }),
      ]);
      const requests = desk.host.broker
        .queue(queueNames.escalationRequested)
        .acceptedMessageIds()
        .filter((id) => id.includes(supportCase.id));
      expect(requests).toEqual([`escalation-${supportCase.id}-esc-1`]);
      const responseDueAt = escalated.escalations[0]!.responseDueAt;

      await at(new Date(Date.parse(responseDueAt) + 60_000).toISOString());
      await Promise.all([runSweep(desk), runSweep(desk)]);
      await runSweep(desk);

      const overdue = (await timelineOf(desk, supportCase)).filter((event) => event.type === 'escalationUpdated');
      expect(overdue).toHaveLength(1);
      expect(overdue[0]?.summary).toBe(
        `Microsoft response overdue: commercialSupport was due to respond by ${responseDueAt}`,
      );
    });

    it('when the tenant chose automatic but nobody ever answered the case, then the breach only proposes the Microsoft step', async () => {
      await at('2035-02-20T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering({ ...toMicrosoft, microsoftStep: 'automatic' }));
      const supportCase = await openSlaCase(desk, tenant, 'B', 'billing');

      await at('2035-02-20T10:01:00Z');
      await runSweep(desk);

      const after = await caseNow(desk, supportCase);
      expect(after.escalations).toEqual([]);
      expect(after.flags).toContain('microsoftStepProposed');
    });

    it('when the tenant chose automatic and an agent had answered, then a later breach takes the Microsoft step by itself', async () => {
      await at('2035-02-21T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering({ ...toMicrosoft, microsoftStep: 'automatic' }));
      const portal = await desk.newTenantKey('portal', tenant.tenantId);
      const supportCase = await openSlaCase(desk, tenant, 'B', 'billing');
      const answered = await desk.request('POST', `/api/cases/${supportCase.id}/replies`, {
        key: tenant.agentKey,
        body: { text: 'Which invoice do you mean?' },
      });
      expect(answered.status).toBe(201);
      await at('2035-02-21T09:10:00Z');
      const asked = await desk.request('POST', `/api/cases/${supportCase.id}/customer-replies`, {
        key: portal.key,
        body: { text: 'The one from February, it lists 40 seats.' },
      });
      expect(asked.status).toBe(201);

      // Next response for B: 120 business minutes after the customer's message.
      await at('2035-02-21T11:11:00Z');
      await runSweep(desk);

      const after = await caseNow(desk, supportCase);
      expect(after).toMatchObject({ tier: 'microsoft', escalationLevel: 1 });
      expect(after.escalations).toEqual([expect.objectContaining({ vehicle: 'commercialSupport' })]);
      expect(after.flags).not.toContain('microsoftStepProposed');
    });
  });

  describe('given an agent asks for the next step', () => {
    it('then the case moves up one step with the agent and reason on the timeline, and a technical case without entitlement is flagged, not stalled', async () => {
      await at('2035-02-26T09:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering({ technicalEntitlements: [] }));
      const supportCase = await openSlaCase(desk, tenant, 'B', 'technical');

      const first = await desk.request('POST', `/api/cases/${supportCase.id}/ladder-steps`, {
        key: tenant.agentKey,
        body: { reason: 'Needs our Azure specialists' },
      });
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).toBeTruthy();
      expect(first.body).toMatchObject({ tier: 'tier2', escalationLevel: 1 });
      const step = first.body.timeline.find((event: { type: string }) => event.type === 'escalated');
      expect(step).toMatchObject({
        summary: 'Escalated from Tier 1 to Tier 2: Needs our Azure specialists',
        actor: { kind: 'agent' },
      });

      const second = await desk.request('POST', `/api/cases/${supportCase.id}/ladder-steps`, {
        key: tenant.agentKey,
        body: { reason: 'Needs Microsoft' },
      });
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('needsTechnicalEntitlement');
      expect(await caseNow(desk, supportCase)).toMatchObject({
        tier: 'tier2',
        escalationLevel: 1,
        flags: expect.arrayContaining(['needsTechnicalEntitlement']),
      });
    });

    it('then a stale If-Match is refused, an empty reason is invalid and a portal key may not climb', async () => {
      await at('2035-02-26T11:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const portal = await desk.newTenantKey('portal', tenant.tenantId);
      const supportCase = await openSlaCase(desk, tenant, 'B');
      const path = `/api/cases/${supportCase.id}/ladder-steps`;

      const stale = await desk.request('POST', path, {
        key: tenant.agentKey,
        body: { reason: 'Specialists' },
        headers: { 'if-match': 'W/"stale"' },
      });
      const empty = await desk.request('POST', path, { key: tenant.agentKey, body: { reason: ' ' } });
      const byPortal = await desk.request('POST', path, { key: portal.key, body: { reason: 'Faster please' } });

      expect([stale.status, empty.status, byPortal.status]).toEqual([412, 400, 403]);
      expect((await caseNow(desk, supportCase)).escalationLevel).toBe(0);
    });
  });
});
