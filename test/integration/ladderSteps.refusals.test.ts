import { slaTestOffering } from '../fixtures/sla/slaOffering';
import { startTestHost, type TestHost } from '../support/testHost';

describe('ladder steps the desk refuses', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  /** A technical password reset, which triage places on tier 1, the ladder's first step; once the pipeline is done. */
  async function openPasswordReset(agent: string): Promise<{ body: { id: string } }> {
    const opened = await desk.request('POST', '/api/cases', {
      key: agent,
      body: {
        title: 'Password reset',
        description: 'A user needs a password reset.',
        product: 'microsoft365',
        category: 'technical',
        customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam' },
        contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
      },
    });
    if (opened.status !== 201) throw new Error(`POST /api/cases answered ${opened.status}: ${opened.text}`);
    await desk.host.idle();
    return opened;
  }

  /*
   * A resolved or closed case needs nobody further up: `POST /api/cases/{id}/escalations` answers it 409 `caseNotOpen`
   * ("reopen it first"), and so does `POST /api/cases/{id}/ladder-steps`, whichever step comes next. Before, the ladder
   * moved a closed case up a tier, or handed it to the providing tenant, and only a Microsoft step was refused.
   */
  describe('of a case that is no longer open', () => {
    /** A tenant whose ladder goes tier 1 -> its provider -> tier 2, and one of its cases moved to the given status. */
    async function caseIn(status: 'resolved' | 'closed'): Promise<{ agent: string; provider: string; caseId: string }> {
      const provider = await desk.newTenantKey('agent');
      const { tenantId, key: agent } = await desk.newTenantKey('agent');
      await desk.desk.tenants.saveOffering(
        tenantId,
        slaTestOffering({
          escalationLadder: [
            { kind: 'tier', tier: 'tier1' },
            { kind: 'partnerTenant', tenantId: provider.tenantId, name: 'Contoso Distribution' },
            { kind: 'tier', tier: 'tier2' },
          ],
        }),
      );
      const opened = await openPasswordReset(agent);
      const moves = status === 'resolved' ? ['in_progress', 'resolved'] : ['in_progress', 'resolved', 'closed'];
      for (const to of moves) {
        const moved = await desk.request('POST', `/api/cases/${opened.body.id}/transitions`, {
          key: agent,
          body: { to },
        });
        if (moved.status !== 200) throw new Error(`transition to ${to} answered ${moved.status}: ${moved.text}`);
      }
      return { agent, provider: provider.key, caseId: opened.body.id };
    }

    it.each(['resolved', 'closed'] as const)(
      'given a %s case whose next step is the provider, when an agent asks for the next step, then 409 caseNotOpen and the case stays where it was',
      async (status) => {
        const { agent, provider, caseId } = await caseIn(status);
        const before = (await desk.request('GET', `/api/cases/${caseId}`, { key: agent })).body;

        const step = await desk.request('POST', `/api/cases/${caseId}/ladder-steps`, {
          key: agent,
          body: { reason: 'Needs the distributor' },
        });

        expect(step.status).toBe(409);
        expect(step.headers.get('content-type')).toContain('application/problem+json');
        expect(step.body.code).toBe('caseNotOpen');
        const after = (await desk.request('GET', `/api/cases/${caseId}`, { key: agent })).body;
        expect(after.escalationLevel).toBe(before.escalationLevel);
        expect(after.sharedWithTenantIds).toEqual([]);
        expect(after.timeline).toHaveLength(before.timeline.length);
        expect((await desk.request('GET', `/api/cases/${caseId}`, { key: provider })).status).toBe(404);
      },
    );
  });

  /*
   * A technical case whose next step is Microsoft, in a tenant holding no technical entitlement, is refused 409
   * `needsTechnicalEntitlement` and flagged once, so it does not stall unnoticed. Asking again (a retry, a second agent)
   * changes nothing more: before, every refusal added another "Not escalated to Microsoft" entry and a new version of the
   * case, so the other agents' If-Match went stale for nothing.
   */
  describe('asked again for a Microsoft step the tenant cannot take', () => {
    it('given a technical case refused the Microsoft step and flagged, when an agent asks again, then 409 again and neither the timeline nor the version changes', async () => {
      const { tenantId, key: agent } = await desk.newTenantKey('agent');
      await desk.desk.tenants.saveOffering(tenantId, slaTestOffering({ technicalEntitlements: [] }));
      // Tier 1: tier 2 is one step up, Microsoft two.
      const opened = await openPasswordReset(agent);
      const path = `/api/cases/${opened.body.id}/ladder-steps`;
      expect((await desk.request('POST', path, { key: agent, body: { reason: 'Specialists' } })).status).toBe(200);
      const first = await desk.request('POST', path, { key: agent, body: { reason: 'Needs Microsoft' } });
      expect(first.status).toBe(409);
      const flagged = await desk.request('GET', `/api/cases/${opened.body.id}`, { key: agent });
      expect(flagged.body.flags).toContain('needsTechnicalEntitlement');

      const again = await desk.request('POST', path, { key: agent, body: { reason: 'Needs Microsoft, really' } });

      expect(again.status).toBe(409);
      expect(again.body.code).toBe('needsTechnicalEntitlement');
      const after = await desk.request('GET', `/api/cases/${opened.body.id}`, { key: agent });
      expect(after.headers.get('etag')).toBe(flagged.headers.get('etag'));
      expect(after.body.timeline).toHaveLength(flagged.body.timeline.length);
    });
  });
});
