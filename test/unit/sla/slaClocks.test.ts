import { calendarSchema, compileServiceHours } from '../../../shared/domain/serviceHours';
import {
  evaluateSla,
  slaHistoryEventSchema,
  type SlaClock,
  type SlaEvaluation,
  type SlaHistoryEventInput,
  type StartedSlaClock,
} from '../../../shared/domain/sla';
import { testSlaPolicy } from '../../fixtures/sla/slaPolicy';
import { asLocal, localTime } from '../serviceHours/localTime';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

const berlinOffice = compileServiceHours(
  calendarSchema.parse({ timeZone: BERLIN, weekly: weekdays.map((day) => ({ day, start: '09:00', end: '17:00' })) }),
);
const at = (local: string): number => localTime(local, BERLIN);

/** History written with Berlin local times, e.g. ['opened', '2024-06-03T10:00', 'B']. */
function history(...entries: Array<[SlaHistoryEventInput['type'], string, ('A' | 'B' | 'C')?]>) {
  return entries.map(([type, local, severity]) =>
    slaHistoryEventSchema.parse({ type, at: at(local), ...(severity ? { severity } : {}) }),
  );
}

function evaluate(events: ReturnType<typeof history>, nowLocal: string): SlaEvaluation {
  return evaluateSla({ history: events, policy: testSlaPolicy, serviceHours: berlinOffice, now: at(nowLocal) });
}

function started(clock: SlaClock): StartedSlaClock {
  if (clock.state === 'notStarted') throw new Error(`${clock.key} has not started`);
  return clock;
}

const local = (instant: number | null | undefined): string | undefined =>
  instant === null || instant === undefined ? undefined : asLocal(instant, BERLIN);

// 2024-06-03 is a Monday; 2024-06-07 a Friday.
describe('SLA clocks: first response', () => {
  it('given a severity B case opened Monday 10:00, when an agent replies at 13:00, then first response is met', () => {
    const clock = started(
      evaluate(history(['opened', '2024-06-03T10:00', 'B'], ['agentReply', '2024-06-03T13:00']), '2024-06-03T15:00')
        .firstResponse,
    );
    expect(clock.state).toBe('met');
    expect(local(clock.dueAt)).toBe('2024-06-03T14:00');
    expect(local(clock.warningAt)).toBe('2024-06-03T13:00');
    expect(local(clock.stoppedAt)).toBe('2024-06-03T13:00');
    expect(clock.breachedAt).toBeUndefined();
  });

  it('given no reply, when the target has passed, then the running clock is breached at its due time', () => {
    const clock = started(evaluate(history(['opened', '2024-06-03T10:00', 'B']), '2024-06-03T14:30').firstResponse);
    expect(clock.state).toBe('breached');
    expect(local(clock.breachedAt)).toBe('2024-06-03T14:00');
  });

  it('given a deadline exactly at closing time, when the agent replies at 17:00, then it is due and met at 17:00', () => {
    const events = history(['opened', '2024-06-03T13:00', 'B'], ['agentReply', '2024-06-03T17:00']);
    const clock = started(evaluate(events, '2024-06-04T09:00').firstResponse);
    expect(local(clock.dueAt)).toBe('2024-06-03T17:00');
    expect(clock.state).toBe('met');
  });

  it('given a case opened on Saturday, when severity B, then the clock starts at Monday opening', () => {
    const clock = started(evaluate(history(['opened', '2024-06-08T10:00', 'B']), '2024-06-08T12:00').firstResponse);
    expect(clock.state).toBe('running');
    expect(local(clock.dueAt)).toBe('2024-06-10T13:00');
  });

  it('given severity A, when opened on Saturday, then the target runs around the clock', () => {
    const clock = started(evaluate(history(['opened', '2024-06-08T10:00', 'A']), '2024-06-08T10:10').firstResponse);
    expect(clock.aroundTheClock).toBe(true);
    expect(local(clock.dueAt)).toBe('2024-06-08T11:00');
    expect(local(clock.warningAt)).toBe('2024-06-08T10:45');
  });

  it('given a New York split shift, when a severity B case waits over the spring-forward weekend, then it is due Monday 11:00 local', () => {
    const splitShift = compileServiceHours(
      calendarSchema.parse({
        timeZone: NEW_YORK,
        weekly: weekdays.flatMap((day) => [
          { day, start: '08:00', end: '12:00' },
          { day, start: '13:00', end: '17:00' },
        ]),
      }),
    );
    const opened = slaHistoryEventSchema.parse({ type: 'opened', at: '2024-03-08T16:00:00-05:00', severity: 'B' });
    const evaluation = evaluateSla({
      history: [opened],
      policy: testSlaPolicy,
      serviceHours: splitShift,
      now: opened.at,
    });
    expect(asLocal(started(evaluation.firstResponse).dueAt, NEW_YORK)).toBe('2024-03-11T11:00');
  });
});

describe('SLA clocks: pausing while pending on the customer', () => {
  const pausedOverWeekend = history(
    ['opened', '2024-06-07T15:00', 'B'],
    ['paused', '2024-06-07T16:00'],
    ['resumed', '2024-06-10T11:00'],
  );

  it('given a pause from Friday 16:00 to Monday 11:00, when resumed, then the deadline moves by the paused business time', () => {
    const clock = started(evaluate(pausedOverWeekend, '2024-06-10T11:30').firstResponse);
    expect(clock.state).toBe('running');
    expect(local(clock.dueAt)).toBe('2024-06-10T14:00');
    expect(clock.pausedIntervals).toEqual([{ from: at('2024-06-07T16:00'), to: at('2024-06-10T11:00') }]);
    expect(berlinOffice.businessMinutesBetween(clock.startedAt, clock.dueAt, clock.pausedIntervals)).toBe(
      clock.targetMinutes,
    );
  });

  it('given the pause still runs on Saturday, when evaluated, then the clock is paused and has no next due time', () => {
    const evaluation = evaluate(pausedOverWeekend.slice(0, 2), '2024-06-08T12:00');
    const clock = started(evaluation.firstResponse);
    expect(clock.state).toBe('paused');
    expect(started(evaluation.resolution).state).toBe('paused');
    expect(evaluation.nextDueAt).toBeNull();
    // Projected as if resumed now: the remaining 3 business hours from Monday opening.
    expect(local(clock.dueAt)).toBe('2024-06-10T12:00');
  });

  it('given a case resolved while it waited on the customer, when it is reopened, then its resolution clock runs again and has a next due time', () => {
    const events = history(
      ['opened', '2024-06-03T10:00', 'B'],
      ['agentReply', '2024-06-03T10:30'],
      ['paused', '2024-06-03T11:00'],
      ['resolved', '2024-06-03T12:00'],
      ['reopened', '2024-06-04T09:00'],
    );

    const evaluation = evaluate(events, '2024-06-04T10:00');

    expect(started(evaluation.resolution).state).toBe('running');
    // The wait on the customer, then the time it stood resolved: one stretch the clock did not count.
    expect(started(evaluation.resolution).pausedIntervals).toEqual([
      { from: at('2024-06-03T11:00'), to: at('2024-06-04T09:00') },
    ]);
    expect(evaluation.nextDueAt).not.toBeNull();
  });

  it('given the target ran out before the pause, when paused, then the clock stays breached', () => {
    const events = history(['opened', '2024-06-03T10:00', 'B'], ['paused', '2024-06-03T15:00']);
    const clock = started(evaluate(events, '2024-06-03T16:00').firstResponse);
    expect(clock.state).toBe('breached');
    expect(local(clock.breachedAt)).toBe('2024-06-03T14:00');
  });
});

describe('SLA clocks: severity changes mid-flight', () => {
  it('given a severity C case, when raised to B an hour later, then the original start is kept', () => {
    const events = history(['opened', '2024-06-03T09:00', 'C'], ['severityChanged', '2024-06-03T10:00', 'B']);
    const clock = started(evaluate(events, '2024-06-03T10:30').firstResponse);
    expect(clock.severity).toBe('B');
    expect(local(clock.startedAt)).toBe('2024-06-03T09:00');
    expect(local(clock.dueAt)).toBe('2024-06-03T13:00');
  });

  it('given paused time before the change, when severity changes, then the paused time still moves the deadline', () => {
    const events = history(
      ['opened', '2024-06-03T09:00', 'C'],
      ['paused', '2024-06-03T10:00'],
      ['resumed', '2024-06-03T12:00'],
      ['severityChanged', '2024-06-03T12:30', 'B'],
    );
    expect(local(started(evaluate(events, '2024-06-03T12:30').firstResponse).dueAt)).toBe('2024-06-03T15:00');
  });

  it('given a raise to severity A after its 60-minute target has passed, when evaluated, then it is breached retroactively', () => {
    const events = history(['opened', '2024-06-03T09:00', 'C'], ['severityChanged', '2024-06-03T12:00', 'A']);
    const evaluation = evaluate(events, '2024-06-03T12:00');
    const clock = started(evaluation.firstResponse);
    expect(clock.state).toBe('breached');
    expect(local(clock.breachedAt)).toBe('2024-06-03T10:00');
    expect(evaluation.severity).toBe('A');
  });

  it('given a first response already met, when severity is raised later, then that clock keeps the old severity', () => {
    const events = history(
      ['opened', '2024-06-03T09:00', 'C'],
      ['agentReply', '2024-06-03T11:00'],
      ['severityChanged', '2024-06-03T12:00', 'A'],
    );
    const evaluation = evaluate(events, '2024-06-03T12:30');
    expect(started(evaluation.firstResponse)).toMatchObject({ severity: 'C', state: 'met' });
    expect(started(evaluation.resolution)).toMatchObject({ severity: 'A', aroundTheClock: true });
  });
});

describe('SLA clocks: next response cycles', () => {
  const conversation = history(
    ['opened', '2024-06-03T09:00', 'B'],
    ['customerMessage', '2024-06-03T09:10'],
    ['agentReply', '2024-06-03T09:30'],
    ['customerMessage', '2024-06-03T10:00'],
    ['customerMessage', '2024-06-03T11:00'],
    ['agentReply', '2024-06-03T12:00'],
    ['customerMessage', '2024-06-03T13:00'],
  );

  it('given messages before the first reply, when evaluated, then they are covered by first response, not next response', () => {
    const evaluation = evaluate(conversation.slice(0, 3), '2024-06-03T09:45');
    expect(evaluation.nextResponse.state).toBe('notStarted');
    expect(evaluation.nextResponse.targetMinutes).toBe(testSlaPolicy.targets.B.nextResponseMinutes);
    expect(evaluation.nextResponseCycles).toHaveLength(0);
  });

  it('given a second customer message while waiting, when evaluated, then the cycle keeps its first start', () => {
    const cycle = started(evaluate(conversation.slice(0, 5), '2024-06-03T11:30').nextResponse);
    expect(cycle.state).toBe('running');
    expect(local(cycle.startedAt)).toBe('2024-06-03T10:00');
    expect(local(cycle.dueAt)).toBe('2024-06-04T10:00');
  });

  it('given an agent reply and a new customer message, when evaluated, then the first cycle is met and a second one runs', () => {
    const evaluation = evaluate(conversation, '2024-06-03T14:00');
    expect(evaluation.nextResponseCycles.map((cycle) => [cycle.key, cycle.state, local(cycle.startedAt)])).toEqual([
      ['nextResponse#1', 'met', '2024-06-03T10:00'],
      ['nextResponse#2', 'running', '2024-06-03T13:00'],
    ]);
    expect(evaluation.nextResponse).toBe(evaluation.nextResponseCycles[1]);
  });

  it('given the case is resolved, when a cycle was running, then resolving stops it', () => {
    const evaluation = evaluate([...conversation, ...history(['resolved', '2024-06-03T15:00'])], '2024-06-04T12:00');
    expect(started(evaluation.nextResponse)).toMatchObject({ state: 'met', stoppedAt: at('2024-06-03T15:00') });
  });
});

describe('SLA clocks: resolution and reopening', () => {
  it('given a case resolved and reopened, when evaluated, then the resolved span does not count and the clock runs on', () => {
    const events = history(
      ['opened', '2024-06-03T09:00', 'B'],
      ['agentReply', '2024-06-03T09:30'],
      ['resolved', '2024-06-03T12:00'],
      ['reopened', '2024-06-05T12:00'],
    );
    expect(started(evaluate(events.slice(0, 3), '2024-06-04T09:00').resolution).state).toBe('met');
    const resolution = started(evaluate(events, '2024-06-05T13:00').resolution);
    expect(resolution.state).toBe('running');
    expect(resolution.stoppedAt).toBeUndefined();
    expect(resolution.pausedIntervals).toEqual([{ from: at('2024-06-03T12:00'), to: at('2024-06-05T12:00') }]);
    // 40 business hours: 3 used on Monday; the remaining 37 count from Wednesday 12:00 (5 + 8 + 8 + 8 + 8).
    expect(local(resolution.dueAt)).toBe('2024-06-11T17:00');
  });

  it('given a case resolved without any reply, when evaluated, then the resolution counts as the first response', () => {
    const events = history(['opened', '2024-06-03T09:00', 'C'], ['resolved', '2024-06-03T10:00']);
    expect(started(evaluate(events, '2024-06-03T11:00').firstResponse)).toMatchObject({
      state: 'met',
      stoppedAt: at('2024-06-03T10:00'),
    });
  });
});

describe('SLA clocks: evaluation edges', () => {
  it('given no opened event, when evaluated, then every clock is notStarted and nothing is due', () => {
    const evaluation = evaluate(history(['customerMessage', '2024-06-03T09:00']), '2024-06-03T10:00');
    expect([evaluation.firstResponse.state, evaluation.nextResponse.state, evaluation.resolution.state]).toEqual([
      'notStarted',
      'notStarted',
      'notStarted',
    ]);
    expect(evaluation.nextDueAt).toBeNull();
  });

  it('given history after now, when evaluated as of an earlier instant, then later events are ignored', () => {
    const events = history(['opened', '2024-06-03T10:00', 'B'], ['agentReply', '2024-06-03T13:00']);
    expect(evaluate(events, '2024-06-03T12:00').firstResponse.state).toBe('running');
  });

  it('given running clocks, when evaluated, then nextDueAt is the earliest future warning or breach', () => {
    const events = history(['opened', '2024-06-03T10:00', 'B']);
    expect(local(evaluate(events, '2024-06-03T10:30').nextDueAt)).toBe('2024-06-03T13:00');
    expect(local(evaluate(events, '2024-06-03T13:00').nextDueAt)).toBe('2024-06-03T14:00');
    // After the first-response breach, the resolution warning (30 of 40 business hours: 7 + 8 + 8 + 7) is next.
    expect(local(evaluate(events, '2024-06-03T14:00').nextDueAt)).toBe('2024-06-06T16:00');
  });

  it('given ISO instants at the edge, when parsing history, then they become epoch ms and severity is required on opened', () => {
    const opened = slaHistoryEventSchema.parse({ type: 'opened', at: '2024-06-03T10:00:00+02:00', severity: 'B' });
    expect(opened.at).toBe(at('2024-06-03T10:00'));
    expect(slaHistoryEventSchema.safeParse({ type: 'opened', at: opened.at }).success).toBe(false);
    expect(slaHistoryEventSchema.safeParse({ type: 'agentReply', at: 'yesterday' }).success).toBe(false);
  });
});
