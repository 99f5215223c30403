import { z } from 'zod';
import type { Desk } from '../composition';
import type { SupportCase } from '../domain/case';
import { enforcementDueAt } from '../domain/slaEnforcement';
import type { StoredCase } from '../ports/caseStore';
import { slaDueMinute } from '../ports/slaDueIndex';
import { queueNames } from '../resourceNames';
import { outboxMessage, withOutboxMessages, type OutboxMessage } from '../domain/outbox';
import { tableKeySchema } from '../domain/tableKeys';
import { sendOutbox } from './caseOutbox';

export type SlaIndexDesk = Pick<Desk, 'slaDue' | 'publisher' | 'clock'>;

/** Body of a message scheduled on the sla-deadlines queue for the instant a case falls due; the ids key its rows. */
export const slaDeadlineMessageSchema = z.object({
  tenantId: tableKeySchema,
  caseId: tableKeySchema,
  dueAt: z.iso.datetime(),
});
export type SlaDeadlineMessage = z.infer<typeof slaDeadlineMessageSchema>;

/**
 * Files the next version of a case under its next due instant before that version is saved (pass it as `beforeSave` to
 * `changeCase`). A save that then fails leaves a hint that costs the sweep one read; a process that stops right after
 * the save leaves the case filed, so the sweep still acts on it in time.
 */
export function fileNextDue(desk: Pick<Desk, 'slaDue'>): (current: StoredCase, next: SupportCase) => Promise<void> {
  return async (current, next) => {
    const nextDue = enforcementDueAt(next);
    if (nextDue === null || nextDue === enforcementDueAt(current.supportCase)) return;
    await desk.slaDue.move(next.tenantId, next.id, null, nextDue);
  };
}

/**
 * Completes the due-time index after a change that may have moved the case's SLA snapshot, ladder or escalations.
 * `before` is the version the change was applied to and `after` the saved one, which the save already filed through
 * `fileNextDue`; without `before` (nothing was saved, e.g. a redelivered message found its work done) `after` is filed
 * again, which heals an entry a stopped process never wrote. It removes the previous entry while that is still ahead
 * (one already due is behind the sweep, which passes it once, and goes when its day is dropped) and schedules a
 * deadline message for the exact next due instant.
 */
export async function syncSlaDueIndex(
  desk: SlaIndexDesk,
  before: SupportCase | undefined,
  after: SupportCase,
): Promise<void> {
  const next = enforcementDueAt(after);
  if (before === undefined) {
    if (next !== null) await desk.slaDue.move(after.tenantId, after.id, null, next);
  } else {
    const previous = enforcementDueAt(before);
    if (previous === next) return;
    const stillAhead = previous !== null && Date.parse(previous) > desk.clock.now().getTime();
    // An entry in the same minute is the same row, which filing the new version already overwrote.
    if (stillAhead && (next === null || slaDueMinute(previous) !== slaDueMinute(next))) {
      await desk.slaDue.move(after.tenantId, after.id, previous, null);
    }
  }
  // A change saved its deadline message on the outbox; a heal (nothing saved) sends one for the case as it stands.
  if (next !== null && before === undefined)
    await sendOutbox(desk.publisher, [deadlineMessage(after, next, desk.clock.now())]);
}

/**
 * The message scheduled on the sla-deadlines queue for the exact instant a case falls due. Its id names the case and
 * the instant (base 36), so the same deadline is sent once, and it stays far below Service Bus's 128 characters
 * whatever the tenant id's length.
 */
export function deadlineMessage(supportCase: SupportCase, dueAt: string, now: Date): OutboxMessage {
  const body: SlaDeadlineMessage = { tenantId: supportCase.tenantId, caseId: supportCase.id, dueAt };
  const messageId = `sla-${supportCase.id}-${Date.parse(dueAt).toString(36)}`;
  return {
    ...outboxMessage(
      queueNames.slaDeadlines,
      { body, messageId, contentType: 'application/json', correlationId: supportCase.id },
      now,
    ),
    scheduledEnqueueTimeUtc: dueAt,
  };
}

/**
 * The next version with the deadline message of its next due instant on the outbox, when that instant moved. The
 * message is stamped with the version's updatedAt: only its scheduled instant matters, as the sweep finds the case
 * through the index entry of the same instant should the message be lost.
 */
export function withDeadlineMessage(current: SupportCase, next: SupportCase): SupportCase {
  const dueAt = enforcementDueAt(next);
  if (dueAt === null || dueAt === enforcementDueAt(current)) return next;
  return withOutboxMessages(next, [deadlineMessage(next, dueAt, new Date(next.updatedAt))]);
}
