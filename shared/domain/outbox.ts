import { z } from 'zod';
import { queueNames } from '../resourceNames';

/**
 * A message a change of a case causes (a stage request, a customer notification, an escalation request), saved on the
 * case in the same transaction as the change and sent after it: the transactional outbox. Sending it again is safe, as
 * its id is stable and the queues drop a second copy.
 */
export const outboxMessageSchema = z.lazy(() =>
  z.object({
    /** A queue of shared/resources.json. */
    queue: z.string().min(1),
    /** Service Bus message ids hold at most 128 characters. */
    messageId: z.string().min(1).max(128),
    body: z.unknown(),
    contentType: z.string().optional(),
    subject: z.string().optional(),
    correlationId: z.string().optional(),
    /** Deliver no earlier than this instant (ISO 8601): Service Bus scheduled messages. */
    scheduledEnqueueTimeUtc: z.iso.datetime().optional(),
    /** When the change that caused the message was made (ISO 8601). */
    addedAt: z.iso.datetime(),
  }),
);
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

/**
 * How long a message may wait on the case after its change before the SLA sweep sends it: the send right after the
 * save normally takes milliseconds, so a message still there a minute later was not sent (a crash, a failed publish).
 */
export const outboxGraceMs = 60_000;

/** The message with its queue and the instant of the change that caused it. */
export function outboxMessage(
  queue: string,
  message: Omit<OutboxMessage, 'queue' | 'addedAt'>,
  now: Date,
): OutboxMessage {
  return { queue, ...message, addedAt: now.toISOString() };
}

/** Adds messages to a case's outbox; a message id already there is not added twice. */
export function withOutboxMessages<Case extends { outbox: OutboxMessage[] }>(
  supportCase: Case,
  messages: readonly OutboxMessage[],
): Case {
  const known = new Set(supportCase.outbox.map((message) => message.messageId));
  const added = messages.filter((message) => !known.has(message.messageId) && known.add(message.messageId));
  return added.length === 0 ? supportCase : { ...supportCase, outbox: [...supportCase.outbox, ...added] };
}

/**
 * When the SLA sweep must send what is still on the outbox (ISO 8601); undefined when nothing waits. A deadline message
 * does not count: the due-time index entry filed before the save names the same instant, so the sweep acts then anyway.
 */
export function outboxDueAt(outbox: readonly OutboxMessage[]): string | undefined {
  const waiting = outbox.filter((message) => message.queue !== queueNames.slaDeadlines);
  if (waiting.length === 0) return undefined;
  const oldest = Math.min(...waiting.map((message) => Date.parse(message.addedAt)));
  return new Date(oldest + outboxGraceMs).toISOString();
}
