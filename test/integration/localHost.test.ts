import { join } from 'node:path';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';
import { invocations } from '../fixtures/functionApp/probeFunctions';

const probeFile = join(__dirname, '..', 'fixtures', 'functionApp', 'probeFunctions.ts');
const waitFor = async (condition: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('the local Functions host', () => {
  const clock = new ManualClock('2026-03-02T09:00:30Z');
  let desk: TestHost;

  beforeAll(async () => {
    process.env.PROBE_QUEUE = 'notifications';
    desk = await startTestHost({ clock, maxDeliveryCount: 3, functionFiles: [probeFile] });
  });
  afterAll(() => desk.stop());
  const of = (name: string) => invocations.filter((invocation) => invocation.functionName === name);

  describe('HTTP triggers', () => {
    it('given a route template with a constrained and an optional parameter, when called, then params, query and headers arrive', async () => {
      const response = await desk.request('GET', '/api/probe/42/blue?x=1', { headers: { 'x-probe': 'yes' } });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ params: { id: '42', label: 'blue' }, query: { x: '1' }, header: 'yes', method: 'GET' });

      const withoutOptional = await desk.request('GET', '/api/PROBE/7');
      expect(withoutOptional.body.params).toEqual({ id: '7' });
    });

    it('given a path no function serves, when called, then 404; given a method the route lacks, then 404 as in Azure', async () => {
      expect((await desk.request('GET', '/api/nothing-here')).status).toBe(404);
      expect((await desk.request('GET', '/api/probe/not-a-number')).status).toBe(404);
      // The Functions host matches methods as part of the route, so a wrong method finds no route: 404, not 405.
      const wrongMethod = await desk.request('DELETE', '/api/probe/1');
      expect(wrongMethod.status).toBe(404);
      expect(wrongMethod.headers.get('allow')).toBeNull();
      expect((await desk.request('PUT', '/api/probe/1')).status).toBe(200);
    });
  });

  describe('Service Bus queue triggers', () => {
    it('given a message, when delivered, then triggerMetadata carries messageId, deliveryCount and enqueuedTimeUtc', async () => {
      const put = await desk.request('POST', '/admin/queues/notifications/messages', {
        body: { body: { hello: 'world' }, messageId: 'm-ok-1', applicationProperties: { source: 'test' } },
      });
      expect(put.status).toBe(201);
      await desk.host.idle();

      const [delivery] = of('probeQueue').filter((invocation) => invocation.triggerMetadata.messageId === 'm-ok-1');
      expect(delivery?.input).toEqual({ hello: 'world' });
      expect(delivery?.triggerMetadata).toMatchObject({
        messageId: 'm-ok-1',
        deliveryCount: 1,
        enqueuedTimeUtc: clock.now().toISOString(),
        applicationProperties: { source: 'test' },
      });
    });

    it('given a handler that throws, when delivered, then it is redelivered with a rising count and dead-lettered with the error after max deliveries', async () => {
      await desk.request('POST', '/admin/queues/notifications/messages', { body: { body: { fail: true }, messageId: 'm-bad-1' } });
      await desk.request('POST', '/admin/queues/notifications/messages', { body: { body: { fine: true }, messageId: 'm-after-bad' } });
      await desk.host.idle();

      const attempts = of('probeQueue').filter((invocation) => invocation.triggerMetadata.messageId === 'm-bad-1');
      expect(attempts.map((attempt) => attempt.triggerMetadata.deliveryCount)).toEqual([1, 2, 3]);
      expect(of('probeQueue').some((invocation) => invocation.triggerMetadata.messageId === 'm-after-bad')).toBe(true);

      const deadLetters = await desk.request('GET', '/admin/queues/notifications/deadletter');
      expect(deadLetters.status).toBe(200);
      expect(deadLetters.body).toEqual([
        expect.objectContaining({
          messageId: 'm-bad-1',
          deliveryCount: 3,
          deadLetterReason: 'MaxDeliveryCountExceeded',
          deadLetterErrorDescription: 'probe handler refuses this message',
        }),
      ]);
    });

    it('given a scheduled message, when its time has not come, then it waits; when the clock reaches it, then it is delivered', async () => {
      const at = new Date(clock.now().getTime() + 10 * 60_000).toISOString();
      await desk.request('POST', '/admin/queues/notifications/messages', { body: { body: 'later', messageId: 'm-scheduled', scheduledEnqueueTimeUtc: at } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(of('probeQueue').some((invocation) => invocation.triggerMetadata.messageId === 'm-scheduled')).toBe(false);

      clock.set(at);
      await waitFor(() => of('probeQueue').some((invocation) => invocation.triggerMetadata.messageId === 'm-scheduled'));
    });

    it('given a queue that duplicate-detects, when the same message id is sent twice, then the second is dropped', async () => {
      const first = await desk.request('POST', '/admin/queues/notifications/messages', { body: { body: 'x', messageId: 'm-dup' } });
      const second = await desk.request('POST', '/admin/queues/notifications/messages', { body: { body: 'x', messageId: 'm-dup' } });
      expect(first.body).toMatchObject({ accepted: true });
      expect(second.body).toMatchObject({ accepted: false, duplicate: true });
    });

    it('given a bad admin message or an unknown queue, then 400 and 404 with reasons', async () => {
      const invalid = await desk.request('POST', '/admin/queues/notifications/messages', { body: { messageId: 'no-body' } });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors[0].field).toBe('body');
      expect((await desk.request('GET', '/admin/queues/no-such-queue/deadletter')).status).toBe(404);
    });
  });

  describe('timer triggers', () => {
    it('given runOnStartup, when the host starts, then the timer ran once', async () => {
      await waitFor(() => of('startupTimer').length === 1);
    });

    it('given a 6-field NCRONTAB schedule, when the clock passes the next occurrence, then the timer fires once for it', async () => {
      clock.set('2026-03-02T10:00:01Z');
      await desk.host.timers.poll();
      const before = of('probeTimer').length;
      clock.set('2026-03-02T10:04:59Z');
      await desk.host.timers.poll();
      expect(of('probeTimer')).toHaveLength(before);

      clock.set('2026-03-02T10:05:00Z');
      await desk.host.timers.poll();
      await desk.host.timers.poll();
      expect(of('probeTimer')).toHaveLength(before + 1);
      const timer = of('probeTimer').at(-1)?.input as { isPastDue: boolean; scheduleStatus: { next: string } };
      expect(timer.isPastDue).toBe(false);
      expect(timer.scheduleStatus.next).toBe('2026-03-02T10:10:00.000Z');
    });

    it('given the admin route, when a timer function is posted, then it runs once and answers 202', async () => {
      const before = of('probeTimer').length;
      const response = await desk.request('POST', '/admin/functions/probeTimer', { body: { input: '' } });
      expect(response.status).toBe(202);
      await waitFor(() => of('probeTimer').length === before + 1);
    });

    it('given the admin route, when a queue function is posted with input, then it runs with that input', async () => {
      const response = await desk.request('POST', '/admin/functions/probeQueue', { body: { input: '{"direct":true}' } });
      expect(response.status).toBe(202);
      await waitFor(() => of('probeQueue').some((invocation) => JSON.stringify(invocation.input) === '{"direct":true}'));
    });
  });
});
