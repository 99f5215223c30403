import type { CaseSla, SupportCase } from '../../../shared/domain/case';
import type { Escalation } from '../../../shared/domain/escalation';
import { searchWords, slaAttentionOf, workQueueFieldsOf, workQueueIndexKeysOf } from '../../../shared/domain/workQueue';
import { supportCaseFixture } from '../caseWork/supportCaseFixture';

const firstResponse = { metric: 'firstResponse', cycle: 1 } as const;

function withClocks(states: CaseSla['clocks'][number]['state'][], overrides: Partial<SupportCase> = {}): SupportCase {
  const keys = ['firstResponse', 'resolution', 'nextResponse#1'];
  const clocks = states.map((state, index) => ({
    key: keys[index] as string,
    metric: (index === 1 ? 'resolution' : index === 2 ? 'nextResponse' : 'firstResponse') as 'firstResponse',
    state,
    dueAt: '2026-03-02T10:00:00.000Z',
  }));
  return supportCaseFixture({
    sla: { computedAt: '2026-03-02T09:00:00.000Z', clocks, nextDueAt: '2026-03-02T10:00:00.000Z' },
    ...overrides,
  });
}

describe('where a case stands against its SLA, for the work queues', () => {
  it('given a running clock with no warning recorded, then it is on track', () => {
    expect(slaAttentionOf(withClocks(['running', 'running']))).toBe('onTrack');
  });

  it('given the warning of a running clock recorded, then it is at risk', () => {
    const supportCase = withClocks(['running', 'running'], {
      slaEventsEmitted: [{ kind: 'warning', clock: firstResponse }],
    });
    expect(slaAttentionOf(supportCase)).toBe('atRisk');
  });

  it('given a warning recorded for a clock that has since been met, then the case is no longer at risk', () => {
    const supportCase = withClocks(['met', 'running'], {
      slaEventsEmitted: [{ kind: 'warning', clock: firstResponse }],
    });
    expect(slaAttentionOf(supportCase)).toBe('onTrack');
  });

  it('given a breach recorded for a clock not met, then the case is breached even where another clock only warned', () => {
    const supportCase = withClocks(['running', 'running'], {
      slaEventsEmitted: [
        { kind: 'warning', clock: { metric: 'resolution', cycle: 1 } },
        { kind: 'breach', clock: firstResponse },
      ],
    });
    expect(slaAttentionOf(supportCase)).toBe('breached');
  });

  it('given every counting clock paused, then paused; given no clock counting, then none', () => {
    expect(slaAttentionOf(withClocks(['paused', 'paused']))).toBe('paused');
    expect(slaAttentionOf(withClocks(['met', 'notStarted']))).toBe('none');
  });

  it('given a resolved case with a breached clock, then it needs no attention any more', () => {
    expect(slaAttentionOf(withClocks(['breached'], { status: 'resolved' }))).toBe('none');
  });
});

describe('which work-queue rows a case is filed under', () => {
  it('given an open unassigned case at risk, then under open, nobody and at risk', () => {
    const supportCase = withClocks(['running'], { slaEventsEmitted: [{ kind: 'warning', clock: firstResponse }] });
    expect(workQueueIndexKeysOf(workQueueFieldsOf(supportCase))).toEqual(['assignee:-', 'sla:atRisk']);
  });

  it('given an assigned case on track, then under open and its assignee only', () => {
    const supportCase = withClocks(['running'], { assignee: 'kim' });
    expect(workQueueIndexKeysOf(workQueueFieldsOf(supportCase))).toEqual(['assignee:kim']);
  });

  it('given a closed case, then under none', () => {
    expect(workQueueIndexKeysOf(workQueueFieldsOf(withClocks(['met'], { status: 'closed' })))).toEqual([]);
  });

  it.each([
    ['requested', true],
    ['waitingOnMicrosoft', true],
    ['waitingOnPartner', false],
    ['closed', false],
  ] as const)('given an escalation %s, then waiting on Microsoft is %s', (status, waiting) => {
    const escalation: Escalation = {
      id: 'esc-1',
      vehicle: 'commercialSupport',
      microsoftSeverity: 'moderate',
      reason: 'Invoice shows seats nobody ordered',
      requestedAt: '2026-03-02T09:00:00.000Z',
      requestedBy: 'key-agent',
      status,
      responseDueAt: '2026-03-02T17:00:00.000Z',
      microsoftResponses: [],
    };
    const fields = workQueueFieldsOf(supportCaseFixture({ escalations: [escalation] }));
    expect(fields).toMatchObject({ waitingOnMicrosoft: waiting, escalatedToMicrosoft: true });
  });
});

describe('the words q searches by', () => {
  it('given mixed case, punctuation, umlauts and repeats, then lower-case words of two or more letters or digits, once each', () => {
    expect(searchWords('VM-Größe: VM läuft nicht (Fehler 0x80) a')).toEqual([
      'vm',
      'größe',
      'läuft',
      'nicht',
      'fehler',
      '0x80',
    ]);
  });

  it('given a decomposed umlaut (U and a combining diaeresis), then the same word as the precomposed one', () => {
    expect(searchWords('U\u0308berweisung')).toEqual(searchWords('\u00dcberweisung'));
    expect(searchWords('U\u0308berweisung')).toEqual(['überweisung']);
  });
});
