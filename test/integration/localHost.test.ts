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
    // The probe app keeps the Functions host's default route prefix, api (the desk's host.json sets none).
    desk = await startTestHost({ clock, maxDeliveryCount: 3, functionFiles: [probeFile], routePrefix: 'api' });
  });
  afterAll(() => desk.stop());
  const of = (name: string) => invocations.filter((invocation) => invocation.functionName === name);

  describe('HTTP triggers', () => {
    it('given a route template with a constrained and an optional parameter, when called, then params, query and headers arrive', async () => {
      const response = await desk.request('GET', '/api/probe/42/blue?x=1', { headers: { 'x-probe': 'yes' } });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        params: { id: '42', label: 'blue' },
        query: { x: '1' },
        header: 'yes',
        method: 'GET',
      });

      const withoutOptional = await desk.request('GET', '/api/PROBE/7');
      expect(withoutOptional.body.params).toEqual({ id: '7' });
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
      await desk.request('POST', '/admin/queues/notifications/messages', {
        body: { body: { fail: true }, messageId: 'm-bad-1' },
      });
      await desk.request('POST', '/admin/queues/notifications/messages', {
        body: { body: { fine: true }, messageId: 'm-after-bad' },
      });
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
      await desk.request('POST', '/admin/queues/notifications/messages', {
        body: { body: 'later', messageId: 'm-scheduled', scheduledEnqueueTimeUtc: at },
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(of('probeQueue').some((invocation) => invocation.triggerMetadata.messageId === 'm-scheduled')).toBe(false);

      clock.set(at);
      await waitFor(() =>
        of('probeQueue').some((invocation) => invocation.triggerMetadata.messageId === 'm-scheduled'),
      );
    });

    it('given a queue that duplicate-detects, when the same message id is sent twice, then the second is dropped', async () => {
      const first = await desk.request('POST', '/admin/queues/notifications/messages', {
        body: { body: 'x', messageId: 'm-dup' },
      });
      const second = await desk.request('POST', '/admin/queues/notifications/messages', {
        body: { body: 'x', messageId: 'm-dup' },
      });
      expect(first.body).toMatchObject({ accepted: true });
      expect(second.body).toMatchObject({ accepted: false, duplicate: true });
    });

    it('given a bad admin message or an unknown queue, then 400 and 404 with reasons', async () => {
      const invalid = await desk.request('POST', '/admin/queues/notifications/messages', {
        body: { messageId: 'no-body' },
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors[0].field).toBe('body');
      expect((await desk.request('GET', '/admin/queues/no-such-queue/deadletter')).status).toBe(404);
    });
  });

  /*
   * Where the local host used to answer differently from the Functions host in Azure. The Functions host routes with
   * ASP.NET Core: each function's route is a template behind the route prefix (`api/probe/{id:int}/{label?}`), matched
   * case-insensitively, with the function's methods as a route constraint; a request no route fits falls through to an
   * empty 404, except `/`, which is the host's homepage (HomepageMiddleware; 204 with AzureWebJobsDisableHomepage).
   * The probe route serves GET and PUT only.
   */
  describe('requests no function serves', () => {
    it.each([
      ['an unknown route under the prefix', 'GET', '/api/nothing-here'],
      ['a route without the /api prefix', 'GET', '/probe/1'],
      ['the route prefix alone', 'GET', '/api'],
      ['a parameter its constraint refuses', 'GET', '/api/probe/not-a-number'],
      ['a method the route lacks', 'DELETE', '/api/probe/1'],
      ['HEAD on a GET route (no implicit HEAD)', 'HEAD', '/api/probe/1'],
      ['OPTIONS on a route (no CORS is configured)', 'OPTIONS', '/api/probe/1'],
      ['an empty segment inside the path', 'GET', '/api//probe/1'],
      ['a segment more than the route has', 'GET', '/api/probe/1/blue/extra'],
    ])('given %s, when requested, then 404 with an empty body and no Allow header', async (_what, method, path) => {
      const response = await desk.request(method, path);

      expect(response.status).toBe(404);
      expect(response.text).toBe('');
      expect(response.headers.get('content-type')).toBeNull();
      expect(response.headers.get('allow')).toBeNull();
    });
  });

  describe('requests a function serves', () => {
    it.each([
      ['the route as registered', '/api/probe/42/blue'],
      ['the prefix and literals in other case', '/API/Probe/42/blue'],
      ['one trailing slash', '/api/probe/42/blue/'],
      ['an optional parameter left out, with a trailing slash', '/api/probe/42/'],
      ['a literal written %-encoded', '/api/pr%6Fbe/42/blue'],
    ])('given %s, when requested with a method the route has, then the function runs', async (_what, path) => {
      const response = await desk.request('GET', path);

      expect(response.status).toBe(200);
      expect(response.body.params.id).toBe('42');
    });

    it('given a parameter value in other case, then it reaches the function as sent', async () => {
      expect((await desk.request('PUT', '/api/PROBE/7/Blue')).body).toMatchObject({
        params: { id: '7', label: 'Blue' },
        method: 'PUT',
      });
    });
  });

  describe('the root', () => {
    afterEach(() => {
      delete process.env.AzureWebJobsDisableHomepage;
    });

    it('given /, when requested, then the host homepage answers 200 with HTML', async () => {
      const response = await desk.request('GET', '/');

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.text).toMatch(/Functions 4\.0 app is up and running/);
    });

    it('given AzureWebJobsDisableHomepage=true, when / is requested, then 204', async () => {
      process.env.AzureWebJobsDisableHomepage = 'true';

      expect((await desk.request('GET', '/')).status).toBe(204);
    });
  });

  describe('message bodies cross the queue serialized', () => {
    /** A class whose instances carry a Date, and a getter and a method on the prototype. */
    class Deadline {
      constructor(
        readonly caseId: string,
        readonly dueAt: Date,
      ) {}
      get overdue(): boolean {
        return this.dueAt.getTime() < Date.now();
      }
      describe(): string {
        return `${this.caseId} due ${this.dueAt.toISOString()}`;
      }
    }

    it('given a published body with a Date, a class instance and an undefined property, when the queue function runs, then it gets the JSON of it, parsed', async () => {
      const body = {
        at: new Date('2026-03-02T09:00:00.000Z'),
        deadline: new Deadline('c-1', new Date('2026-03-02T13:00:00.000Z')),
        note: undefined,
        tags: ['a'],
      };

      await desk.host.broker.publish('notifications', { body, messageId: 'fidelity-body-1' });
      body.tags.push('changed after publish');
      await desk.host.idle();

      const delivery = invocations.find((invocation) => invocation.triggerMetadata.messageId === 'fidelity-body-1');
      expect(delivery?.input).toEqual({
        at: '2026-03-02T09:00:00.000Z',
        deadline: { caseId: 'c-1', dueAt: '2026-03-02T13:00:00.000Z' },
        tags: ['a'],
      });
      expect(delivery?.input).not.toHaveProperty('note');
      expect((delivery?.input as { deadline: object }).deadline).not.toBeInstanceOf(Deadline);
      expect((delivery?.input as { deadline: object }).deadline).not.toHaveProperty('overdue');
    });

    it('given a message over Service Bus limits, when published on the local host, then publish fails as the SDK send fails in Azure', async () => {
      await expect(
        desk.host.broker.publish('notifications', { body: {}, messageId: 'x'.repeat(129) }),
      ).rejects.toMatchObject({
        name: 'UnsendableMessageError',
        code: 'MessageIdTooLong',
      });
      await expect(desk.host.broker.publish('notifications', { body: 'x'.repeat(300 * 1024) })).rejects.toMatchObject({
        code: 'MessageSizeExceeded',
      });
    });

    it('given a message over Service Bus limits, when put on a queue through the admin route, then 400 naming the limit', async () => {
      const response = await desk.request('POST', '/admin/queues/notifications/messages', {
        body: { body: 'x', messageId: 'big-properties', applicationProperties: { big: 'x'.repeat(40 * 1024) } },
      });

      expect(response.status).toBe(400);
      expect(response.body.detail).toMatch(/32768/);
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
      const response = await desk.request('POST', '/admin/functions/probeQueue', {
        body: { input: '{"direct":true}' },
      });
      expect(response.status).toBe(202);
      await waitFor(() =>
        of('probeQueue').some((invocation) => JSON.stringify(invocation.input) === '{"direct":true}'),
      );
    });
  });
});
