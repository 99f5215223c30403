import { RestError } from '@azure/core-rest-pipeline';
import { InvocationContext } from '@azure/functions';
import { PermanentMessageError } from '../../../shared/messaging/messageFailure';
import { deadLetterPermanentFailures, type QueueHandler } from '../../../shared/messaging/queueFunction';
import type { DeadLetterRequest, MessageDeadLetters } from '../../../shared/ports/messageDeadLetters';

class RecordingDeadLetters implements MessageDeadLetters {
  readonly requests: DeadLetterRequest[] = [];
  failWith: Error | undefined;

  async deadLetter(request: DeadLetterRequest): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.requests.push(request);
  }
}

interface LogLine {
  level: string;
  text: string;
}

function delivery(triggerMetadata: Record<string, unknown>): { context: InvocationContext; logs: LogLine[] } {
  const logs: LogLine[] = [];
  const context = new InvocationContext({
    functionName: 'intakeEmail',
    triggerMetadata,
    logHandler: (level, ...args) => logs.push({ level, text: args.map(String).join(' ') }),
  });
  return { context, logs };
}

const firstDelivery = {
  messageId: 'mail-1',
  deliveryCount: 1,
  enqueuedTimeUtc: '2026-03-02T09:00:00.000Z',
  applicationProperties: { mailbox: 'support@partner.example', attempt: 1, nested: { dropped: true } },
};

const failingWith =
  (error: unknown): QueueHandler =>
  async () => {
    throw error;
  };

describe('deadLetterPermanentFailures', () => {
  it('given a handler that succeeds, when a message is delivered, then nothing is dead-lettered or logged as a failure', async () => {
    const deadLetters = new RecordingDeadLetters();
    const { context, logs } = delivery(firstDelivery);
    const handler = deadLetterPermanentFailures(
      'email-intake',
      async () => undefined,
      () => deadLetters,
    );

    await handler({ subject: 'fine' }, context);

    expect(deadLetters.requests).toEqual([]);
    expect(logs.filter((line) => line.level !== 'information')).toEqual([]);
  });

  it('given a permanent failure, when delivered the first time, then the message is dead-lettered with its identity and reason, the function returns normally, and an error is logged', async () => {
    const deadLetters = new RecordingDeadLetters();
    const { context, logs } = delivery(firstDelivery);
    const body = { subject: 'no recipients' };
    const handler = deadLetterPermanentFailures(
      'email-intake',
      failingWith(new PermanentMessageError('UnknownMailbox', 'No tenant serves it.')),
      () => deadLetters,
    );

    await expect(handler(body, context)).resolves.toBeUndefined();

    expect(deadLetters.requests).toEqual([
      {
        sourceQueue: 'email-intake',
        reason: 'UnknownMailbox',
        description: 'No tenant serves it.',
        message: {
          messageId: 'mail-1',
          deliveryCount: 1,
          enqueuedTimeUtc: '2026-03-02T09:00:00.000Z',
          contentType: undefined,
          applicationProperties: { mailbox: 'support@partner.example', attempt: 1 },
          body,
        },
      },
    ]);
    expect(logs).toEqual([
      {
        level: 'error',
        text: 'Message mail-1 from email-intake (delivery 1) dead-lettered at once, since no redelivery can succeed: UnknownMailbox: No tenant serves it.',
      },
    ]);
  });

  it('given a transient failure (storage answered 503), when delivered, then the same error is thrown so Service Bus redelivers, nothing is dead-lettered, and a warning is logged', async () => {
    const deadLetters = new RecordingDeadLetters();
    const { context, logs } = delivery({ ...firstDelivery, deliveryCount: 2 });
    const busy = new RestError('Server busy', { statusCode: 503 });
    const handler = deadLetterPermanentFailures('case-triage', failingWith(busy), () => deadLetters);

    await expect(handler({}, context)).rejects.toBe(busy);

    expect(deadLetters.requests).toEqual([]);
    expect(logs).toEqual([
      {
        level: 'warning',
        text: 'Message mail-1 from case-triage (delivery 2) failed with a transient error and will be delivered again: Server busy',
      },
    ]);
  });

  it('given a permanent failure, when dead-lettering it fails too, then the original error is thrown so the message comes back, and both are logged', async () => {
    const deadLetters = new RecordingDeadLetters();
    deadLetters.failWith = new Error('Service Bus unreachable');
    const { context, logs } = delivery(firstDelivery);
    const invalid = new PermanentMessageError('InvalidEmail', 'unrecognised email shape');
    const handler = deadLetterPermanentFailures('email-intake', failingWith(invalid), () => deadLetters);

    await expect(handler({}, context)).rejects.toBe(invalid);

    expect(logs).toHaveLength(1);
    expect(logs[0]?.level).toBe('error');
    expect(logs[0]?.text).toMatch(
      /InvalidEmail: unrecognised email shape.*dead-lettering it failed.*delivered again: Service Bus unreachable/,
    );
  });

  it('given the older trigger metadata with userProperties and no delivery count, when dead-lettered, then those properties are kept and the count is left out', async () => {
    const deadLetters = new RecordingDeadLetters();
    const { context } = delivery({ messageId: 'm-2', userProperties: { source: 'logic-app' } });
    const handler = deadLetterPermanentFailures(
      'case-triage',
      failingWith(new PermanentMessageError('InvalidMessage', 'bad')),
      () => deadLetters,
    );

    await handler('raw text', context);

    expect(deadLetters.requests[0]?.message).toEqual({
      messageId: 'm-2',
      deliveryCount: undefined,
      enqueuedTimeUtc: undefined,
      contentType: undefined,
      applicationProperties: { source: 'logic-app' },
      body: 'raw text',
    });
  });

  it('given a wrapped handler, then it names the queue it was made for', () => {
    expect(deadLetterPermanentFailures('sla-deadlines', async () => undefined).sourceQueue).toBe('sla-deadlines');
  });
});
