import type { QueueName } from '../resourceNames';

/** The received message as the Service Bus trigger describes it (body and `context.triggerMetadata`). */
export interface ReceivedMessageIdentity {
  /** Absent only when a function ran without a queue message (the local host's admin route). */
  messageId?: string;
  /** 1 on the first delivery. */
  deliveryCount?: number;
  /** ISO 8601, when the message entered the queue. */
  enqueuedTimeUtc?: string;
  contentType?: string;
  applicationProperties: Record<string, string | number | boolean>;
  /** The body as the trigger handed it to the function (JSON already parsed). */
  body: unknown;
}

/** A message that can never be processed, to be set aside with why. */
export interface DeadLetterRequest {
  /** The queue the message was received from. */
  sourceQueue: QueueName;
  message: ReceivedMessageIdentity;
  /** Short code, e.g. `InvalidEmail`: Service Bus's DeadLetterReason. */
  reason: string;
  /** What was wrong, for the operator who fixes and replays it: Service Bus's DeadLetterErrorDescription. */
  description: string;
}

/**
 * Sets a received message aside for an operator instead of letting it be redelivered. The in-process transport puts it
 * on the source queue's own dead-letter list; in Azure it goes to the `dead-letters` queue, because a Service Bus
 * trigger in Node.js cannot dead-letter the message it was handed (see shared/messaging/queueFunction.ts).
 */
export interface MessageDeadLetters {
  deadLetter(request: DeadLetterRequest): Promise<void>;
}
