import { z } from 'zod';
import type { SupportCase } from './case';
import { productSchema, severitySchema } from './caseFields';
import { waitsOnMicrosoft } from './escalation/requestEscalation';
import { isOpenStatus } from './lifecycle/caseStatus';

/*
 * What a support lead watches weekly, computed from the cases themselves: how many SLA clocks were met, where the
 * backlog stands, who suffered the breaches, and how long Microsoft kept the partner waiting.
 */

const dayMs = 24 * 60 * 60 * 1000;

/** A count of SLA clocks that ended, and the share of them met (null when none ended). */
export const clockTallySchema = z.lazy(() =>
  z.object({
    met: z.number().int().min(0),
    breached: z.number().int().min(0),
    metShare: z.number().min(0).max(1).nullable(),
  }),
);
export type ClockTally = z.infer<typeof clockTallySchema>;

export const backlogBuckets = ['under1Day', 'days1To3', 'days3To7', 'days7To30', 'over30Days'] as const;

export const slaReportSchema = z.lazy(() =>
  z.object({
    /** First and last UTC day of the report (inclusive), YYYY-MM-DD. */
    from: z.iso.date(),
    to: z.iso.date(),
    generatedAt: z.iso.datetime(),
    /** Per ISO week (Monday, UTC) in which clocks were due: met against breached, overall and by severity and product. */
    weeks: z.array(
      z.object({
        weekStart: z.iso.date(),
        clocks: clockTallySchema,
        bySeverity: z.partialRecord(severitySchema, clockTallySchema),
        byProduct: z.partialRecord(productSchema, clockTallySchema),
      }),
    ),
    /** The cases still open now among those opened in the period, by how long they have been open. */
    backlogByAge: z.array(z.object({ bucket: z.enum(backlogBuckets), count: z.number().int().min(0) })),
    /** Breached clocks per customer in the period, most first. */
    breachesByCustomer: z.array(
      z.object({ customer: z.string(), customerTenantId: z.string().optional(), breaches: z.number().int().min(1) }),
    ),
    /** Escalations to Microsoft requested in the period and how long Microsoft took to answer (hours, wall clock). */
    microsoftEscalations: z.object({
      requested: z.number().int().min(0),
      answered: z.number().int().min(0),
      stillWaiting: z.number().int().min(0),
      medianHoursToAnswer: z.number().min(0).nullable(),
      longestWaitHours: z.number().min(0).nullable(),
    }),
  }),
);
export type SlaReport = z.infer<typeof slaReportSchema>;

/** The Monday (UTC) of the ISO week an instant falls in, as YYYY-MM-DD. */
export function isoWeekStart(instant: string): string {
  const at = new Date(instant);
  const day = (at.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - day)).toISOString().slice(0, 10);
}

const emptyTally = (): ClockTally => ({ met: 0, breached: 0, metShare: null });

function counted(tally: ClockTally, met: boolean): ClockTally {
  const next = { met: tally.met + (met ? 1 : 0), breached: tally.breached + (met ? 0 : 1) };
  return { ...next, metShare: next.met / (next.met + next.breached) };
}

function backlogBucket(ageMs: number): (typeof backlogBuckets)[number] {
  if (ageMs < dayMs) return 'under1Day';
  if (ageMs < 3 * dayMs) return 'days1To3';
  if (ageMs < 7 * dayMs) return 'days3To7';
  if (ageMs < 30 * dayMs) return 'days7To30';
  return 'over30Days';
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const hours = (ms: number): number => Math.round((ms / 3_600_000) * 10) / 10;

/** How long before the period a case may have been opened and still have a clock due in it (see slaReport). */
export const reportLookbackDays = 31;

/**
 * The SLA report of the period from `from` to `to` (UTC days, inclusive), as the cases stand at `now`. `cases` are
 * those opened from reportLookbackDays before the period to its end. A clock counts when it is due within the period
 * and ended: met (stopped in time) or breached (past due, whether it stopped since or still runs); it is filed under
 * the week of its due time, so every week shown lies in the period. The backlog counts the cases still open; the
 * escalations are those requested within the period. Case severity and product are the current ones.
 */
export function slaReport(cases: readonly SupportCase[], range: { from: string; to: string }, now: Date): SlaReport {
  const { start, end } = reportRange(range.from, range.to);
  const within = (instant: string): boolean =>
    Date.parse(instant) >= start.getTime() && Date.parse(instant) < end.getTime();
  const weeks = new Map<string, SlaReport['weeks'][number]>();
  const breaches = new Map<string, { customer: string; customerTenantId?: string; breaches: number }>();
  const backlog = new Map<string, number>(backlogBuckets.map((bucket) => [bucket, 0]));
  const waits: number[] = [];
  let requested = 0;
  let stillWaiting = 0;
  let longest = 0;

  for (const supportCase of cases) {
    for (const clock of supportCase.sla?.clocks ?? []) {
      const ended = clock.state === 'met' || clock.state === 'breached';
      if (!ended || clock.dueAt === undefined || !within(clock.dueAt)) continue;
      const met = clock.state === 'met';
      const weekStart = isoWeekStart(clock.dueAt);
      const week = weeks.get(weekStart) ?? { weekStart, clocks: emptyTally(), bySeverity: {}, byProduct: {} };
      week.clocks = counted(week.clocks, met);
      const severity = supportCase.severity ?? 'C';
      week.bySeverity[severity] = counted(week.bySeverity[severity] ?? emptyTally(), met);
      week.byProduct[supportCase.product] = counted(week.byProduct[supportCase.product] ?? emptyTally(), met);
      weeks.set(weekStart, week);
      if (!met) {
        const key = supportCase.customer.tenantId ?? `name:${supportCase.customer.name}`;
        const entry = breaches.get(key) ?? {
          customer: supportCase.customer.name,
          ...(supportCase.customer.tenantId ? { customerTenantId: supportCase.customer.tenantId } : {}),
          breaches: 0,
        };
        entry.breaches += 1;
        breaches.set(key, entry);
      }
    }
    if (isOpenStatus(supportCase.status)) {
      const bucket = backlogBucket(now.getTime() - Date.parse(supportCase.createdAt));
      backlog.set(bucket, (backlog.get(bucket) ?? 0) + 1);
    }
    for (const escalation of supportCase.escalations) {
      if (!within(escalation.requestedAt)) continue;
      requested += 1;
      const answer = escalation.microsoftResponses[0];
      const waited = (answer ? Date.parse(answer.at) : now.getTime()) - Date.parse(escalation.requestedAt);
      if (answer) waits.push(waited);
      else if (waitsOnMicrosoft(escalation)) stillWaiting += 1;
      longest = Math.max(longest, waited);
    }
  }

  const middle = median(waits);
  return {
    from: range.from,
    to: range.to,
    generatedAt: now.toISOString(),
    weeks: [...weeks.values()].sort((a, b) => (a.weekStart < b.weekStart ? -1 : 1)),
    backlogByAge: backlogBuckets.map((bucket) => ({ bucket, count: backlog.get(bucket) ?? 0 })),
    breachesByCustomer: [...breaches.values()].sort(
      (a, b) => b.breaches - a.breaches || a.customer.localeCompare(b.customer),
    ),
    microsoftEscalations: {
      requested,
      answered: waits.length,
      stillWaiting,
      medianHoursToAnswer: middle === null ? null : hours(middle),
      longestWaitHours: requested === 0 ? null : hours(longest),
    },
  };
}

/** The UTC instants a report of whole days covers: from the start of `from` to the end of `to`. */
export function reportRange(from: string, to: string): { start: Date; end: Date } {
  return { start: new Date(`${from}T00:00:00Z`), end: new Date(Date.parse(`${to}T00:00:00Z`) + dayMs) };
}

/** At most this many days per report: a quarter, which a lead compares week by week. */
export const maxReportDays = 92;

/** Query of GET /api/reports/sla: a range of UTC days (see reportRangeProblem for what else it must be). */
export const slaReportQuerySchema = z.lazy(() =>
  z.strictObject({
    from: z.iso
      .date()
      .max(10)
      .describe('First UTC day, YYYY-MM-DD')
      .meta({ examples: ['2026-11-02'] }),
    to: z.iso
      .date()
      .max(10)
      .describe(`Last UTC day (inclusive), YYYY-MM-DD; not before from, at most ${maxReportDays} days after it`)
      .meta({ examples: ['2026-11-29'] }),
  }),
);

/** What is wrong with a range of days as a report's, if anything: `to` before `from`, or longer than maxReportDays. */
export function reportRangeProblem(range: { from: string; to: string }): string | undefined {
  if (range.to < range.from) return 'to must not be before from';
  if ((Date.parse(range.to) - Date.parse(range.from)) / dayMs >= maxReportDays)
    return `a report covers at most ${maxReportDays} days`;
  return undefined;
}
