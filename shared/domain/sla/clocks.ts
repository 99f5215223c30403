import type { Severity } from '../caseFields';
import { aroundTheClockServiceHours, normaliseRanges, type ServiceHours, type TimeRange } from '../serviceHours';
import { deadlineAfter } from './deadline';
import type { SlaHistoryEvent } from './history';
import type { SlaPolicy, SlaTargets } from './policy';
import { foldTimeline, severityAt, type CaseTimeline } from './timeline';

export type SlaMetric = 'firstResponse' | 'nextResponse' | 'resolution';
export type SlaClockState = 'notStarted' | 'running' | 'paused' | 'met' | 'breached';

/** Stable name of a clock within its case: 'firstResponse', 'resolution', or 'nextResponse#<cycle>'. */
export function slaClockKey(clock: { readonly metric: SlaMetric; readonly cycle: number }): string {
  return clock.metric === 'nextResponse' ? `nextResponse#${clock.cycle}` : clock.metric;
}

interface SlaClockIdentity {
  readonly metric: SlaMetric;
  /** 1 for first response and resolution; the n-th customer wait for next response. */
  readonly cycle: number;
  /** Stable name of this clock within the case, e.g. 'firstResponse' or 'nextResponse#2'. */
  readonly key: string;
}

export interface NotStartedSlaClock extends SlaClockIdentity {
  readonly state: 'notStarted';
  /** The target that would apply if it started now; absent before the case is opened. */
  readonly targetMinutes?: number;
}

/**
 * A clock that has started. Clocks are recomputed from history, never counted down: `dueAt` is where the
 * target is used up in business time after `startedAt`, moved by every paused span. While `paused`, `dueAt`
 * and `warningAt` are projected as if the case resumed at the evaluation instant.
 * A clock stopped at or before `dueAt` is met; a running clock is breached from `dueAt` on.
 */
export interface StartedSlaClock extends SlaClockIdentity {
  readonly state: Exclude<SlaClockState, 'notStarted'>;
  readonly severity: Severity;
  readonly aroundTheClock: boolean;
  readonly targetMinutes: number;
  readonly startedAt: number;
  /** Paused spans inside the clock's life, the ongoing one ending at the evaluation instant. */
  readonly pausedIntervals: readonly TimeRange[];
  readonly dueAt: number;
  readonly warningAt: number;
  readonly stoppedAt?: number;
  readonly breachedAt?: number;
}

export type SlaClock = NotStartedSlaClock | StartedSlaClock;

export interface SlaEvaluation {
  readonly evaluatedAt: number;
  /** Severity in force at `evaluatedAt`; absent before the case is opened. */
  readonly severity?: Severity;
  readonly firstResponse: SlaClock;
  /** The latest next-response cycle (or notStarted when the customer has not waited since the first response). */
  readonly nextResponse: SlaClock;
  readonly resolution: SlaClock;
  /** Every next-response cycle so far, oldest first; the last one is `nextResponse`. */
  readonly nextResponseCycles: readonly StartedSlaClock[];
  /** Earliest warning or breach instant after `evaluatedAt` among running clocks, for a due-time index. */
  readonly nextDueAt: number | null;
}

export interface SlaEvaluationInput {
  /** The case's SLA-relevant history, in any order. */
  readonly history: readonly SlaHistoryEvent[];
  readonly policy: SlaPolicy;
  /** The compiled service hours of the case's support offering. */
  readonly serviceHours: ServiceHours;
  readonly now: number;
  /** Hours used by severities whose targets run around the clock; 24x7 unless given. */
  readonly aroundTheClock?: ServiceHours;
}

const targetMinutesOf: Record<SlaMetric, (targets: SlaTargets) => number> = {
  firstResponse: (targets) => targets.firstResponseMinutes,
  nextResponse: (targets) => targets.nextResponseMinutes,
  resolution: (targets) => targets.resolutionMinutes,
};

interface ClockSpan {
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly key: string;
  readonly startedAt: number;
  readonly stoppedAt: number | null;
  /** Spans that do not count for this clock besides the case's pauses. */
  readonly excluded: readonly TimeRange[];
}

function stateOf(span: ClockSpan, dueAt: number, pausedNow: boolean, now: number): StartedSlaClock['state'] {
  if (span.stoppedAt !== null) return span.stoppedAt <= dueAt ? 'met' : 'breached';
  if (now >= dueAt) return 'breached';
  return pausedNow ? 'paused' : 'running';
}

function startedClock(span: ClockSpan, timeline: CaseTimeline, input: SlaEvaluationInput): StartedSlaClock {
  // The severity at the stop decides a stopped clock; a running one takes today's severity retroactively.
  const severity = severityAt(timeline, span.stoppedAt ?? input.now);
  const targets = input.policy.targets[severity];
  const targetMinutes = targetMinutesOf[span.metric](targets);
  const hours = targets.aroundTheClock ? (input.aroundTheClock ?? aroundTheClockServiceHours) : input.serviceHours;
  const end = span.stoppedAt ?? input.now;
  const pausedIntervals = normaliseRanges([...timeline.pauses, ...span.excluded], span.startedAt, end);
  const dueAt = deadlineAfter(hours, span.startedAt, targetMinutes, pausedIntervals);
  const warningAt = deadlineAfter(hours, span.startedAt, targetMinutes * input.policy.warningShare, pausedIntervals);
  const state = stateOf(span, dueAt, timeline.pausedNow, input.now);
  return {
    metric: span.metric,
    cycle: span.cycle,
    key: span.key,
    state,
    severity,
    aroundTheClock: targets.aroundTheClock,
    targetMinutes,
    startedAt: span.startedAt,
    pausedIntervals,
    dueAt,
    warningAt,
    ...(span.stoppedAt !== null ? { stoppedAt: span.stoppedAt } : {}),
    ...(state === 'breached' ? { breachedAt: dueAt } : {}),
  };
}

function nextDueAtOf(clocks: readonly SlaClock[], now: number): number | null {
  let next: number | null = null;
  for (const clock of clocks) {
    if (clock.state !== 'running') continue;
    for (const instant of [clock.warningAt, clock.dueAt]) {
      if (instant > now && (next === null || instant < next)) next = instant;
    }
  }
  return next;
}

/** Recomputes every SLA clock of a case from its history as of `now` (pure). */
export function evaluateSla(input: SlaEvaluationInput): SlaEvaluation {
  const timeline = foldTimeline(input.history, input.now);
  if (!timeline) {
    const notStarted = (metric: SlaMetric): NotStartedSlaClock => ({
      metric,
      cycle: 1,
      key: slaClockKey({ metric, cycle: 1 }),
      state: 'notStarted',
    });
    return {
      evaluatedAt: input.now,
      firstResponse: notStarted('firstResponse'),
      nextResponse: notStarted('nextResponse'),
      resolution: notStarted('resolution'),
      nextResponseCycles: [],
      nextDueAt: null,
    };
  }

  const firstResponse = startedClock(
    {
      metric: 'firstResponse',
      cycle: 1,
      key: slaClockKey({ metric: 'firstResponse', cycle: 1 }),
      startedAt: timeline.openedAt,
      stoppedAt: timeline.firstResponseAt,
      excluded: [],
    },
    timeline,
    input,
  );
  const resolution = startedClock(
    {
      metric: 'resolution',
      cycle: 1,
      key: slaClockKey({ metric: 'resolution', cycle: 1 }),
      startedAt: timeline.openedAt,
      stoppedAt: timeline.resolvedAt,
      excluded: timeline.resolvedSpans,
    },
    timeline,
    input,
  );
  const nextResponseCycles = timeline.responseCycles.map((responseCycle, index) =>
    startedClock(
      {
        metric: 'nextResponse',
        cycle: index + 1,
        key: slaClockKey({ metric: 'nextResponse', cycle: index + 1 }),
        startedAt: responseCycle.startedAt,
        stoppedAt: responseCycle.stoppedAt,
        excluded: [],
      },
      timeline,
      input,
    ),
  );
  const severity = severityAt(timeline, input.now);
  const nextCycle = nextResponseCycles.length + 1;
  const nextResponse: SlaClock = nextResponseCycles[nextResponseCycles.length - 1] ?? {
    metric: 'nextResponse',
    cycle: nextCycle,
    key: slaClockKey({ metric: 'nextResponse', cycle: nextCycle }),
    state: 'notStarted',
    targetMinutes: input.policy.targets[severity].nextResponseMinutes,
  };

  return {
    evaluatedAt: input.now,
    severity,
    firstResponse,
    nextResponse,
    resolution,
    nextResponseCycles,
    nextDueAt: nextDueAtOf([firstResponse, ...nextResponseCycles, resolution], input.now),
  };
}
