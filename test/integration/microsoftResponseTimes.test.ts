import { startTestHost, type TestHost } from '../support/testHost';

/*
 * An answer from Microsoft that an agent records (PATCH /api/cases/{id}/escalations/{escalationId}) comes after the
 * escalation was requested and not after now: a time outside that is a typing mistake, and taking it would make the
 * escalation watch wait since 1999 and the lead's dashboard report a wait of 73 years. It is a 400 that changes
 * nothing.
 */
describe("recording Microsoft's answer to an escalation", () => {
  let desk: TestHost;
  const hour = 3_600_000;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  /** A billing case escalated to Microsoft commercial support. */
  async function escalatedCase(): Promise<{ agent: string; caseId: string; requestedAt: string }> {
    const { key: agent } = await desk.newTenantKey('agent');
    const opened = await desk.request('POST', '/api/cases', {
      key: agent,
      body: {
        title: 'Invoice charged twice',
        description: 'The November invoice was charged twice to our card.',
        product: 'microsoft365',
        category: 'billing',
        customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam' },
        contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
      },
    });
    if (opened.status !== 201) throw new Error(`POST /api/cases answered ${opened.status}: ${opened.text}`);
    await desk.host.idle();
    const escalated = await desk.request('POST', `/api/cases/${opened.body.id}/escalations`, {
      key: agent,
      body: { vehicle: 'commercialSupport', reason: 'Needs a credit note from Microsoft' },
    });
    if (escalated.status !== 201) throw new Error(`escalation answered ${escalated.status}: ${escalated.text}`);
    return { agent, caseId: opened.body.id, requestedAt: escalated.body.requestedAt };
  }

  it.each([
    ['a day after now', (): string => new Date(Date.now() + 24 * hour).toISOString()],
    [
      'a day before the escalation was requested',
      (requestedAt: string): string => new Date(Date.parse(requestedAt) - 24 * hour).toISOString(),
    ],
  ])(
    'given an escalation, when an answer dated %s is recorded, then 400 on microsoftResponse.at and nothing changes',
    async (_, atFor) => {
      const { agent, caseId, requestedAt } = await escalatedCase();

      const answer = await desk.request('PATCH', `/api/cases/${caseId}/escalations/esc-1`, {
        key: agent,
        body: { microsoftResponse: { at: atFor(requestedAt), summary: 'Credit note issued' } },
      });

      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'microsoftResponse.at' })]);
      const read = await desk.request('GET', `/api/cases/${caseId}`, { key: agent });
      expect(read.body.escalations[0].microsoftResponses).toEqual([]);
      expect(read.body.timeline.map((event: { type: string }) => event.type)).not.toContain('escalationUpdated');
    },
  );

  it('given an escalation, when an answer dated now is recorded, then 200 and the escalation has it', async () => {
    const { agent, caseId } = await escalatedCase();
    const at = new Date().toISOString();

    const answer = await desk.request('PATCH', `/api/cases/${caseId}/escalations/esc-1`, {
      key: agent,
      body: { microsoftResponse: { at, summary: 'Credit note issued' } },
    });

    expect(answer.status).toBe(200);
    expect(answer.body.microsoftResponses).toEqual([{ at, summary: 'Credit note issued' }]);
  });
});
