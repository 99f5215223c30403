import type { Severity } from '../caseFields';
import type { SlaEvaluation, SlaMetric, StartedSlaClock } from './clocks';
import { hasSlaEvent, type SlaEventRecord } from './eventRecords';

export type SlaEventKind = 'warning' | 'breach';

/** A warning or breach that has become due; `key` is its record, stable per case, so the caller can emit it exactly once. */
export interface SlaDueEvent {
  /** What `slaEventsEmitted` keeps once the event is on the timeline, e.g. { kind: 'warning', clock: { metric: 'firstResponse', cycle: 1 } }. */
  readonly key: Extract<SlaEventRecord, { kind: SlaEventKind }>;
  readonly kind: SlaEventKind;
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly clockKey: string;
  readonly severity: Severity;
  /** The instant the threshold was crossed (warningAt or dueAt). */
  readonly at: number;
  readonly dueAt: number;
}

function startedClocks(evaluation: SlaEvaluation): StartedSlaClock[] {
  const clocks = [evaluation.firstResponse, ...evaluation.nextResponseCycles, evaluation.resolution];
  return clocks.filter((clock): clock is StartedSlaClock => clock.state !== 'notStarted');
}

function dueEventOf(clock: StartedSlaClock, kind: SlaEventKind, at: number): SlaDueEvent {
  const { metric, cycle, key: clockKey, severity, dueAt } = clock;
  return { key: { kind, clock: { metric, cycle } }, kind, metric, cycle, clockKey, severity, at, dueAt };
}

/**
 * Warning and breach events due at the evaluation instant that are not in `alreadyEmitted` (records), oldest
 * first. A breach is due for every breached clock, including one answered late before anybody noticed.
 * A warning is due only for a clock that is still running or paused and not yet breached: a late warning
 * for an answered case or next to its breach would be noise.
 */
export function dueSlaEvents(evaluation: SlaEvaluation, alreadyEmitted: readonly SlaEventRecord[]): SlaDueEvent[] {
  const due: SlaDueEvent[] = [];
  for (const clock of startedClocks(evaluation)) {
    if (clock.state === 'breached' && clock.breachedAt !== undefined) {
      due.push(dueEventOf(clock, 'breach', clock.breachedAt));
    } else if ((clock.state === 'running' || clock.state === 'paused') && clock.warningAt <= evaluation.evaluatedAt) {
      due.push(dueEventOf(clock, 'warning', clock.warningAt));
    }
  }
  return due.filter((event) => !hasSlaEvent(alreadyEmitted, event.key)).sort((a, b) => a.at - b.at);
}
