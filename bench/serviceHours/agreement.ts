import { DateTime } from 'luxon';
import type { Calendar } from '../../shared/domain/serviceHours';
import type { BenchInput } from './inputs';

export type DifferenceReason = 'peerThrew' | 'dstHourOff' | 'otherDifference';

/** Why a reason arises; checked by hand on the examples (see the bench's report). */
export const differenceExplanations: Record<DifferenceReason, string> = {
  peerThrew:
    'the peer crashed: moment-business-time steps onto a holiday at midnight after an overnight interval and reads the (null) opening times of that day',
  dstHourOff:
    'the span crosses a DST change and the peer is exactly one hour off: it resolves the repeated fall-back hour to its first occurrence although the elapsed business time ends in the second',
  otherDifference: 'any other different instant',
};

export interface DifferenceExample {
  readonly calendar: string;
  readonly start: string;
  readonly minutes: number;
  readonly ours: string;
  readonly peer: string;
}

export interface PeerAgreement {
  compared: number;
  agreed: number;
  differences: Partial<Record<DifferenceReason, { count: number; why: string; examples: DifferenceExample[] }>>;
}

export type PeerAnswer = { readonly instant: number } | { readonly error: string };

function offsetAt(instant: number, timeZone: string): number {
  return DateTime.fromMillis(instant, { zone: timeZone }).offset;
}

function localText(instant: number, timeZone: string): string {
  return DateTime.fromMillis(instant, { zone: timeZone }).toFormat('ccc yyyy-MM-dd HH:mm ZZ');
}

function reasonOf(input: BenchInput, ours: number, answer: PeerAnswer, timeZone: string): DifferenceReason {
  if ('error' in answer) return 'peerThrew';
  const crossesDstChange = offsetAt(input.start, timeZone) !== offsetAt(Math.max(ours, answer.instant), timeZone);
  return crossesDstChange && Math.abs(answer.instant - ours) === 3_600_000 ? 'dstHourOff' : 'otherDifference';
}

const EXAMPLES_PER_REASON = 3;

/** Tallies one comparison; equal instants agree, everything else is filed under a reason with a few examples. */
export function recordComparison(
  agreement: PeerAgreement,
  calendar: { readonly name: string; readonly calendar: Calendar },
  input: BenchInput,
  ours: number,
  answer: PeerAnswer,
): void {
  agreement.compared++;
  if ('instant' in answer && answer.instant === ours) {
    agreement.agreed++;
    return;
  }
  const timeZone = calendar.calendar.timeZone;
  const reason = reasonOf(input, ours, answer, timeZone);
  const tally = (agreement.differences[reason] ??= { count: 0, why: differenceExplanations[reason], examples: [] });
  tally.count++;
  if (tally.examples.length < EXAMPLES_PER_REASON) {
    tally.examples.push({
      calendar: calendar.name,
      start: localText(input.start, timeZone),
      minutes: input.minutes,
      ours: localText(ours, timeZone),
      peer: 'error' in answer ? `threw ${answer.error}` : localText(answer.instant, timeZone),
    });
  }
}
