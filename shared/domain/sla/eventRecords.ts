import { z } from 'zod';

/** One SLA clock of a case: its metric and cycle (1 for first response and resolution; the n-th customer wait for next response). */
export const slaClockRefSchema = z.lazy(() =>
  z.object({
    metric: z.enum(['firstResponse', 'nextResponse', 'resolution']),
    cycle: z.number().int().min(1),
  }),
);
export type SlaClockRef = z.infer<typeof slaClockRefSchema>;

/**
 * Something the SLA enforcement did to a case exactly once, recorded in `SupportCase.slaEventsEmitted` so it is never
 * done again:
 * - `warning` / `breach`: the clock's warning or breach went on the timeline;
 * - `breachEscalated`: the ladder step for the clock's breach was taken (or settled: the case was resolved, on top of
 *   its ladder, refused by Microsoft, or an agent climbed by hand);
 * - `microsoftResponseOverdue`: "Microsoft response overdue" went on the timeline for the escalation.
 */
export const slaEventRecordSchema = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('warning'), clock: slaClockRefSchema }),
    z.object({ kind: z.literal('breach'), clock: slaClockRefSchema }),
    z.object({ kind: z.literal('breachEscalated'), clock: slaClockRefSchema }),
    z.object({ kind: z.literal('microsoftResponseOverdue'), escalationId: z.string().min(1) }),
  ]),
);
export type SlaEventRecord = z.infer<typeof slaEventRecordSchema>;

const legacyClockEvent = /^(firstResponse|resolution|nextResponse#([1-9]\d*)):(warning|breach|escalated)$/;
const legacyResponseOverdue = /^microsoft:([^:]+):responseOverdue$/;
const legacyKinds = { warning: 'warning', breach: 'breach', escalated: 'breachEscalated' } as const;

/**
 * The record an SLA event key of the old string form stands for: '<clock>:warning', '<clock>:breach',
 * '<clock>:escalated' (clock: 'firstResponse', 'resolution' or 'nextResponse#<n>') and
 * 'microsoft:<escalation id>:responseOverdue'. Undefined for any other string.
 */
export function slaEventRecordFromLegacyKey(key: string): SlaEventRecord | undefined {
  const overdue = legacyResponseOverdue.exec(key);
  if (overdue?.[1] !== undefined) return { kind: 'microsoftResponseOverdue', escalationId: overdue[1] };
  const clockEvent = legacyClockEvent.exec(key);
  if (!clockEvent) return undefined;
  const [, clockKey, nextResponseCycle, kind] = clockEvent;
  const clock: SlaClockRef =
    nextResponseCycle !== undefined
      ? { metric: 'nextResponse', cycle: Number(nextResponseCycle) }
      : { metric: clockKey as 'firstResponse' | 'resolution', cycle: 1 };
  return { kind: legacyKinds[kind as keyof typeof legacyKinds], clock };
}

/**
 * An entry of `slaEventsEmitted` as stored: a record, or the string key cases stored before the records (read as the
 * record it stands for, and written back as a record with the case's next change). An unknown string is an error.
 */
export const storedSlaEventRecordSchema = z.lazy(() =>
  z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    const record = slaEventRecordFromLegacyKey(value);
    if (!record)
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not an SLA event key`, input: value });
    return record ?? value;
  }, slaEventRecordSchema),
);

const sameClock = (a: SlaClockRef, b: SlaClockRef): boolean => a.metric === b.metric && a.cycle === b.cycle;

/** Whether two records stand for the same event. */
export function sameSlaEvent(a: SlaEventRecord, b: SlaEventRecord): boolean {
  if (a.kind === 'microsoftResponseOverdue')
    return b.kind === 'microsoftResponseOverdue' && a.escalationId === b.escalationId;
  return b.kind !== 'microsoftResponseOverdue' && b.kind === a.kind && sameClock(a.clock, b.clock);
}

/** Whether `emitted` holds the event. */
export const hasSlaEvent = (emitted: readonly SlaEventRecord[], record: SlaEventRecord): boolean =>
  emitted.some((other) => sameSlaEvent(other, record));
