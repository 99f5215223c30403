import { InProcessBroker } from '../../../shared/adapters/inProcess/inProcessBroker';
import { InProcessQueue } from '../../../shared/adapters/inProcess/inProcessQueue';
import { brokerOverheadBytes, UnsendableMessageError } from '../../../shared/adapters/inProcess/serviceBusWire';
import { serviceBusLimits, type OutgoingMessage } from '../../../shared/ports/messagePublisher';
import { ManualClock } from '../../support/manualClock';

/*
 * Service Bus (Standard tier) refuses these messages in Azure; the in-process transport refuses them too, with an
 * UnsendableMessageError naming the limit, so what fails in Azure fails on `npm start` first.
 * Limits: learn.microsoft.com/azure/service-bus-messaging/service-bus-quotas; message id also @azure/service-bus's sender.
 */

const queueOf = (): InProcessQueue =>
  new InProcessQueue('test-queue', { maxDeliveryCount: 10, duplicateDetectionWindowMs: 60_000 }, new ManualClock());

/** The UnsendableMessageError code the send throws, or 'accepted'. */
function sendOutcome(message: OutgoingMessage, queue = queueOf()): string {
  try {
    queue.send(message);
    return 'accepted';
  } catch (error) {
    if (error instanceof UnsendableMessageError) return error.code;
    throw error;
  }
}

/** A body whose JSON takes exactly `bytes` bytes: a string of bytes - 2 characters plus its quotes. */
const jsonOfBytes = (bytes: number): string => 'x'.repeat(bytes - 2);

describe('Service Bus limits in the in-process transport', () => {
  it('given a message id of 128 characters, then it is sent; given 129, then it is refused as MessageIdTooLong, as the SDK refuses it', () => {
    expect(sendOutcome({ body: {}, messageId: 'm'.repeat(128) })).toBe('accepted');
    expect(sendOutcome({ body: {}, messageId: 'm'.repeat(129) })).toBe('MessageIdTooLong');
  });

  it('given a message of 256 KB in all (body, properties, broker overhead), then it is sent; one byte more, then MessageSizeExceeded', () => {
    const messageId = 'size-1';
    const header = brokerOverheadBytes + messageId.length;
    const fits = { body: jsonOfBytes(serviceBusLimits.maxMessageBytes - header), messageId };
    const over = { body: jsonOfBytes(serviceBusLimits.maxMessageBytes - header + 1), messageId };

    expect(sendOutcome(fits)).toBe('accepted');
    expect(sendOutcome(over)).toBe('MessageSizeExceeded');
  });

  it('given a body of characters that take several bytes in UTF-8, then its size is counted in bytes, not characters', () => {
    const characters = Math.floor(serviceBusLimits.maxMessageBytes / 2) - 100; // fits as characters, not as bytes
    expect(sendOutcome({ body: 'ü'.repeat(characters) })).toBe('MessageSizeExceeded');
    expect(sendOutcome({ body: 'u'.repeat(characters) })).toBe('accepted');
  });

  it('given an application property over 32 KB, then PropertyTooLarge; given properties over 64 KB together, then HeaderSizeExceeded', () => {
    const kb = 1024;
    expect(sendOutcome({ body: {}, applicationProperties: { big: 'x'.repeat(32 * kb) } })).toBe('PropertyTooLarge');
    expect(sendOutcome({ body: {}, applicationProperties: { a: 'x'.repeat(30 * kb), b: 'x'.repeat(30 * kb) } })).toBe(
      'accepted',
    );
    expect(
      sendOutcome({
        body: {},
        applicationProperties: { a: 'x'.repeat(30 * kb), b: 'x'.repeat(30 * kb), c: 'x'.repeat(5 * kb) },
      }),
    ).toBe('HeaderSizeExceeded');
  });

  it('given an application property that is an object, an array or undefined, then InvalidPropertyValue; strings, numbers and booleans are sent', () => {
    const withProperty = (value: unknown): OutgoingMessage => ({
      body: {},
      applicationProperties: { p: value } as unknown as Record<string, string>,
    });
    expect([{ nested: true }, ['a'], undefined].map((value) => sendOutcome(withProperty(value)))).toEqual([
      'InvalidPropertyValue',
      'InvalidPropertyValue',
      'InvalidPropertyValue',
    ]);
    expect(['text', 1.5, false].map((value) => sendOutcome(withProperty(value)))).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
  });

  it('given a body JSON cannot represent (a BigInt, a cycle, a function), then BodyNotSerializable, as the SDK fails to encode it', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect([{ n: BigInt(1) }, cyclic, () => undefined].map((body) => sendOutcome({ body }))).toEqual([
      'BodyNotSerializable',
      'BodyNotSerializable',
      'BodyNotSerializable',
    ]);
  });

  it('given a refused message, then nothing is queued and its id is not remembered: the corrected message with the same id is accepted', () => {
    const queue = queueOf();
    expect(sendOutcome({ body: { n: BigInt(1) }, messageId: 'fix-me' }, queue)).toBe('BodyNotSerializable');
    expect(queue.depth).toBe(0);

    expect(queue.send({ body: { n: 1 }, messageId: 'fix-me' })).toBe(true);
  });

  it('given the broker, when a message over a limit is published, then publish rejects with an error that names the limit, queue and message', async () => {
    const broker = new InProcessBroker({ clock: new ManualClock() });
    const published = broker.publish('notifications', { body: {}, messageId: `sla-${'x'.repeat(130)}` });

    await expect(published).rejects.toBeInstanceOf(UnsendableMessageError);
    await expect(published).rejects.toMatchObject({
      code: 'MessageIdTooLong',
      queueName: 'notifications',
      message: expect.stringMatching(/at most 128/),
    });
  });

  it('given a message that can never be processed, when its dead letter would be over 256 KB with the reasons added, then dead-lettering fails as the send to dead-letters would in Azure', async () => {
    const broker = new InProcessBroker({ clock: new ManualClock() });
    const nearlyFull = 'x'.repeat(serviceBusLimits.maxMessageBytes - 2 * 1024);

    const deadLettering = broker.deadLetter({
      sourceQueue: 'email-intake',
      reason: 'InvalidEmail',
      description: 'y'.repeat(4000),
      message: { messageId: 'mail-big', applicationProperties: {}, body: nearlyFull },
    });

    await expect(deadLettering).rejects.toMatchObject({ code: 'MessageSizeExceeded', queueName: 'dead-letters' });
    expect(broker.queue('email-intake').deadLetters()).toEqual([]);
  });
});
