import { breachesRecorded, breachLogLine } from '../../../shared/services/slaEnforcement';
import { supportCaseFixture } from '../caseWork/supportCaseFixture';

const firstResponse = { metric: 'firstResponse', cycle: 1 } as const;
const nextResponse2 = { metric: 'nextResponse', cycle: 2 } as const;

describe('the breaches an enforcement recorded, as the SLA-breach alert counts them', () => {
  it('given a warning and a breach newly recorded beside an old breach, then only the new breach, in the line the alert query matches', () => {
    const before = supportCaseFixture({ slaEventsEmitted: [{ kind: 'breach', clock: firstResponse }] });
    const after = supportCaseFixture({
      slaEventsEmitted: [
        { kind: 'breach', clock: firstResponse },
        { kind: 'warning', clock: { metric: 'resolution', cycle: 1 } },
        { kind: 'breach', clock: nextResponse2 },
      ],
    });

    const recorded = breachesRecorded({ before, after });

    expect(recorded).toEqual([{ tenantId: 'contoso-partner', caseId: 'case-1', metric: 'nextResponse', cycle: 2 }]);
    expect(recorded.map(breachLogLine)).toEqual([
      'slaBreached tenant=contoso-partner case=case-1 metric=nextResponse cycle=2',
    ]);
  });

  it('given nothing new, then nothing to log', () => {
    const same = supportCaseFixture({ slaEventsEmitted: [{ kind: 'breach', clock: firstResponse }] });
    expect(breachesRecorded({ before: same, after: same })).toEqual([]);
  });
});
