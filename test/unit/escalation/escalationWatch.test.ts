import type { Escalation } from '../../../shared/domain/escalation';
import { escalationsToWatch } from '../../../shared/domain/escalation/escalationWatch';
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

  it('given open escalations, when watched, then overdue ones come first, then the longest waiting, finished ones left out', () => {
    const watched = escalationsToWatch(cases, 'open', now);
    expect(watched.map((item) => [item.caseId, item.escalationId, item.overdue])).toEqual([
      ['case-a', 'esc-1', true],
      ['case-c', 'esc-1', false],
      ['case-b', 'esc-1', false],
    ]);
  });

  it('given Microsoft answered, when watched, then the wait runs from the answer and says who has the ball', () => {
    const answered = escalationsToWatch(cases, 'open', now).find((item) => item.caseId === 'case-b');
    expect(answered).toMatchObject({
      waitingOn: 'partner',
      waitingSince: at(3),
      waitingMinutes: 180,
      overdue: false,
      lastMicrosoftResponse: { summary: 'Need logs' },
    });
  });

  it('given the finished filter, when watched, then only resolved and closed escalations come back', () => {
    expect(escalationsToWatch(cases, 'finished', now).map((item) => [item.caseId, item.escalationId])).toEqual([
      ['case-a', 'esc-2'],
    ]);
    expect(escalationsToWatch(cases, 'all', now)).toHaveLength(4);
  });
});
