import { compileServiceHours, type ServiceHours } from '../shared/domain/serviceHours';
import { recordComparison, type PeerAgreement, type PeerAnswer } from './serviceHours/agreement';
import { benchCalendars } from './serviceHours/calendars';
import { generateInputs, type BenchInput } from './serviceHours/inputs';
import { peers, type BusinessTimePeer } from './serviceHours/peers';
import { median, runStandalone } from './stats';
import type { Bench, BenchResult, BenchRow } from './types';

const INPUT_COUNT = 100_000;
/**
 * The peers need 0.2-0.6 ms per call, so 100,000 inputs would take ~30 s per peer per round. They answer
 * (and all three engines are timed on) every 25th input: 4,000 identical questions.
 */
const PEER_STRIDE = 25;
const ROUNDS = 3;
const OUR_FULL_ROUNDS = 5;

type AddBusinessMinutes = (input: BenchInput) => number;

/** Inputs grouped per calendar, so each peer is configured once per group (their configuration is global). */
function byCalendar(inputs: readonly BenchInput[]): BenchInput[][] {
  const groups: BenchInput[][] = benchCalendars.map(() => []);
  for (const input of inputs) groups[input.calendarIndex]?.push(input);
  return groups;
}

function timedPassMs(groups: readonly BenchInput[][], prepare: (calendarIndex: number) => AddBusinessMinutes): number {
  let sink = 0;
  const started = process.hrtime.bigint();
  groups.forEach((group, calendarIndex) => {
    const add = prepare(calendarIndex);
    for (const input of group) sink += add(input);
  });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the results alive');
  return elapsedMs;
}

function medianPassMs(
  rounds: number,
  groups: readonly BenchInput[][],
  prepare: (calendarIndex: number) => AddBusinessMinutes,
): number {
  return median(Array.from({ length: rounds }, () => timedPassMs(groups, prepare)));
}

function peerAnswer(peer: BusinessTimePeer, input: BenchInput): PeerAnswer {
  try {
    return { instant: peer.addBusinessMinutes(input.start, input.minutes) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Peers crash on some inputs; a crash costs what it costs, the bench just moves on. */
function peerAdd(peer: BusinessTimePeer, calendarIndex: number): AddBusinessMinutes {
  const calendar = benchCalendars[calendarIndex];
  if (calendar) peer.use(calendar.calendar);
  return (input) => {
    const answer = peerAnswer(peer, input);
    return 'instant' in answer ? answer.instant : 0;
  };
}

/** Answers every sampled input with the peer (also its warm-up) and compares with ours. */
function compareWithOurs(
  peer: BusinessTimePeer,
  groups: readonly BenchInput[][],
  ours: readonly ServiceHours[],
): PeerAgreement {
  const agreement: PeerAgreement = { compared: 0, agreed: 0, differences: {} };
  groups.forEach((group, calendarIndex) => {
    const calendar = benchCalendars[calendarIndex];
    const hours = ours[calendarIndex];
    if (!calendar || !hours) return;
    peer.use(calendar.calendar);
    for (const input of group) {
      recordComparison(
        agreement,
        calendar,
        input,
        hours.addBusinessMinutes(input.start, input.minutes),
        peerAnswer(peer, input),
      );
    }
  });
  return agreement;
}

const opsPerSecond = (calls: number, ms: number): number => Math.round((calls / ms) * 1000);
const formatRate = (rate: number): string => `${(rate * 100).toFixed(2)}%`;

async function run(): Promise<BenchResult> {
  const originalTimeZone = process.env.TZ;
  try {
    const inputs = generateInputs(INPUT_COUNT, benchCalendars.length);
    const allGroups = byCalendar(inputs);
    const sample = inputs.filter((_, index) => index % PEER_STRIDE === 0);
    const sampleGroups = byCalendar(sample);

    const ours = benchCalendars.map((entry) => compileServiceHours(entry.calendar));
    const oursAdd = (calendarIndex: number): AddBusinessMinutes => {
      const hours = ours[calendarIndex];
      if (!hours) throw new Error(`no calendar ${calendarIndex}`);
      return (input) => hours.addBusinessMinutes(input.start, input.minutes);
    };
    // The first pass resolves every local day once (luxon); later passes are what a sweep costs.
    const oursColdMs = timedPassMs(allGroups, oursAdd);
    const oursFullMs = medianPassMs(OUR_FULL_ROUNDS, allGroups, oursAdd);
    const oursSampleMs = medianPassMs(ROUNDS, sampleGroups, oursAdd);

    const peerResults = peers.map((peer) => {
      const agreement = compareWithOurs(peer, sampleGroups, ours);
      const ms = medianPassMs(ROUNDS, sampleGroups, (calendarIndex) => peerAdd(peer, calendarIndex));
      return { peer: peer.name, agreement, ms, opsPerSecond: opsPerSecond(sample.length, ms) };
    });

    const oursSampleOps = opsPerSecond(sample.length, oursSampleMs);
    const fastestPeer = peerResults.reduce((best, result) => (result.opsPerSecond > best.opsPerSecond ? result : best));
    const speedup = oursSampleOps / fastestPeer.opsPerSecond;
    const compared = peerResults.reduce((sum, result) => sum + result.agreement.compared, 0);
    const agreed = peerResults.reduce((sum, result) => sum + result.agreement.agreed, 0);
    const agreementRate = agreed / compared;

    const rows: BenchRow[] = [
      {
        benchmark: 'serviceHours',
        metric: `ours addBusinessMinutes ops/s (${INPUT_COUNT} inputs, warm)`,
        value: String(opsPerSecond(INPUT_COUNT, oursFullMs)),
      },
      {
        benchmark: 'serviceHours',
        metric: `ours first pass ms (${INPUT_COUNT} inputs, cold cache)`,
        value: oursColdMs.toFixed(1),
      },
      {
        benchmark: 'serviceHours',
        metric: `ours ops/s (${sample.length}-input peer sample)`,
        value: String(oursSampleOps),
      },
      ...peerResults.map((result) => ({
        benchmark: 'serviceHours',
        metric: `${result.peer} ops/s (${sample.length}-input peer sample)`,
        value: String(result.opsPerSecond),
      })),
      {
        benchmark: 'serviceHours',
        metric: `slaSpeedupVsPeer (vs ${fastestPeer.peer})`,
        value: speedup.toFixed(1),
        target: '>= 20',
      },
      { benchmark: 'serviceHours', metric: 'slaAgreementRate', value: formatRate(agreementRate) },
      ...peerResults.flatMap((result) => [
        {
          benchmark: 'serviceHours',
          metric: `agreement with ${result.peer}`,
          value: `${result.agreement.agreed}/${result.agreement.compared}`,
        },
        ...Object.entries(result.agreement.differences).map(([reason, tally]) => ({
          benchmark: 'serviceHours',
          metric: `  differs from ${result.peer}: ${reason}`,
          value: String(tally?.count ?? 0),
        })),
      ]),
    ];

    return {
      rows,
      figures: {
        slaSpeedupVsPeer: Number(speedup.toFixed(2)),
        slaAgreementRate: Number(agreementRate.toFixed(4)),
        serviceHours: {
          inputs: INPUT_COUNT,
          peerSample: sample.length,
          rounds: ROUNDS,
          calendars: benchCalendars.map((entry) => entry.name),
          fasterPeer: fastestPeer.peer,
          opsPerSecond: {
            oursAllInputs: opsPerSecond(INPUT_COUNT, oursFullMs),
            oursPeerSample: oursSampleOps,
            ...Object.fromEntries(peerResults.map((result) => [result.peer, result.opsPerSecond])),
          },
          oursColdFirstPassMs: Number(oursColdMs.toFixed(1)),
          agreement: Object.fromEntries(
            peerResults.map((result) => [
              result.peer,
              { ...result.agreement, rate: result.agreement.agreed / result.agreement.compared },
            ]),
          ),
          peerRepresentation: [
            'time zone: both peers compute in the process-local zone, so TZ is set to the calendar zone per calendar group',
            'across-midnight intervals: split into HH:mm-24:00 on the day and 00:00-HH:mm on the next weekday',
            'recurring holidays: moment-business-time takes *-MM-DD; dayjs-business-time gets fixed dates 2023-2029',
            'inputs use whole-minute starts and amounts >= 1: the peers count whole minutes and treat the closing instant as open',
          ],
        },
      },
    };
  } finally {
    if (originalTimeZone === undefined) delete process.env.TZ;
    else process.env.TZ = originalTimeZone;
  }
}

export const serviceHoursBench: Bench = { name: 'serviceHours', run };

if (require.main === module) runStandalone(serviceHoursBench);
