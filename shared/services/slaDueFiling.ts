import { z } from 'zod';
import type { Desk } from '../composition';
import type { SupportCase } from '../domain/case';
import { enforcementDueAt } from '../domain/slaEnforcement';
import type { StoredCase } from '../ports/caseStore';
import { slaDueMinute } from '../ports/slaDueIndex';
import { queueNames } from '../resourceNames';

export type SlaIndexDesk = Pick<Desk, 'slaDue' | 'publisher' | 'clock'>;

/** Body of a message scheduled on the sla-deadlines queue for the instant a case falls due. */
export const slaDeadlineMessageSchema = z.object({
  tenantId: z.string().min(1),
  caseId: z.string().min(1),
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
export async function syncSlaDueIndex(desk: SlaIndexDesk, before: SupportCase | undefined, after: SupportCase): Promise<void> {
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
  if (next === null) return;
  const message: SlaDeadlineMessage = { tenantId: after.tenantId, caseId: after.id, dueAt: next };
  await desk.publisher.publish(queueNames.slaDeadlines, {
    body: message,
    messageId: `sla-${after.tenantId}-${after.id}-${next}`,
    contentType: 'application/json',
    scheduledEnqueueTimeUtc: new Date(next),
  });
}
