import { retentionStores } from '../../shared/adapters/tables/tableRetention';
import { queueNames } from '../../shared/resourceNames';
import { startTestHost, type TestHost } from '../support/testHost';
import { seedCase } from './caseWorkFixtures';

/*
 * A triage, enrichment or SLA deadline message may arrive for a case that no longer exists: the retention purge
 * removed it while the message waited (a deadline is scheduled days ahead), or the message was resubmitted after the
 * purge. The case is written before any message about it is sent (the outbox), so a missing case will not appear
 * later: there is nothing to do, and the message is completed at its first delivery with a log line saying so, neither
 * retried until its delivery count runs out nor dead-lettered.
 */
describe('stage and deadline messages for cases that no longer exist', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ maxDeliveryCount: 3 });
  });
  afterAll(() => desk.stop());

  /** A case stored and then removed as the retention purge removes it (its case row goes last). */
  async function purgedCase(tenantId: string): Promise<string> {
    const supportCase = await seedCase(desk, tenantId, { status: 'in_progress' });
    const stored = await desk.desk.cases.get(tenantId, supportCase.id);
    const removed = await retentionStores(desk.desk.tables).personalData.removeCaseRow(
      tenantId,
      supportCase.id,
      stored!.etag,
    );
    expect(removed).toBeTruthy();
    expect(await desk.desk.cases.get(tenantId, supportCase.id)).toBeUndefined();
    return supportCase.id;
  }

  const queues = [
    ['triageCase', queueNames.caseTriage, {}],
    ['enrichCase', queueNames.caseEnrichment, {}],
    ['slaDeadline', queueNames.slaDeadlines, { dueAt: new Date().toISOString() }],
  ] as const;

  describe.each(queues)('%s', (functionName, queue, extra) => {
    it.each([
      ['purged by retention', purgedCase],
      ['never stored', async () => `case-never-${Math.random().toString(36).slice(2)}`],
    ])(
      'given a message for a case %s, when delivered, then it is completed at its first delivery with a log line and not dead-lettered',
      async (_, caseOf) => {
        const { tenantId } = await desk.newTenantKey('agent');
        const caseId = await caseOf(tenantId);
        const messageId = `gone-${functionName}-${caseId}`;
        const received = jest.spyOn(desk.host.broker.queue(queue), 'receive');
        const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
        process.env.HOST_LOGS = '1';
        let deliveries: number[];
        let lines: string[];
        try {
          const put = await desk.request('POST', `/admin/queues/${queue}/messages`, {
            body: { body: { tenantId, caseId, ...extra }, messageId },
          });
          expect(put.status).toBe(201);
          await desk.host.idle();
        } finally {
          delete process.env.HOST_LOGS;
          deliveries = received.mock.results.flatMap((result) =>
            result.value?.messageId === messageId ? [result.value.deliveryCount] : [],
          );
          lines = logged.mock.calls.map((call) => String(call[0]));
          received.mockRestore();
          logged.mockRestore();
        }

        expect(deliveries).toEqual([1]);
        const letters = (await desk.request('GET', `/admin/queues/${queue}/deadletter`)).body;
        expect(letters.filter((letter: { messageId: string }) => letter.messageId === messageId)).toEqual([]);
        expect(desk.host.broker.queue(queue).depth).toBe(0);
        expect(lines).toContainEqual(
          expect.stringMatching(new RegExp(`${functionName}: .*case ${caseId} of tenant ${tenantId} no longer exists`)),
        );
      },
    );
  });
});
