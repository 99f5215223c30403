import { InProcessBroker } from '../../../shared/adapters/inProcess/inProcessBroker';
import { InProcessQueue } from '../../../shared/adapters/inProcess/inProcessQueue';
import { resources } from '../../../shared/resourceNames';
import { ManualClock } from '../../support/manualClock';

/*
 * The in-process queue behind `npm start` against what Service Bus does with the same message: peek-lock redelivery
 * (abandon puts the message back at once, ahead of later ones), dead-lettering after maxDeliveryCount, scheduled
 * messages, and bodies that cross the queue as bytes.
 */

const queueOf = (clock = new ManualClock(), maxDeliveryCount = 10): InProcessQueue =>
  new InProcessQueue('test-queue', { maxDeliveryCount, duplicateDetectionWindowMs: 60_000 }, clock);

/** Receives the next message and fails it, as a function that throws under peek-lock does. */
function failNext(queue: InProcessQueue): string | undefined {
  const message = queue.receive();
  if (message) queue.abandon(message.lockToken, new Error('handler threw'));
  return message?.messageId;
}

describe('redelivery under peek-lock, as Service Bus does it', () => {
  it('given messages A then B, when the handler of A throws, then A is delivered again at once, before B, with delivery count 2', () => {
    const queue = queueOf();
    queue.send({ body: 'a', messageId: 'A' });
    queue.send({ body: 'b', messageId: 'B' });

    expect(failNext(queue)).toBe('A');
    const next = queue.receive();

    expect(next).toMatchObject({ messageId: 'A', deliveryCount: 2 });
  });

  it('given A fails on every delivery, when it is abandoned maxDeliveryCount times, then it is dead-lettered and only then does B come', () => {
    const queue = queueOf(new ManualClock(), 3);
    queue.send({ body: 'a', messageId: 'A' });
    queue.send({ body: 'b', messageId: 'B' });

    const order = [failNext(queue), failNext(queue), failNext(queue), queue.receive()?.messageId];

    expect(order).toEqual(['A', 'A', 'A', 'B']);
    expect(queue.deadLetters()).toEqual([
      expect.objectContaining({
        messageId: 'A',
        deliveryCount: 3,
        deadLetterReason: 'MaxDeliveryCountExceeded',
        body: 'a',
      }),
    ]);
  });

  it('given A is being handled while B waits, when A is abandoned, then the next receive still gets A, not B', () => {
    const queue = queueOf();
    queue.send({ body: 1, messageId: 'A' });
    queue.send({ body: 2, messageId: 'B' });
    const first = queue.receive();
    const second = queue.receive(); // B is in flight too (concurrent deliveries)
    queue.send({ body: 3, messageId: 'C' });

    queue.abandon(first?.lockToken ?? '', new Error('handler threw'));

    expect(second?.messageId).toBe('B');
    expect(queue.receive()?.messageId).toBe('A');
    expect(queue.receive()?.messageId).toBe('C');
  });

  it.each(Object.values(resources.queues).map((queue) => [queue.name, queue.maxDeliveryCount] as const))(
    "given the broker of resources.json, when a %s message fails every delivery, then it is dead-lettered after that queue's maxDeliveryCount (%i)",
    async (name, maxDeliveryCount) => {
      const broker = new InProcessBroker({ clock: new ManualClock() });
      await broker.publish(name, { body: { n: 1 }, messageId: 'always-fails' });
      const queue = broker.queue(name);

      const deliveries: number[] = [];
      for (let message = queue.receive(); message; message = queue.receive()) {
        deliveries.push(message.deliveryCount);
        queue.abandon(message.lockToken, new Error('handler threw'));
      }

      expect(deliveries).toEqual(Array.from({ length: maxDeliveryCount }, (_, index) => index + 1));
      expect(queue.deadLetters().map((letter) => letter.deliveryCount)).toEqual([maxDeliveryCount]);
    },
  );

  it('given a scheduled message, when its time has not come, then it is not delivered; when it comes and the handler throws, then it is redelivered at once', () => {
    const clock = new ManualClock('2026-03-02T09:00:00Z');
    const queue = queueOf(clock);
    queue.send({ body: 'later', messageId: 'S', scheduledEnqueueTimeUtc: new Date('2026-03-02T09:10:00Z') });
    queue.send({ body: 'now', messageId: 'N' });

    expect(queue.receive()?.messageId).toBe('N');
    expect(queue.receive()).toBeUndefined();

    clock.set('2026-03-02T09:10:00Z');
    expect(failNext(queue)).toBe('S');
    expect(queue.receive()).toMatchObject({ messageId: 'S', deliveryCount: 2 });
  });
});

class Money {
  constructor(
    readonly amount: number,
    readonly currency: string,
  ) {}
  format(): string {
    return `${this.amount} ${this.currency}`;
  }
}

describe('bodies cross the queue as bytes, as the SDK sends them and the trigger hands them to a Node.js handler', () => {
  it('given a body with a Date, a class instance, an undefined property and a Map, when received, then it is the JSON of it, parsed', () => {
    const queue = queueOf();
    const at = new Date('2026-03-02T09:00:00.000Z');
    queue.send({
      body: { at, price: new Money(12.5, 'EUR'), missing: undefined, lookup: new Map([['a', 1]]) },
      messageId: 'M',
    });

    const received = queue.receive()?.body as Record<string, unknown>;

    expect(received).toEqual({ at: '2026-03-02T09:00:00.000Z', price: { amount: 12.5, currency: 'EUR' }, lookup: {} });
    expect('missing' in received).toBe(false);
    expect(received.price).not.toBeInstanceOf(Money);
    expect(Object.getPrototypeOf(received.price)).toBe(Object.prototype);
  });

  it.each([
    ['a string', 'hello', 'hello'],
    ['a number', 42, 42],
    ['null', null, null],
    ['undefined (sent as null by the SDK)', undefined, null],
    ['an array with undefined (null in JSON)', [1, undefined], [1, null]],
    ['a Buffer of JSON text', Buffer.from('{"a":1}'), { a: 1 }],
    ['a Buffer of plain text', Buffer.from('plain text'), 'plain text'],
    ['a string that is itself JSON (stays a string)', '{"a":1}', '{"a":1}'],
  ])(
    'given %s as the body, when received, then the handler gets it as the Functions host would deliver it',
    (_what, body, expected) => {
      const queue = queueOf();
      queue.send({ body, messageId: 'M' });

      expect(queue.receive()?.body).toEqual(expected);
    },
  );

  it('given a sent body, when the sender changes its object afterwards, then the message keeps what was sent', () => {
    const queue = queueOf();
    const body = { status: 'new', tags: ['a'] };
    queue.send({ body, messageId: 'M', applicationProperties: { source: 'portal' } });

    body.status = 'changed';
    body.tags.push('b');

    expect(queue.receive()).toMatchObject({
      body: { status: 'new', tags: ['a'] },
      applicationProperties: { source: 'portal' },
    });
  });

  it('given a handler that changes the body it received and throws, when the message is redelivered, then the redelivery has the body as sent', () => {
    const queue = queueOf();
    const sent = { attempts: 0 };
    queue.send({ body: sent, messageId: 'M' });

    const first = queue.receive();
    (first?.body as { attempts: number }).attempts = 99;
    queue.abandon(first?.lockToken ?? '', new Error('handler threw'));
    const second = queue.receive();

    expect(second?.body).toEqual({ attempts: 0 });
    expect(second?.body).not.toBe(first?.body);
    expect(sent.attempts).toBe(0);
  });

  it('given a function that dead-letters the body it changed, when the dead letter is read, then it holds a copy the function can no longer change', async () => {
    const broker = new InProcessBroker({ clock: new ManualClock() });
    const body = { tenantId: 't', caseId: 'c' };
    await broker.deadLetter({
      sourceQueue: 'case-triage',
      reason: 'InvalidMessage',
      description: 'bad',
      message: { messageId: 'x', applicationProperties: {}, body },
    });

    body.caseId = 'changed later';

    expect(broker.queue('case-triage').deadLetters()[0]?.body).toEqual({ tenantId: 't', caseId: 'c' });
  });
});

describe('duplicate detection by message id, as Service Bus does it within its history window', () => {
  it('given a message id sent among many others, when it is sent again within the window it is dropped, and once the window has passed it is taken', () => {
    const clock = new ManualClock('2030-01-07T09:00:00Z');
    const queue = queueOf(clock);
    expect(queue.send({ body: 'first', messageId: 'notification-1' })).toBe(true);
    clock.set('2030-01-07T09:00:30Z');
    for (let index = 0; index < 1_000; index += 1) queue.send({ body: index, messageId: `other-${index}` });

    clock.set('2030-01-07T09:00:59Z');
    expect(queue.send({ body: 'again', messageId: 'notification-1' })).toBe(false);
    clock.set('2030-01-07T09:01:01Z');
    expect(queue.send({ body: 'later', messageId: 'notification-1' })).toBe(true);
    expect(queue.send({ body: 'again', messageId: 'other-999' })).toBe(false);
  });

  it('given a clock set back after ids were seen, when an id older than the window comes again behind a newer one, then it is taken, and the newer one is still dropped', () => {
    const clock = new ManualClock('2030-01-07T09:10:00Z');
    const queue = queueOf(clock);
    queue.send({ body: 'newer', messageId: 'newer' });
    clock.set('2030-01-07T09:00:00Z');
    queue.send({ body: 'older', messageId: 'older' });

    clock.set('2030-01-07T09:10:30Z');
    expect(queue.send({ body: 'older again', messageId: 'older' })).toBe(true);
    expect(queue.send({ body: 'newer again', messageId: 'newer' })).toBe(false);
  });
});
