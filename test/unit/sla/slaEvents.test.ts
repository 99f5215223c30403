import { calendarSchema, compileServiceHours } from '../../../shared/domain/serviceHours';
import {
  dueSlaEvents,
  evaluateSla,
  slaHistoryEventSchema,
  type SlaEventRecord,
  type SlaHistoryEventInput,
  type SlaMetric,
} from '../../../shared/domain/sla';
import { testSlaPolicy } from '../../fixtures/sla/slaPolicy';
import { asLocal, localTime } from '../serviceHours/localTime';

const BERLIN = 'Europe/Berlin';
const berlinOffice = compileServiceHours(
  calendarSchema.parse({
    timeZone: BERLIN,
    weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '09:00', end: '17:00' })),
  }),
);
const at = (local: string): number => localTime(local, BERLIN);

function history(...entries: Array<[SlaHistoryEventInput['type'], string, ('A' | 'B' | 'C')?]>) {
  return entries.map(([type, local, severity]) =>
    slaHistoryEventSchema.parse({ type, at: at(local), ...(severity ? { severity } : {}) }),
  );
}

const warning = (metric: SlaMetric, cycle = 1): SlaEventRecord => ({ kind: 'warning', clock: { metric, cycle } });
const breach = (metric: SlaMetric, cycle = 1): SlaEventRecord => ({ kind: 'breach', clock: { metric, cycle } });

function dueAt(events: ReturnType<typeof history>, nowLocal: string, emitted: SlaEventRecord[] = []) {
  const evaluation = evaluateSla({
    history: events,
    policy: testSlaPolicy,
    serviceHours: berlinOffice,
    now: at(nowLocal),
  });
  return dueSlaEvents(evaluation, emitted);
}

describe('SLA warning and breach events', () => {
  const openedMondayB = history(['opened', '2024-06-03T10:00', 'B']);

  it('given 75% of the first-response target used, when checked, then a first-response warning is due', () => {
    const events = dueAt(openedMondayB, '2024-06-03T13:30');
    expect(events.map((event) => [event.key, asLocal(event.at, BERLIN)])).toEqual([
      [warning('firstResponse'), '2024-06-03T13:00'],
    ]);
    expect(events[0]).toMatchObject({
      kind: 'warning',
      metric: 'firstResponse',
      severity: 'B',
      dueAt: at('2024-06-03T14:00'),
    });
  });

  it('given the warning was already emitted, when checked again, then nothing is due', () => {
    expect(dueAt(openedMondayB, '2024-06-03T13:45', [warning('firstResponse')])).toEqual([]);
  });

  it('given the breach passed before any check, when checked, then only the breach is due, not a stale warning', () => {
    expect(dueAt(openedMondayB, '2024-06-03T14:30').map((event) => event.key)).toEqual([breach('firstResponse')]);
  });

  it('given an answer after the due time that no sweep noticed, when checked, then the breach is still due once', () => {
    const answeredLate = [...openedMondayB, ...history(['agentReply', '2024-06-03T15:00'])];
    expect(dueAt(answeredLate, '2024-06-03T15:05').map((event) => event.key)).toEqual([breach('firstResponse')]);
    expect(dueAt(answeredLate, '2024-06-03T15:10', [breach('firstResponse')])).toEqual([]);
  });

  it('given an answer after the warning, when checked, then no late warning is raised for the met clock', () => {
    const answered = [...openedMondayB, ...history(['agentReply', '2024-06-03T13:30'])];
    expect(dueAt(answered, '2024-06-03T13:35')).toEqual([]);
  });

  it('given sweeps every 10 minutes for two weeks, when events are emitted and remembered, then each key is emitted exactly once', () => {
    const events = history(
      ['opened', '2024-06-03T10:00', 'B'],
      ['agentReply', '2024-06-03T11:00'],
      ['customerMessage', '2024-06-03T12:00'],
      ['agentReply', '2024-06-04T16:00'],
      ['customerMessage', '2024-06-05T09:00'],
    );
    const emitted: SlaEventRecord[] = [];
    for (let now = at('2024-06-03T09:00'); now < at('2024-06-17T09:00'); now += 10 * 60_000) {
      const evaluation = evaluateSla({ history: events, policy: testSlaPolicy, serviceHours: berlinOffice, now });
      for (const event of dueSlaEvents(evaluation, emitted)) {
        expect(event.at).toBeLessThanOrEqual(now);
        emitted.push(event.key);
      }
    }
    expect(emitted).toEqual([
      // Next response #1 runs from Monday 12:00: 6 of 8 business hours on Tuesday 10:00, all 8 on Tuesday 12:00.
      warning('nextResponse', 1),
      breach('nextResponse', 1),
      // Next response #2 runs from Wednesday 09:00: warning 15:00, breach 17:00.
      warning('nextResponse', 2),
      breach('nextResponse', 2),
      // Resolution (40 business hours from Monday 10:00): warning Thursday 16:00, breach next Monday 10:00.
      warning('resolution'),
      breach('resolution'),
    ]);
  });
});
