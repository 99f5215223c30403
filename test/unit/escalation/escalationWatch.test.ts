import type { Escalation } from '../../../shared/domain/escalation';
import { watchedEscalations } from '../../../shared/domain/escalation/escalationWatch';
import { monday, supportCaseFixture } from '../caseWork/supportCaseFixture';

const hour = 60 * 60 * 1000;
const at = (hours: number): string => new Date(monday.getTime() + hours * hour).toISOString();

function escalation(id: string, overrides: Partial<Escalation>): Escalation {
  return {
    id,
    vehicle: 'commercialSupport',
    microsoftSeverity: 'moderate',
    reason: 'x',
    requestedAt: at(0),
    requestedBy: 'key-agent',
    status: 'open',
    responseDueAt: at(8),
    microsoftResponses: [],
    ...overrides,
  };
}

describe('watching escalations', () => {
  const cases = [
    supportCaseFixture({
      id: 'case-a',
      escalations: [
        escalation('esc-1', { requestedAt: at(0), responseDueAt: at(4) }),
        escalation('esc-2', { status: 'closed' }),
      ],
    }),
    supportCaseFixture({
      id: 'case-b',
      escalations: [
        escalation('esc-1', {
          status: 'waitingOnPartner',
          requestedAt: at(1),
          microsoftResponses: [{ at: at(3), summary: 'Need logs' }],
        }),
      ],
    }),
    supportCaseFixture({
      id: 'case-c',
      escalations: [escalation('esc-1', { requestedAt: at(2), responseDueAt: at(20) })],
    }),
  ];
  const now = new Date(monday.getTime() + 6 * hour);

  const all = { limit: 100 };

  it('given open escalations, when watched, then in case id order and request order within a case, finished ones left out', () => {
    const watched = watchedEscalations(cases, { status: 'open' }, now, all);
    expect(watched.items.map((item) => [item.caseId, item.escalationId, item.overdue])).toEqual([
      ['case-a', 'esc-1', true],
      ['case-b', 'esc-1', false],
      ['case-c', 'esc-1', false],
    ]);
    expect(watched.stoppedAt).toBeUndefined();
  });

  it('given Microsoft answered, when watched, then the wait runs from the answer and says who has the ball', () => {
    const answered = watchedEscalations(cases, { status: 'open' }, now, all).items.find(
      (item) => item.caseId === 'case-b',
    );
    expect(answered).toMatchObject({
      waitingOn: 'partner',
      waitingSince: at(3),
      waitingMinutes: 180,
      overdue: false,
      lastMicrosoftResponse: { summary: 'Need logs' },
    });
  });

  it('given the finished filter, when watched, then only resolved and closed escalations come back', () => {
    expect(
      watchedEscalations(cases, { status: 'finished' }, now, all).items.map((item) => [item.caseId, item.escalationId]),
    ).toEqual([['case-a', 'esc-2']]);
    expect(watchedEscalations(cases, { status: 'all' }, now, all).items).toHaveLength(4);
  });

  it('given a limit, when more match, then it stops at the first escalation left out, and continuing from there lists the rest', () => {
    const first = watchedEscalations(cases, { status: 'all' }, now, { limit: 1 });
    const rest = watchedEscalations(cases, { status: 'all' }, now, { limit: 100, from: first.stoppedAt });

    expect(first.items.map((item) => [item.caseId, item.escalationId])).toEqual([['case-a', 'esc-1']]);
    expect(first.stoppedAt).toEqual({ caseId: 'case-a', index: 1 });
    expect(rest.items.map((item) => [item.caseId, item.escalationId])).toEqual([
      ['case-a', 'esc-2'],
      ['case-b', 'esc-1'],
      ['case-c', 'esc-1'],
    ]);
  });

  it('given a limit met by the last match, when watched, then nothing is left out', () => {
    expect(watchedEscalations(cases, { status: 'open' }, now, { limit: 3 }).stoppedAt).toBeUndefined();
  });

  const ids = (watched: { items: Array<{ caseId: string; escalationId: string }> }): string[] =>
    watched.items.map((item) => `${item.caseId}/${item.escalationId}`);

  it('given an escalation past its answer time that waits on the partner without a Microsoft answer, when watched, then it is not overdue, as the SLA sweep does not alert for it', () => {
    const handedBack = supportCaseFixture({
      id: 'case-d',
      escalations: [escalation('esc-1', { status: 'waitingOnPartner', responseDueAt: at(1) })],
    });
    const watched = watchedEscalations([handedBack], { status: 'open' }, now, all);
    expect(watched.items.map((item) => [item.escalationId, item.waitingOn, item.overdue])).toEqual([
      ['esc-1', 'partner', false],
    ]);
    expect(watchedEscalations([handedBack], { status: 'open', overdue: true }, now, all).items).toEqual([]);
  });

  it('given the overdue filter, when watched, then only the escalations overdue at that instant, each marked overdue', () => {
    const overdue = watchedEscalations(cases, { status: 'open', overdue: true }, now, all);

    expect(ids(overdue)).toEqual(['case-a/esc-1']);
    expect(overdue.items.every((item) => item.overdue)).toBe(true);
  });

  it('given a later instant, when the overdue ones are watched, then those due by then join, and one Microsoft answered never does', () => {
    const later = new Date(monday.getTime() + 21 * hour);

    expect(ids(watchedEscalations(cases, { status: 'all', overdue: true }, later, all))).toEqual([
      'case-a/esc-1',
      'case-c/esc-1',
    ]);
  });

  it('given overdue false, when watched, then the rest: finished, answered, and not due yet', () => {
    expect(ids(watchedEscalations(cases, { status: 'all', overdue: false }, now, all))).toEqual([
      'case-a/esc-2',
      'case-b/esc-1',
      'case-c/esc-1',
    ]);
    expect(watchedEscalations(cases, { status: 'finished', overdue: true }, now, all).items).toEqual([]);
  });

  it('given the overdue filter and a limit, when more match, then it stops at the first overdue one left out', () => {
    const later = new Date(monday.getTime() + 21 * hour);
    const first = watchedEscalations(cases, { status: 'open', overdue: true }, later, { limit: 1 });
    const rest = watchedEscalations(cases, { status: 'open', overdue: true }, later, {
      limit: 100,
      from: first.stoppedAt,
    });

    expect(ids(first)).toEqual(['case-a/esc-1']);
    expect(first.stoppedAt).toEqual({ caseId: 'case-c', index: 0 });
    expect(ids(rest)).toEqual(['case-c/esc-1']);
  });
});
