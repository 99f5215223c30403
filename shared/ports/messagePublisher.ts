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

/**
 * What Service Bus (Standard tier, see infra/modules/serviceBus.bicep) refuses, from "Service Bus quotas"
 * (learn.microsoft.com/azure/service-bus-messaging/service-bus-quotas) and the checks of @azure/service-bus's sender.
 * A publisher may refuse a message over any of them: in Azure the SDK or the namespace does, locally the in-process
 * transport does, so a message that cannot be sent in Azure cannot be sent on `npm start` either.
 */
export const serviceBusLimits = {
  /** "Maximum size of a message ID: 128"; the SDK throws before sending a longer one. Also sessionId, partitionKey. */
  maxMessageIdLength: 128,
  /** "Message size ... 256 KB for Standard tier": body and properties (system and user) together. */
  maxMessageBytes: 256 * 1024,
  /** "Cumulative size of all properties can't exceed 64 KB": the whole header, user and system properties. */
  maxHeaderBytes: 64 * 1024,
  /** "Maximum message property size for each property is 32 KB." */
  maxPropertyBytes: 32 * 1024,
} as const;

export interface MessagePublisher {
  publish(queue: QueueName, message: OutgoingMessage): Promise<void>;
}
