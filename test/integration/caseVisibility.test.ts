import { slaTestOfferingHandingTo } from '../fixtures/sla/slaOffering';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * An Idempotency-Key belongs to the API key that sent it, so one customer's retries never meet another's; and what a
 * reader gets back names only cases that reader may open: no 409 with someone else's case id, no duplicate link or
 * timeline entry pointing at a case the origin tenant never handed over.
 */
const contoso = '4b1e3c2d-6f5a-4e7d-8c9b-0a1b2c3d4e5f';
const fabrikam = '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b';

const caseFor = (
  customerTenantId: string,
  name: string,
  title = `${name}: mailbox quota warnings`,
): Record<string, unknown> => ({
  title,
  description: 'Several users get quota warnings although their mailboxes are half empty.',
  product: 'microsoft365',
  customer: { tenantId: customerTenantId, name },
  contact: { name: 'Max Muster', email: `max@${name.toLowerCase()}.example` },
});

describe('what a caller sees of other callers’ cases', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  /** A tenant with an admin and two portal keys, each serving one customer. */
  async function tenantWithCustomerPortals(): Promise<{
    tenantId: string;
    contosoPortal: string;
    fabrikamPortal: string;
  }> {
    const { tenantId, key: admin } = await desk.newTenantKey('admin');
    const issue = async (customer: string): Promise<string> =>
      (await desk.request('POST', '/api/keys', { key: admin, body: { role: 'portal', customerTenantIds: [customer] } }))
        .body.secret;
    return { tenantId, contosoPortal: await issue(contoso), fabrikamPortal: await issue(fabrikam) };
  }

  describe('Idempotency-Keys', () => {
    it('given two customers’ portal keys, when both open a case with the same Idempotency-Key, then each gets its own case and never the other’s id', async () => {
      const { contosoPortal, fabrikamPortal } = await tenantWithCustomerPortals();
      const headers = { 'idempotency-key': 'ticket-4711' };

      const first = await desk.request('POST', '/api/cases', {
        key: contosoPortal,
        headers,
        body: caseFor(contoso, 'Contoso'),
      });
      const second = await desk.request('POST', '/api/cases', {
        key: fabrikamPortal,
        headers,
        body: caseFor(fabrikam, 'Fabrikam'),
      });

      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.id).not.toBe(first.body.id);
      expect(second.text).not.toContain(first.body.id);
      expect(second.body.customer.tenantId).toBe(fabrikam);
    });

    it('given one key, when it retries with the same Idempotency-Key, then the same body replays its case and another body is a 409 naming only that case', async () => {
      const { contosoPortal } = await tenantWithCustomerPortals();
      const headers = { 'idempotency-key': 'ticket-4712' };
      const first = await desk.request('POST', '/api/cases', {
        key: contosoPortal,
        headers,
        body: caseFor(contoso, 'Contoso'),
      });

      const replay = await desk.request('POST', '/api/cases', {
        key: contosoPortal,
        headers,
        body: caseFor(contoso, 'Contoso'),
      });
      const changed = await desk.request('POST', '/api/cases', {
        key: contosoPortal,
        headers,
        body: caseFor(contoso, 'Contoso', 'Another problem'),
      });

      expect([first.status, replay.status, changed.status]).toEqual([201, 200, 409]);
      expect(replay.body.id).toBe(first.body.id);
      expect(changed.body.caseId).toBe(first.body.id);
      expect((await desk.request('GET', `/api/cases/${changed.body.caseId}`, { key: contosoPortal })).status).toBe(200);
    });

    it('given two agents, when both add a note to one case with the same Idempotency-Key, then both notes are added', async () => {
      const { tenantId, key: ann } = await desk.newTenantKey('agent');
      const { key: bob } = await desk.newTenantKey('agent', tenantId);
      const caseId = (await desk.request('POST', '/api/cases', { key: ann, body: caseFor(contoso, 'Contoso') })).body
        .id;
      const headers = { 'idempotency-key': 'note-1' };

      const annNote = await desk.request('POST', `/api/cases/${caseId}/notes`, {
        key: ann,
        headers,
        body: { text: 'Ann checked the quotas.' },
      });
      const bobNote = await desk.request('POST', `/api/cases/${caseId}/notes`, {
        key: bob,
        headers,
        body: { text: 'Bob called the customer.' },
      });
      const annRetry = await desk.request('POST', `/api/cases/${caseId}/notes`, {
        key: ann,
        headers,
        body: { text: 'Ann checked the quotas.' },
      });

      expect([annNote.status, bobNote.status, annRetry.status]).toEqual([201, 201, 200]);
      const notes = annRetry.body.timeline
        .filter((event: { type: string }) => event.type === 'note')
        .map((event: { data: { text: string } }) => event.data.text);
      expect(notes).toEqual(['Ann checked the quotas.', 'Bob called the customer.']);
    });
  });

  describe('duplicate links seen by a providing tenant', () => {
    it('given a reseller hands one of two linked duplicates to its provider, when the provider reads or lists it, then the unshared case is named nowhere; once shared too, it is', async () => {
      const provider = await desk.newTenantKey('agent');
      const reseller = await desk.newTenantKey('agent');
      await desk.desk.tenants.saveOffering(reseller.tenantId, slaTestOfferingHandingTo(provider.tenantId));
      const kept = (await desk.request('POST', '/api/cases', { key: reseller.key, body: caseFor(contoso, 'Contoso') }))
        .body;
      await desk.host.idle();
      const handed = (
        await desk.request('POST', '/api/cases', {
          key: reseller.key,
          body: caseFor(contoso, 'Contoso', 'Contoso: mailbox quota warnings again'),
        })
      ).body;
      await desk.host.idle();
      const resellerView = (await desk.request('GET', `/api/cases/${handed.id}`, { key: reseller.key })).body;
      expect(resellerView.linkedCaseIds).toEqual([kept.id]);
      expect(JSON.stringify(resellerView.timeline)).toContain(kept.caseNumber);

      const step = await desk.request('POST', `/api/cases/${handed.id}/ladder-steps`, {
        key: reseller.key,
        body: { reason: 'Needs the distributor' },
      });
      expect(step.status).toBe(200);

      const read = await desk.request('GET', `/api/cases/${handed.id}`, { key: provider.key });
      const listed = await desk.request('GET', '/api/shared-cases', { key: provider.key });
      const noted = await desk.request('POST', `/api/cases/${handed.id}/notes`, {
        key: provider.key,
        body: { text: 'Looking into it.' },
      });

      expect([read.status, listed.status, noted.status]).toEqual([200, 200, 201]);
      for (const answer of [read, listed, noted]) {
        expect(answer.text).not.toContain(kept.id);
        expect(answer.text).not.toContain(kept.caseNumber);
      }
      expect(read.body.linkedCaseIds).toEqual([]);
      expect(read.body.flags).toContain('possibleDuplicate');

      const keptStep = await desk.request('POST', `/api/cases/${kept.id}/ladder-steps`, {
        key: reseller.key,
        body: { reason: 'Same problem' },
      });
      expect(keptStep.status).toBe(200);
      const nowShared = (await desk.request('GET', `/api/cases/${handed.id}`, { key: provider.key })).body;
      expect(nowShared.linkedCaseIds).toEqual([kept.id]);
      const linked = nowShared.timeline.find((event: { type: string }) => event.type === 'linked');
      expect(linked.data.caseIds).toEqual([kept.id]);
      expect(linked.summary).toContain(kept.caseNumber);
    });
  });
});
