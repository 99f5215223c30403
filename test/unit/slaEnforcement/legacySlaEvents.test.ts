import { supportCaseSchema, type SupportCase } from '../../../shared/domain/case';
import type { Escalation } from '../../../shared/domain/escalation';
import type { SlaEventRecord } from '../../../shared/domain/sla';
import {
  enforcementDueAt,
  planSlaEnforcement,
  withPendingBreachesSettled,
} from '../../../shared/domain/slaEnforcement';
import { slaCase } from '../../fixtures/sla/slaCase';
import { slaTestOffering } from '../../fixtures/sla/slaOffering';
import { berlin } from './berlin';

/*
 * Cases stored before the SLA event records hold string keys in slaEventsEmitted. They read as the records they stand
 * for, and enforcement treats them as it treated the strings: nothing emitted or escalated before happens again.
 */

const offering = slaTestOffering();
const firstResponse = { metric: 'firstResponse', cycle: 1 } as const;

/** The case as a document stored before the records, read back through the schema as the case store reads it. */
function storedWithKeys(supportCase: SupportCase, keys: string[]): SupportCase {
  return supportCaseSchema.parse(JSON.parse(JSON.stringify({ ...supportCase, slaEventsEmitted: keys })));
}

function enforceAt(supportCase: SupportCase, local: string) {
  const plan = planSlaEnforcement(supportCase, { offering, now: new Date(berlin(local)) });
  // The service sends the outbox right after saving (staff alerts among it): the next sweep finds it empty.
  const after = plan ? { ...plan.next, outbox: [] } : supportCase;
  return { plan, after, types: plan?.events.map((event) => event.type) ?? [] };
}

// Severity B: first response within 60 business minutes (warning at 45); service hours 08:00-18:00 Berlin.
const openedMonday = (local = '2025-01-13T09:00') => slaCase({ openedAt: berlin(local), severity: 'B' }, offering);

describe('SLA event keys stored before the records', () => {
  it('given every kind of key the desk stored, when the case is read, then each becomes its record, in order', () => {
    const read = storedWithKeys(openedMonday(), [
      'firstResponse:warning',
      'firstResponse:breach',
      'firstResponse:escalated',
      'nextResponse#2:warning',
      'nextResponse#12:breach',
      'nextResponse#12:escalated',
      'resolution:warning',
      'resolution:breach',
      'resolution:escalated',
      'microsoft:esc-3:responseOverdue',
    ]);

    const expected: SlaEventRecord[] = [
      { kind: 'warning', clock: firstResponse },
      { kind: 'breach', clock: firstResponse },
      { kind: 'breachEscalated', clock: firstResponse },
      { kind: 'warning', clock: { metric: 'nextResponse', cycle: 2 } },
      { kind: 'breach', clock: { metric: 'nextResponse', cycle: 12 } },
      { kind: 'breachEscalated', clock: { metric: 'nextResponse', cycle: 12 } },
      { kind: 'warning', clock: { metric: 'resolution', cycle: 1 } },
      { kind: 'breach', clock: { metric: 'resolution', cycle: 1 } },
      { kind: 'breachEscalated', clock: { metric: 'resolution', cycle: 1 } },
      { kind: 'microsoftResponseOverdue', escalationId: 'esc-3' },
    ];
    expect(read.slaEventsEmitted).toEqual(expected);
  });

  it('given a case with records, when it is written and read again, then the records read as they are', () => {
    const { after } = enforceAt(enforceAt(openedMonday(), '2025-01-13T09:46').after, '2025-01-13T10:01');

    const again = supportCaseSchema.parse(JSON.parse(JSON.stringify(after)));

    expect(again.slaEventsEmitted).toEqual(after.slaEventsEmitted);
    expect(again.slaEventsEmitted).toHaveLength(3);
  });

  it('given a string that is no SLA event key, when the case is read, then it is refused, naming the string', () => {
    const document = { ...openedMonday(), slaEventsEmitted: ['firstResponse:warning', 'firstResponse:overdue'] };

    const read = supportCaseSchema.safeParse(JSON.parse(JSON.stringify(document)));

    expect(read.success).toBe(false);
    expect(read.error?.issues).toEqual([
      expect.objectContaining({
        path: ['slaEventsEmitted', 1],
        message: expect.stringContaining('"firstResponse:overdue"'),
      }),
    ]);
  });

  it('given the warning stored as a key, when enforced again before the breach, then no second warning', () => {
    const { after: warned } = enforceAt(openedMonday(), '2025-01-13T09:46');
    const old = storedWithKeys(warned, ['firstResponse:warning']);

    expect(enforceAt(old, '2025-01-13T09:50').plan).toBeUndefined();
  });

  it('given the warning stored as a key, when the breach falls due, then the breach and the ladder step come once and no warning', () => {
    const { after: warned } = enforceAt(openedMonday(), '2025-01-13T09:46');
    const old = storedWithKeys(warned, ['firstResponse:warning']);

    const { after, types } = enforceAt(old, '2025-01-13T10:01');

    expect(types).toEqual(['slaBreached', 'escalated']);
    expect(after.escalationLevel).toBe(1);
    expect(enforceAt(after, '2025-01-13T10:05').plan).toBeUndefined();
  });

  it('given warning, breach and ladder step stored as keys, when enforced after the breach, then nothing happens again', () => {
    const { after: warned } = enforceAt(openedMonday(), '2025-01-13T09:46');
    const { after: escalated } = enforceAt(warned, '2025-01-13T10:01');
    const old = storedWithKeys(escalated, ['firstResponse:warning', 'firstResponse:breach', 'firstResponse:escalated']);

    expect(enforceAt(old, '2025-01-13T10:05').plan).toBeUndefined();
    expect(enforceAt(old, '2025-01-14T10:05').types).not.toContain('escalated');
  });

  describe('given a breach after closing whose ladder step waits for the opening, stored as a key', () => {
    // Opened 17:00, due at closing (18:00): the step is deferred to 08:00 the next day.
    const deferredOld = (): SupportCase =>
      storedWithKeys(enforceAt(openedMonday('2025-01-13T17:00'), '2025-01-13T18:01').after, ['firstResponse:breach']);

    it('when the service hours open, then the step is taken once and recorded for that clock', () => {
      const { after, types } = enforceAt(deferredOld(), '2025-01-14T08:00');

      expect(types).toEqual(['escalated']);
      expect(after.slaEventsEmitted).toEqual([
        { kind: 'breach', clock: firstResponse },
        { kind: 'breachEscalated', clock: firstResponse },
      ]);
      expect(enforceAt(after, '2025-01-14T08:05').plan).toBeUndefined();
    });

    it('when an agent climbed by hand overnight, then the opening brings no second step', () => {
      const settled = withPendingBreachesSettled({ ...deferredOld(), escalationLevel: 1, tier: 'tier2' });

      expect(settled.slaEventsEmitted).toContainEqual({ kind: 'breachEscalated', clock: firstResponse });
      expect(enforceAt(settled, '2025-01-14T08:00').types).not.toContain('escalated');
    });
  });

  it('given an overdue Microsoft response stored as a key, then it is not noted again and no longer makes the case due', () => {
    const escalation: Escalation = {
      id: 'esc-1',
      vehicle: 'commercialSupport',
      microsoftSeverity: 'moderate',
      reason: 'Billing dispute',
      requestedAt: berlin('2025-01-13T09:10'),
      requestedBy: 'agent-key',
      status: 'requested',
      responseDueAt: berlin('2025-01-13T09:40'),
      microsoftResponses: [],
    };
    const old = storedWithKeys({ ...openedMonday(), escalations: [escalation] }, ['microsoft:esc-1:responseOverdue']);

    expect(old.slaEventsEmitted).toEqual([{ kind: 'microsoftResponseOverdue', escalationId: 'esc-1' }]);
    expect(enforcementDueAt(old)).toBe(berlin('2025-01-13T09:45'));
    expect(enforceAt(old, '2025-01-13T09:41').plan).toBeUndefined();
  });
});
