import type { Escalation } from '../../../shared/domain/escalation';
import type { CaseSla, SupportCase } from '../../../shared/domain/case';
import { isoWeekStart, slaReport } from '../../../shared/domain/slaReport';
import { supportCaseFixture } from '../caseWork/supportCaseFixture';

const now = new Date('2026-03-20T12:00:00Z');

function withClocks(
  clocks: { state: 'met' | 'breached' | 'running'; dueAt: string }[],
  overrides: Partial<SupportCase> = {},
): SupportCase {
  const sla: CaseSla = {
    computedAt: '2026-03-10T00:00:00.000Z',
    nextDueAt: null,
    clocks: clocks.map((clock, index) => ({
      key: index === 0 ? 'firstResponse' : 'resolution',
      metric: index === 0 ? 'firstResponse' : 'resolution',
      ...clock,
    })),
  };
  return supportCaseFixture({ sla, ...overrides });
}

function escalation(requestedAt: string, answeredAt?: string): Escalation {
  return {
    id: 'esc-1',
    vehicle: 'premierSupportForPartners',
    microsoftSeverity: 'B',
    reason: 'Needs Microsoft',
    requestedAt,
    requestedBy: 'kim',
    status: answeredAt ? 'waitingOnPartner' : 'waitingOnMicrosoft',
    responseDueAt: '2026-03-10T12:00:00.000Z',
    microsoftResponses: answeredAt ? [{ at: answeredAt, summary: 'We are looking into it' }] : [],
  };
}

describe("a lead's SLA report", () => {
  it('given clocks due in two weeks, when reported, then each week counts met against breached by severity and product; running clocks do not count yet', () => {
    const cases = [
      withClocks(
        [
          { state: 'met', dueAt: '2026-03-03T10:00:00.000Z' },
          { state: 'breached', dueAt: '2026-03-10T10:00:00.000Z' },
        ],
        { severity: 'A' },
      ),
      withClocks(
        [
          { state: 'met', dueAt: '2026-03-04T10:00:00.000Z' },
          { state: 'running', dueAt: '2026-03-25T10:00:00.000Z' },
        ],
        {
          id: 'case-2',
          product: 'microsoft365',
        },
      ),
    ];

    const report = slaReport(cases, { from: '2026-03-01', to: '2026-03-20' }, now);

    expect(report.weeks).toEqual([
      {
        weekStart: '2026-03-02',
        clocks: { met: 2, breached: 0, metShare: 1 },
        bySeverity: { A: { met: 1, breached: 0, metShare: 1 }, B: { met: 1, breached: 0, metShare: 1 } },
        byProduct: { azure: { met: 1, breached: 0, metShare: 1 }, microsoft365: { met: 1, breached: 0, metShare: 1 } },
      },
      {
        weekStart: '2026-03-09',
        clocks: { met: 0, breached: 1, metShare: 0 },
        bySeverity: { A: { met: 0, breached: 1, metShare: 0 } },
        byProduct: { azure: { met: 0, breached: 1, metShare: 0 } },
      },
    ]);
    expect(report.breachesByCustomer).toEqual([
      { customer: 'Fabrikam Ltd', customerTenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', breaches: 1 },
    ]);
  });

  it('given open and resolved cases of different ages, then the backlog counts the open ones by age', () => {
    const cases = [
      supportCaseFixture({ createdAt: '2026-03-20T06:00:00.000Z' }),
      supportCaseFixture({ id: 'b', createdAt: '2026-03-15T06:00:00.000Z' }),
      supportCaseFixture({ id: 'c', createdAt: '2026-02-01T06:00:00.000Z' }),
      supportCaseFixture({ id: 'd', createdAt: '2026-03-19T06:00:00.000Z', status: 'resolved' }),
    ];
    const report = slaReport(cases, { from: '2026-02-01', to: '2026-03-20' }, now);
    expect(report.backlogByAge).toEqual([
      { bucket: 'under1Day', count: 1 },
      { bucket: 'days1To3', count: 0 },
      { bucket: 'days3To7', count: 1 },
      { bucket: 'days7To30', count: 0 },
      { bucket: 'over30Days', count: 1 },
    ]);
  });

  it('given escalations answered after 2 and 4 hours and one still waiting 10 hours, then the median answer is 3 h and the longest wait 10 h', () => {
    const cases = [
      supportCaseFixture({ escalations: [escalation('2026-03-10T08:00:00.000Z', '2026-03-10T10:00:00.000Z')] }),
      supportCaseFixture({
        id: 'b',
        escalations: [escalation('2026-03-11T08:00:00.000Z', '2026-03-11T12:00:00.000Z')],
      }),
      supportCaseFixture({ id: 'c', escalations: [escalation('2026-03-20T02:00:00.000Z')] }),
    ];
    expect(slaReport(cases, { from: '2026-03-01', to: '2026-03-20' }, now).microsoftEscalations).toEqual({
      requested: 3,
      answered: 2,
      stillWaiting: 1,
      medianHoursToAnswer: 3,
      longestWaitHours: 10,
    });
  });

  it('given a Sunday evening instant, then its ISO week starts the Monday before', () => {
    expect(isoWeekStart('2026-03-08T23:30:00.000Z')).toBe('2026-03-02');
  });
});

describe('which clocks a period counts', () => {
  it('given clocks due before, in and after the period, then only the one due in it is counted, and no week outside it shows', () => {
    const supportCase = withClocks([
      { state: 'met', dueAt: '2026-02-27T10:00:00.000Z' },
      { state: 'breached', dueAt: '2026-03-05T10:00:00.000Z' },
    ]);
    const later = withClocks([{ state: 'met', dueAt: '2026-03-09T10:00:00.000Z' }], { id: 'case-2' });

    const report = slaReport([supportCase, later], { from: '2026-03-01', to: '2026-03-07' }, now);

    expect(report.weeks.map((week) => [week.weekStart, week.clocks])).toEqual([
      ['2026-03-02', { met: 0, breached: 1, metShare: 0 }],
    ]);
  });

  it('given an escalation requested before the period, then it is not among the period’s escalations', () => {
    const supportCase = supportCaseFixture({
      escalations: [escalation('2026-02-20T08:00:00.000Z', '2026-02-20T10:00:00.000Z')],
    });
    expect(slaReport([supportCase], { from: '2026-03-01', to: '2026-03-07' }, now).microsoftEscalations.requested).toBe(
      0,
    );
  });
});
