import type { SupportCase } from '../domain/case';
import { planSlaEnforcement } from '../domain/slaEnforcement';
import { hasSlaEvent, type SlaClockRef } from '../domain/sla/eventRecords';
import type { Desk } from '../composition';
import { DeskError } from '../errors';
import type { StoredCase } from '../ports/caseStore';
import type { SlaDueEntry } from '../ports/slaDueIndex';
import { changeCase } from './caseUpdates';
import { fileNextDue, syncSlaDueIndex, type SlaDeadlineMessage } from './slaDueFiling';
import { forEachConcurrently } from './concurrently';

export type SlaEnforcementDesk = Pick<Desk, 'cases' | 'tenants' | 'publisher' | 'clock' | 'slaDue' | 'caseShares'>;

/**
 * What must follow a saved ladder or SLA change outside the case's own transaction: providing tenants can find the
 * case and the due-time index follows it (the outbox, escalation requests included, was sent by the change). Each part
 * is idempotent. Answers the case as it stands at the end.
 */
export async function followUpCaseChange(
  desk: SlaEnforcementDesk,
  before: SupportCase,
  after: StoredCase,
): Promise<StoredCase> {
  const { supportCase } = after;
  // Every share is written again, so a hand-over interrupted before its share was stored heals on the next pass.
  await Promise.all(
    supportCase.sharedWithTenantIds.map((providerTenantId) =>
      desk.caseShares.add(providerTenantId, { originTenantId: supportCase.tenantId, caseId: supportCase.id }),
    ),
  );
  await syncSlaDueIndex(desk, before, supportCase);
  return after;
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
export async function enforceCaseSla(
  desk: SlaEnforcementDesk,
  tenantId: string,
  caseId: string,
  now = desk.clock.now(),
): Promise<EnforcedCase | undefined> {
  const offering = await desk.tenants.offering(tenantId);
  const enforced = await changeCase(
    desk.cases,
    tenantId,
    caseId,
    (current) => planSlaEnforcement(current.supportCase, { offering, now }),
    {
      beforeSave: fileNextDue(desk),
      publisher: desk.publisher,
    },
  ).catch((error: unknown) => {
    if (error instanceof DeskError && error.kind === 'notFound') return undefined;
    throw error;
  });
  if (!enforced) return undefined;
  const { before, stored } = enforced;
  const after = await followUpCaseChange(desk, before.supportCase, stored);
  return { before: before.supportCase, after: after.supportCase };
}

/** An SLA breach one enforcement recorded on a case's timeline. */
export interface RecordedBreach {
  tenantId: string;
  caseId: string;
  metric: SlaClockRef['metric'];
  cycle: number;
}

/** The breaches `after` records and `before` did not: those this enforcement put on the timeline. */
export function breachesRecorded({ before, after }: EnforcedCase): RecordedBreach[] {
  return after.slaEventsEmitted.flatMap((record) =>
    record.kind === 'breach' && !hasSlaEvent(before.slaEventsEmitted, record)
      ? [{ tenantId: after.tenantId, caseId: after.id, metric: record.clock.metric, cycle: record.clock.cycle }]
      : [],
  );
}

/**
 * The log line of one recorded breach. The prefix "slaBreached " is what the SLA-breach alert counts
 * (infra/modules/alerts.bicep); keep it stable.
 */
export const breachLogLine = (breach: RecordedBreach): string =>
  `slaBreached tenant=${breach.tenantId} case=${breach.caseId} metric=${breach.metric} cycle=${breach.cycle}`;

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
  /** The breaches this sweep recorded (a deadline message may have recorded a case's breach first). */
  breaches: RecordedBreach[];
  /** UTC days (yyyyMMdd) whose index entries this sweep dropped, a day after the last of them fell due. */
  purgedDays: string[];
  purgeError?: string;
  failures: Array<{ tenantId: string; caseId: string; error: string }>;
}

/** Entries filed a moment after the previous sweep passed their instant (clock skew between instances) are still read. */
const lateFilingMarginMs = 5_000;
/** A case whose enforcement failed is filed again this much later, so the checkpoint can move on without losing it. */
const retryDelayMs = 60_000;
const dayMs = 24 * 60 * 60_000;
/** Passed entries stay at least a day for diagnosis; then their day is dropped. */
const purgeAfterMs = dayMs;

/** A checkpoint ahead of this instance's clock is not trusted: the sweep then reads the last hour again. */
const distrustedLookbackMs = 60 * 60_000;

const dayOf = (instant: number): number => Math.floor(instant / dayMs);

function readFrom(sweptUntil: Date | null, now: Date): Date | null {
  if (sweptUntil === null) return null;
  if (sweptUntil.getTime() > now.getTime()) return new Date(now.getTime() - distrustedLookbackMs);
  return new Date(sweptUntil.getTime() - lateFilingMarginMs);
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
 * again a minute later. Once a day it drops the index's entries of a day that ended a day ago. Overlapping sweeps are
 * harmless: enforcement acts once per case and the checkpoint at worst moves back a little, which only means reading
 * again.
 */
export async function sweepDueCases(desk: SlaEnforcementDesk, options: SweepOptions = {}): Promise<SweepReport> {
  const now = desk.clock.now();
  const sweptUntil = await desk.slaDue.sweptUntil();
  const entries = await desk.slaDue.dueBetween(readFrom(sweptUntil, now), now);
  const report: SweepReport = {
    sweptAt: now.toISOString(),
    sweptFrom: sweptUntil?.toISOString() ?? null,
    due: entries.length,
    changed: 0,
    breaches: [],
    purgedDays: [],
    failures: [],
  };
  let everyCaseAccountedFor = true;
  await forEachConcurrently(distinctCases(entries), options.concurrency ?? 8, async (entry) => {
    try {
      const enforced = await enforceCaseSla(desk, entry.tenantId, entry.caseId, now);
      if (enforced && enforced.before !== enforced.after) {
        report.changed += 1;
        report.breaches.push(...breachesRecorded(enforced));
      }
    } catch (error) {
      report.failures.push({
        tenantId: entry.tenantId,
        caseId: entry.caseId,
        error: error instanceof Error ? error.message : String(error),
      });
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
export function enforceAtDeadline(
  desk: SlaEnforcementDesk,
  message: SlaDeadlineMessage,
): Promise<EnforcedCase | undefined> {
  return enforceCaseSla(desk, message.tenantId, message.caseId);
}
