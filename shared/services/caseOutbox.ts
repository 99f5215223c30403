import type { OutboxMessage } from '../domain/outbox';
import type { MessagePublisher } from '../ports/messagePublisher';
import type { QueueName } from '../resourceNames';

/**
 * Sends outbox messages and answers the ids of those the queue took. A failed send is logged, not thrown: the message
 * stays on the case, which the due-time index holds for the SLA sweep, and the change that caused it is already saved.
 */
export async function sendOutbox(
  publisher: MessagePublisher,
  messages: readonly OutboxMessage[],
): Promise<Set<string>> {
  const sent = new Set<string>();
  await Promise.all(
    messages.map(async (message) => {
      try {
        await publisher.publish(message.queue as QueueName, {
          body: message.body,
          messageId: message.messageId,
          contentType: message.contentType,
          subject: message.subject,
          correlationId: message.correlationId,
          ...(message.scheduledEnqueueTimeUtc && {
            scheduledEnqueueTimeUtc: new Date(message.scheduledEnqueueTimeUtc),
          }),
        });
        sent.add(message.messageId);
      } catch (error) {
        console.warn(
          `outbox: ${message.queue} message ${message.messageId} not sent yet, the SLA sweep will send it: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }),
  );
  return sent;
}
