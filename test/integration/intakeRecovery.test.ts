import { maxStageRetries, stageWatchDelayMs } from '../../shared/domain/slaEnforcement';
import { sweepDueCases } from '../../shared/services/slaEnforcement';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';

/**
 * No case that got its 201 is ever stranded: what a change causes is saved with it (the outbox), a new case is filed in
 * the due-time index before it is stored, and the sweep's watchdog re-requests a stage whose message was lost.
 */
describe('intake recovery', () => {
  const newCase = (index: number): Record<string, unknown> => ({
    title: `Outlook profile broken on laptop ${index}`,
    description: 'Outlook asks for the password in a loop since this morning.',
    product: 'microsoft365',
    customer: { tenantId: '2d7c1b9a-3e4f-4a5b-8c6d-7e8f9a0b1c2d', name: 'Northwind Traders' },
    contact: { name: 'Max Muster', email: 'max@northwind.example' },
  });

  async function openCases(desk: TestHost, key: string, count: number): Promise<string[]> {
    const responses = await Promise.all(
      Array.from({ length: count }, (_, index) => desk.request('POST', '/api/cases', { key, body: newCase(index) })),
    );
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 201));
    return responses.map((response) => String(response.body.id));
  }

  async function sweepAt(desk: TestHost, clock: ManualClock, instant: number): Promise<void> {
    clock.set(new Date(instant));
    await sweepDueCases(desk.desk);
    await desk.host.idle(20_000);
  }

  it('given the host stops after answering 201 and before the cases were triaged, when a new host runs the sweep a minute later, then every acknowledged case reaches enriched with SLA clocks', async () => {
    const clock = new ManualClock('2026-11-30T10:00:00Z');
    const first = await startTestHost({ clock });
    const { tenantId, key } = await first.newTenantKey('portal');
    const { key: agent } = await first.newTenantKey('agent', tenantId);
    // Triage never finishes in the first host: its stage messages are in flight when the process goes away.
    jest.spyOn(first.desk.tenants, 'triageRules').mockImplementation(() => new Promise(() => undefined));
    const ids = await openCases(first, key, 24);
    await first.stop();
    jest.restoreAllMocks();

    const second = await startTestHost({ clock });
    try {
      await sweepAt(second, clock, Date.parse('2026-11-30T10:01:01Z'));

      const cases = await Promise.all(
        ids.map(async (id) => (await second.request('GET', `/api/cases/${id}`, { key: agent })).body),
      );
      const enriched = cases.filter(
        (supportCase) => supportCase.status === 'enriched' && supportCase.sla?.clocks.length > 0,
      );
      expect(enriched.length / ids.length).toBe(1);
      // Only the deadline message of the SLA clocks may stay until the next change: the due-time index backs it.
      const waiting = cases.flatMap((supportCase) =>
        supportCase.outbox.filter((message: { queue: string }) => message.queue !== 'sla-deadlines'),
      );
      expect(waiting).toEqual([]);
      expect(second.host.broker.queue('notifications').acceptedMessageIds()).toEqual(
        expect.arrayContaining(ids.map((id) => `notification-acknowledgement-${id}`)),
      );
    } finally {
      await second.stop();
    }
  });

  it('given the queue refuses every message while cases are saved, when the sweep runs a minute later, then the cases were answered 201 and all reach enriched', async () => {
    const clock = new ManualClock('2026-11-30T14:00:00Z');
    const desk = await startTestHost({ clock });
    try {
      const { tenantId, key } = await desk.newTenantKey('portal');
      const { key: agent } = await desk.newTenantKey('agent', tenantId);
      const refusing = jest
        .spyOn(desk.desk.publisher, 'publish')
        .mockRejectedValue(new Error('Service Bus is unavailable'));
      const ids = await openCases(desk, key, 16);
      const waiting = await Promise.all(
        ids.map(async (id) => (await desk.request('GET', `/api/cases/${id}`, { key: agent })).body),
      );
      expect(waiting.map((supportCase) => [supportCase.status, supportCase.outbox.length])).toEqual(
        ids.map(() => ['new', 2]),
      );
      refusing.mockRestore();

      await sweepAt(desk, clock, Date.parse('2026-11-30T14:01:01Z'));

      const cases = await Promise.all(
        ids.map(async (id) => (await desk.request('GET', `/api/cases/${id}`, { key: agent })).body),
      );
      expect(cases.map((supportCase) => supportCase.status)).toEqual(ids.map(() => 'enriched'));
    } finally {
      jest.restoreAllMocks();
      await desk.stop();
    }
  });

  describe('given a host whose queues dead-letter at the first failed delivery', () => {
    const clock = new ManualClock('2026-11-30T10:00:00Z');
    let desk: TestHost;

    beforeAll(async () => {
      desk = await startTestHost({ clock, maxDeliveryCount: 1 });
    });
    afterAll(() => desk.stop());
    afterEach(() => jest.restoreAllMocks());

    it('when a case’s triage message is dead-lettered, then the watchdog requests triage again and the case reaches enriched', async () => {
      clock.set('2026-11-30T10:00:00Z');
      const { tenantId, key } = await desk.newTenantKey('portal');
      const { key: agent } = await desk.newTenantKey('agent', tenantId);
      const rules = jest.spyOn(desk.desk.tenants, 'triageRules').mockRejectedValue(new Error('storage throttled'));
      const [id] = await openCases(desk, key, 1);
      await desk.host.idle(20_000);
      expect(
        desk.host.broker
          .queue('case-triage')
          .deadLetters()
          .map((letter) => letter.messageId),
      ).toContain(`triage-${id}`);
      rules.mockRestore();

      await sweepAt(desk, clock, Date.parse('2026-11-30T10:01:01Z'));
      await sweepAt(desk, clock, Date.parse('2026-11-30T10:00:00Z') + stageWatchDelayMs + 1_000);

      const supportCase = (await desk.request('GET', `/api/cases/${id}`, { key: agent })).body;
      expect(supportCase.status).toBe('enriched');
      expect(supportCase.timeline.filter((event: { type: string }) => event.type === 'stageRetried')).toHaveLength(1);
    });

    it('when triage keeps failing, then after the last retry the case is flagged stuck and operators list it by flag', async () => {
      clock.set('2026-11-30T12:00:00Z');
      const { tenantId, key } = await desk.newTenantKey('portal');
      const { key: agent } = await desk.newTenantKey('agent', tenantId);
      jest.spyOn(desk.desk.tenants, 'triageRules').mockRejectedValue(new Error('storage throttled'));
      const [id] = await openCases(desk, key, 1);
      await desk.host.idle(20_000);

      const opened = Date.parse('2026-11-30T12:00:00Z');
      for (let watch = 1; watch <= maxStageRetries + 1; watch += 1)
        await sweepAt(desk, clock, opened + stageWatchDelayMs * watch + 1_000);

      const supportCase = (await desk.request('GET', `/api/cases/${id}`, { key: agent })).body;
      expect(supportCase.status).toBe('new');
      expect(supportCase.flags).toContain('stuck');
      expect(supportCase.timeline.filter((event: { type: string }) => event.type === 'stageRetried')).toHaveLength(
        maxStageRetries,
      );
      expect(supportCase.timeline.filter((event: { type: string }) => event.type === 'flaggedStuck')).toHaveLength(1);
      const listed = await desk.request('GET', '/api/cases?flag=stuck', { key: agent });
      expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
      expect((await desk.request('GET', '/api/cases?flag=stuck', { key })).status).toBe(403);
    });
  });
});
