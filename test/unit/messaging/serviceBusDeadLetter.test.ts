import type { ServiceBusMessage } from '@azure/service-bus';
import { ServiceBusPublisher, type QueueSender } from '../../../shared/adapters/serviceBusPublisher';
import type { QueueName } from '../../../shared/resourceNames';

/** Records what the adapter hands each queue's sender; no namespace, no network. */
function fakeSenders(): {
  sent: { queue: QueueName; message: ServiceBusMessage }[];
  open: (queue: QueueName) => Promise<QueueSender>;
} {
  const sent: { queue: QueueName; message: ServiceBusMessage }[] = [];
  const open = async (queue: QueueName): Promise<QueueSender> => ({
    sendMessages: async (message) => {
      for (const one of Array.isArray(message) ? message : [message])
        sent.push({ queue, message: one as ServiceBusMessage });
    },
    scheduleMessages: async () => [],
  });
  return { sent, open };
}

describe('ServiceBusPublisher.deadLetter', () => {
  it('given a message that can never be processed, when dead-lettered, then its body goes to the dead-letters queue with where it came from and why', async () => {
    const { sent, open } = fakeSenders();
    const publisher = new ServiceBusPublisher('sb-test.servicebus.windows.net', undefined, open);
    const body = { subject: 'Hello', toRecipients: 'nobody@unknown.example' };

    await publisher.deadLetter({
      sourceQueue: 'email-intake',
      reason: 'UnknownMailbox',
      description: 'No tenant has registered a support mailbox among nobody@unknown.example.',
      message: {
        messageId: 'mail-7',
        deliveryCount: 1,
        enqueuedTimeUtc: '2026-03-02T09:00:00.000Z',
        applicationProperties: { mailbox: 'support@partner.example' },
        body,
      },
    });

    expect(sent).toEqual([
      {
        queue: 'dead-letters',
        message: {
          body,
          messageId: 'mail-7',
          contentType: 'application/json',
          subject: undefined,
          correlationId: undefined,
          applicationProperties: {
            mailbox: 'support@partner.example',
            sourceQueue: 'email-intake',
            deadLetterReason: 'UnknownMailbox',
            deadLetterErrorDescription: 'No tenant has registered a support mailbox among nobody@unknown.example.',
            originalMessageId: 'mail-7',
            deliveryCount: 1,
          },
        },
      },
    ]);
  });

  it('given an original whose properties use the same names, when dead-lettered, then the dead-letter properties win and long descriptions are cut to 4096 characters', async () => {
    const { sent, open } = fakeSenders();
    const publisher = new ServiceBusPublisher('sb-test.servicebus.windows.net', undefined, open);

    await publisher.deadLetter({
      sourceQueue: 'case-triage',
      reason: 'InvalidMessage',
      description: 'x'.repeat(5000),
      message: {
        messageId: 'triage-1',
        deliveryCount: 1,
        applicationProperties: { sourceQueue: 'spoofed' },
        contentType: 'text/plain',
        body: 'text',
      },
    });

    const properties = sent[0]?.message.applicationProperties;
    expect(properties?.sourceQueue).toBe('case-triage');
    expect(String(properties?.deadLetterErrorDescription)).toHaveLength(4096);
    expect(sent[0]?.message.contentType).toBe('text/plain');
  });
});
