import type { Severity } from '../caseFields';
import type { TimeRange } from '../serviceHours';
import type { SlaHistoryEvent } from './history';

/** One wait of the customer for an agent: from the first unanswered customer message to the answer. */
export interface ResponseCycle {
  readonly startedAt: number;
  readonly stoppedAt: number | null;
}

/** What the SLA clocks need to know about a case, folded from its history up to `now`. */
export interface CaseTimeline {
  readonly openedAt: number;
  readonly openingSeverity: Severity;
  readonly severityChanges: ReadonlyArray<{ readonly at: number; readonly severity: Severity }>;
  /** Time pending on the customer; an ongoing pause ends at `now`. */
  readonly pauses: readonly TimeRange[];
  readonly pausedNow: boolean;
  /** First agent reply, or the resolution when the case was resolved without one. */
  readonly firstResponseAt: number | null;
  /** Spans between a resolution and the reopening that followed it. */
  readonly resolvedSpans: readonly TimeRange[];
  readonly resolvedAt: number | null;
  readonly responseCycles: readonly ResponseCycle[];
}

type OpenedEvent = Extract<SlaHistoryEvent, { type: 'opened' }>;

interface MutableCycle {
  startedAt: number;
  stoppedAt: number | null;
}

/**
 * Folds a case's SLA history into a timeline. Events after `now` and before `opened` are ignored; repeated
 * state changes (pause while paused, resolve while resolved) are ignored. Returns null for a case that has
 * not been opened yet.
 */
export function foldTimeline(history: readonly SlaHistoryEvent[], now: number): CaseTimeline | null {
  const events = history.filter((event) => event.at <= now).sort((a, b) => a.at - b.at);
  const opened = events.find((event): event is OpenedEvent => event.type === 'opened');
  if (!opened) return null;

  const severityChanges: Array<{ at: number; severity: Severity }> = [];
  const pauses: TimeRange[] = [];
  const resolvedSpans: TimeRange[] = [];
  const responseCycles: MutableCycle[] = [];
  let pausedSince: number | null = null;
  let resolvedAt: number | null = null;
  let firstResponseAt: number | null = null;
  let openCycle: MutableCycle | null = null;

  const stopOpenCycle = (at: number): void => {
    if (openCycle) openCycle.stoppedAt = at;
    openCycle = null;
  };

  for (const event of events.slice(events.indexOf(opened) + 1)) {
    switch (event.type) {
      case 'opened':
        break;
      case 'severityChanged':
        severityChanges.push({ at: event.at, severity: event.severity });
        break;
      case 'paused':
        pausedSince ??= event.at;
        break;
      case 'resumed':
        if (pausedSince !== null) pauses.push({ from: pausedSince, to: event.at });
        pausedSince = null;
        break;
      case 'customerMessage':
        // Before the first response the first-response clock covers the wait; later messages while a
        // cycle runs do not restart it.
        if (resolvedAt === null && firstResponseAt !== null && openCycle === null) {
          openCycle = { startedAt: event.at, stoppedAt: null };
          responseCycles.push(openCycle);
        }
        break;
      case 'agentReply':
        firstResponseAt ??= event.at;
        stopOpenCycle(event.at);
        break;
      case 'resolved':
        if (resolvedAt !== null) break;
        // A resolution ends a wait on the customer (a case resolved from pending_customer): a reopen starts the
        // clocks again instead of finding them paused for good.
        if (pausedSince !== null) pauses.push({ from: pausedSince, to: event.at });
        pausedSince = null;
        resolvedAt = event.at;
        firstResponseAt ??= event.at;
        stopOpenCycle(event.at);
        break;
      case 'reopened':
        if (resolvedAt !== null) resolvedSpans.push({ from: resolvedAt, to: event.at });
        resolvedAt = null;
        break;
    }
  }
  if (pausedSince !== null) pauses.push({ from: pausedSince, to: now });

  return {
    openedAt: opened.at,
    openingSeverity: opened.severity,
    severityChanges,
    pauses,
    pausedNow: pausedSince !== null,
    firstResponseAt,
    resolvedSpans,
    resolvedAt,
    responseCycles,
  };
}

/** The severity in force at `at` (the opening severity for anything before the first change). */
export function severityAt(timeline: CaseTimeline, at: number): Severity {
  let severity = timeline.openingSeverity;
  for (const change of timeline.severityChanges) {
    if (change.at > at) break;
    severity = change.severity;
  }
  return severity;
}
