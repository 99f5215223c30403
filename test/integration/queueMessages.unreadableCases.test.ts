import { queueNames } from '../../shared/resourceNames';
import { startTestHost, type TestHost } from '../support/testHost';
import { makeCaseRowUnreadable, seedCase } from './caseWorkFixtures';

/*
 * Review probe of 5cb204b: TableCaseStore.get throws UnreadableCaseError (a DeskError 'serviceUnavailable') for a case
 * row this version cannot read. A stage or deadline message about such a case must neither complete as if the case
 * were gone (unlessCaseGone takes only notFound) nor loop: it is retried (transient) until the queue's delivery count
 * runs out and then kept as a dead letter for replay. On Azurite, with the in-process queues.
 */
describe('stage and deadline messages for a case whose row this version cannot read', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ maxDeliveryCount: 3 });
  });
  afterAll(() => desk.stop());

  const queues = [
    ['triageCase', queueNames.caseTriage, {}],
    ['enrichCase', queueNames.caseEnrichment, {}],
    ['slaDeadline', queueNames.slaDeadlines, { dueAt: new Date().toISOString() }],
  ] as const;

  it.each(queues)(
    'given a %s message for an unreadable case, when delivered, then it is retried until the delivery count runs out and kept as a dead letter, not completed',
    async (functionName, queue, extra) => {
      const { tenantId } = await desk.newTenantKey('agent');
      const supportCase = await seedCase(desk, tenantId, { status: 'in_progress' });
      await makeCaseRowUnreadable(desk.desk.tables('cases'), tenantId, supportCase.id);
      const messageId = `unreadable-${functionName}-${supportCase.id}`;
      const received = jest.spyOn(desk.host.broker.queue(queue), 'receive');
      const quiet = [jest.spyOn(console, 'error'), jest.spyOn(console, 'warn')].map((spy) =>
        spy.mockImplementation(() => undefined),
      );
      let deliveries: number[];
      try {
        const put = await desk.request('POST', `/admin/queues/${queue}/messages`, {
          body: { body: { tenantId, caseId: supportCase.id, ...extra }, messageId },
        });
        expect(put.status).toBe(201);
        await desk.host.idle();
      } finally {
        deliveries = received.mock.results.flatMap((result) =>
          result.value?.messageId === messageId ? [result.value.deliveryCount] : [],
        );
        received.mockRestore();
        quiet.forEach((spy) => spy.mockRestore());
      }

      expect(deliveries).toEqual([1, 2, 3]);
      const letters = (await desk.request('GET', `/admin/queues/${queue}/deadletter`)).body;
      expect(letters.filter((letter: { messageId: string }) => letter.messageId === messageId)).toHaveLength(1);
      expect(desk.host.broker.queue(queue).depth).toBe(0);
    },
  );
});
