import type { QueueName } from '../resourceNames';

/** A message as Service Bus carries it; the in-process transport honours the same properties. */
export interface OutgoingMessage {
  body: unknown;
  /** Queues with duplicate detection drop a second message with the same id, which makes re-publishing safe. */
  messageId?: string;
  contentType?: string;
  subject?: string;
  correlationId?: string;
  applicationProperties?: Record<string, string | number | boolean>;
  /** Deliver no earlier than this instant (Service Bus scheduled messages). */
  scheduledEnqueueTimeUtc?: Date;
}

export interface MessagePublisher {
  publish(queue: QueueName, message: OutgoingMessage): Promise<void>;
}
