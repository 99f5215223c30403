import { z } from 'zod';
import type { SupportCase } from '../domain/case';
import { escalationRequestedMessageSchema, type EscalationRequestedMessage } from '../domain/escalation';
import { enforcementDueAt, planSlaEnforcement, type CasePlan } from '../domain/slaEnforcement';
import type { Desk } from '../composition';
import { DeskError } from '../errors';
import { slaDueMinute, type SlaDueEntry } from '../ports/slaDueIndex';
import { queueNames } from '../resourceNames';
import { changeCase } from './caseUpdates';
import { escalationRequestedMessageId } from './microsoftEscalation';

export type SlaIndexDesk = Pick<Desk, 'slaDue' | 'publisher'>;
export type SlaEnforcementDesk = Pick<Desk, 'cases' | 'tenants' | 'publisher' | 'clock' | 'slaDue' | 'caseShares'>;

/** Body of a message scheduled on the sla-deadlines queue for the instant a case falls due. */
export const slaDeadlineMessageSchema = z.object({
  tenantId: z.string().min(1),
  caseId: z.string().min(1),
  dueAt: z.iso.datetime(),
});
export type SlaDeadlineMessage = z.infer<typeof slaDeadlineMessageSchema>;

/**
 * Keeps the due-time index in step with a case that was just saved: call it after every save that may have changed
 * the case's SLA snapshot, ladder or escalations (`before` is the version the change was applied to, `after` the saved
 * one). It moves the case's index entry and schedules a deadline message for the exact instant. Without `before` the
 * new entry is filed but an older one cannot be removed; the sweep drops that one when it comes due.
 */
export async function syncSlaDueIndex(desk: SlaIndexDesk, before: SupportCase | undefined, after: SupportCase): Promise<void> {
  const previous = before ? enforcementDueAt(before) : null;
  const next = enforcementDueAt(after);
  if (before && previous === next) return;
  await desk.slaDue.move(after.tenantId, after.id, previous, next);
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
  if (microsoftRequest) {
    await desk.publisher.publish(queueNames.escalationRequested, {
      body: escalationRequestedMessageSchema.parse(microsoftRequest),
      messageId: escalationRequestedMessageId(after.id, microsoftRequest.escalationId),
      contentType: 'application/json',
      correlationId: after.id,
    });
  }
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
    const stored = await changeCase(desk.cases, tenantId, caseId, (current) => {
      attempt.before = current.supportCase;
      attempt.plan = planSlaEnforcement(current.supportCase, { offering, now });
      return attempt.plan;
    });
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
  /** Entries one sweep takes on; the rest wait for the next sweep. */
  limit?: number;
  /** Cases enforced at the same time. */
  concurrency?: number;
}

export interface SweepReport {
  sweptAt: string;
  due: number;
  /** Entries whose case changed (events emitted, ladder climbed, deadline moved). */
  changed: number;
  /** Entries dropped because their case is gone or no longer due then. */
  stale: number;
  failures: Array<{ tenantId: string; caseId: string; error: string }>;
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

/**
 * One pass of the SLA timer: reads only the index entries due by now (never the open cases), enforces each case and
 * drops entries that no longer match their case. One failing case is reported and retried by the next sweep, since
 * its entry stays.
 */
export async function sweepDueCases(desk: SlaEnforcementDesk, options: SweepOptions = {}): Promise<SweepReport> {
  const now = desk.clock.now();
  const entries = await desk.slaDue.dueBy(now, options.limit ?? 2000);
  const report: SweepReport = { sweptAt: now.toISOString(), due: entries.length, changed: 0, stale: 0, failures: [] };
  await forEachConcurrently(entries, options.concurrency ?? 8, async (entry: SlaDueEntry) => {
    try {
      const enforced = await enforceCaseSla(desk, entry.tenantId, entry.caseId, now);
      if (enforced && enforced.before !== enforced.after) report.changed += 1;
      // The entry was moved with its case, or is the case's current one; any other entry is stale.
      const handledMinutes = enforced
        ? [enforced.before, enforced.after].map(enforcementDueAt).flatMap((dueAt) => (dueAt === null ? [] : [slaDueMinute(dueAt)]))
        : [];
      if (!handledMinutes.includes(slaDueMinute(entry.dueAt))) {
        await desk.slaDue.remove(entry);
        report.stale += 1;
      }
    } catch (error) {
      report.failures.push({ tenantId: entry.tenantId, caseId: entry.caseId, error: error instanceof Error ? error.message : String(error) });
    }
  });
  return report;
}

/** A deadline message scheduled for the exact due instant: the precise path, with the sweep as the safety net. */
export async function enforceAtDeadline(desk: SlaEnforcementDesk, message: SlaDeadlineMessage): Promise<void> {
  await enforceCaseSla(desk, message.tenantId, message.caseId);
}
