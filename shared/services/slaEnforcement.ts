import { z } from 'zod';
import type { SupportCase } from '../domain/case';
import type { EscalationRequestedMessage } from '../domain/escalation';
import { enforcementDueAt, planSlaEnforcement, type CasePlan } from '../domain/slaEnforcement';
import type { Desk } from '../composition';
import { DeskError } from '../errors';
import type { StoredCase } from '../ports/caseStore';
import { slaDueMinute, type SlaDueEntry } from '../ports/slaDueIndex';
import { queueNames } from '../resourceNames';
import { changeCase } from './caseUpdates';
import { publishEscalationRequest } from './escalationRequests';

export type SlaIndexDesk = Pick<Desk, 'slaDue' | 'publisher' | 'clock'>;
export type SlaEnforcementDesk = Pick<Desk, 'cases' | 'tenants' | 'publisher' | 'clock' | 'slaDue' | 'caseShares'>;

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

/**
 * What must follow a saved ladder or SLA change outside the case's own transaction: providing tenants can find the
 * case, Microsoft's adapter gets its request, and the due-time index follows the case. Each part is idempotent.
 */
export async function followUpCaseChange(
  desk: SlaEnforcementDesk,
  before: SupportCase,
  after: SupportCase,
  microsoftRequest?: EscalationRequestedMessage,
): Promise<void> {
  // Every share is written again, so a hand-over interrupted before its share was stored heals on the next pass.
  await Promise.all(
    after.sharedWithTenantIds.map((providerTenantId) => desk.caseShares.add(providerTenantId, { originTenantId: after.tenantId, caseId: after.id })),
  );
  if (microsoftRequest) await publishEscalationRequest(desk, microsoftRequest);
  await syncSlaDueIndex(desk, before, after);
}

export interface EnforcedCase {
  /** The version the enforcement was applied to (equal to `after` when nothing was due). */
  before: SupportCase;
  after: SupportCase;
}

/**
 * Acts on whatever of the case's SLA has fallen due at `now` (warnings, breaches, the ladder step at breach, an overdue
 * Microsoft response), in one ETag-guarded change, so overlapping sweeps and redelivered deadline messages act once.
 * Undefined when the case no longer exists.
 */
export async function enforceCaseSla(desk: SlaEnforcementDesk, tenantId: string, caseId: string, now = desk.clock.now()): Promise<EnforcedCase | undefined> {
  const offering = await desk.tenants.offering(tenantId);
  const attempt: { before?: SupportCase; plan?: CasePlan } = {};
  let after: SupportCase;
  try {
    const stored = await changeCase(
      desk.cases,
      tenantId,
      caseId,
      (current) => {
        attempt.before = current.supportCase;
        attempt.plan = planSlaEnforcement(current.supportCase, { offering, now });
        return attempt.plan;
      },
      { beforeSave: fileNextDue(desk) },
    );
    after = stored.supportCase;
  } catch (error) {
    if (error instanceof DeskError && error.kind === 'notFound') return undefined;
    throw error;
  }
  const before = attempt.before ?? after;
  await followUpCaseChange(desk, before, after, attempt.plan?.microsoftRequest);
  return { before, after };
}

export interface SweepOptions {
  /** Cases enforced at the same time. */
  concurrency?: number;
}

export interface SweepReport {
  sweptAt: string;
  /** Where this sweep started reading: the previous sweep's checkpoint (null: from the beginning). */
  sweptFrom: string | null;
  /** Index entries that fell due since the previous sweep. */
  due: number;
  /** Cases whose SLA enforcement changed them (events emitted, ladder climbed, deadline moved). */
  changed: number;
  /** UTC days (yyyyMMdd) whose index entries this sweep dropped, a day after the last of them fell due. */
  purgedDays: string[];
  purgeError?: string;
  failures: Array<{ tenantId: string; caseId: string; error: string }>;
}

/** Entries filed a moment after the previous sweep passed their instant (clock skew between instances) are still read. */
const lateFilingMarginMs = 5_000;
/** A case whose enforcement failed is filed again this much later, so the checkpoint can move on without losing it. */
const retryDelayMs = 60_000;
/** Passed entries stay at least a day for diagnosis; then their day is dropped. */
const purgeAfterMs = 24 * 60 * 60_000;
const dayMs = 24 * 60 * 60_000;

/** A checkpoint ahead of this instance's clock is not trusted: the sweep then reads the last hour again. */
const distrustedLookbackMs = 60 * 60_000;

const dayOf = (instant: number): number => Math.floor(instant / dayMs);

function readFrom(sweptUntil: Date | null, now: Date): Date | null {
  if (sweptUntil === null) return null;
  if (sweptUntil.getTime() > now.getTime()) return new Date(now.getTime() - distrustedLookbackMs);
  return new Date(sweptUntil.getTime() - lateFilingMarginMs);
}

async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** One entry per case: a case filed twice in the window (a retry, a stale entry) is enforced once. */
function distinctCases(entries: readonly SlaDueEntry[]): SlaDueEntry[] {
  const seen = new Map<string, SlaDueEntry>();
  for (const entry of entries) seen.set(`${entry.tenantId}|${entry.caseId}`, entry);
  return [...seen.values()];
}

/**
 * One pass of the SLA timer: reads only the index entries that fell due since the previous sweep (never the open
 * cases), enforces each case and moves the checkpoint to now. A case whose enforcement fails is reported and filed
 * again a minute later. Once a day it drops the index's entries of a day that ended a day ago. Overlapping sweeps are harmless:
 * enforcement acts once per case and the checkpoint at worst moves back a little, which only means reading again.
 */
export async function sweepDueCases(desk: SlaEnforcementDesk, options: SweepOptions = {}): Promise<SweepReport> {
  const now = desk.clock.now();
  const sweptUntil = await desk.slaDue.sweptUntil();
  const entries = await desk.slaDue.dueBetween(readFrom(sweptUntil, now), now);
  const report: SweepReport = { sweptAt: now.toISOString(), sweptFrom: sweptUntil?.toISOString() ?? null, due: entries.length, changed: 0, purgedDays: [], failures: [] };
  let everyCaseAccountedFor = true;
  await forEachConcurrently(distinctCases(entries), options.concurrency ?? 8, async (entry) => {
    try {
      const enforced = await enforceCaseSla(desk, entry.tenantId, entry.caseId, now);
      if (enforced && enforced.before !== enforced.after) report.changed += 1;
    } catch (error) {
      report.failures.push({ tenantId: entry.tenantId, caseId: entry.caseId, error: error instanceof Error ? error.message : String(error) });
      const retryAt = new Date(now.getTime() + retryDelayMs).toISOString();
      await desk.slaDue.move(entry.tenantId, entry.caseId, null, retryAt).catch(() => {
        everyCaseAccountedFor = false;
      });
    }
  });
  // Without a retry entry for every failed case, the next sweep starts from the old checkpoint and tries them again.
  if (everyCaseAccountedFor) await desk.slaDue.markSweptUntil(now);
  // The first sweep after the purge horizon passed midnight drops the day that became old enough, and the day before
  // it again in case that drop failed.
  const horizonThen = sweptUntil === null ? null : sweptUntil.getTime() - purgeAfterMs;
  const horizonNow = now.getTime() - purgeAfterMs;
  if (horizonThen !== null && dayOf(horizonThen) < dayOf(horizonNow)) {
    try {
      report.purgedDays = await desk.slaDue.dropDays(new Date(horizonThen - dayMs), new Date(horizonNow));
    } catch (error) {
      // Only housekeeping: the next day's first sweep drops this day again.
      report.purgeError = error instanceof Error ? error.message : String(error);
    }
  }
  return report;
}

/** A deadline message scheduled for the exact due instant: the precise path, with the sweep as the safety net. */
export async function enforceAtDeadline(desk: SlaEnforcementDesk, message: SlaDeadlineMessage): Promise<void> {
  await enforceCaseSla(desk, message.tenantId, message.caseId);
}
