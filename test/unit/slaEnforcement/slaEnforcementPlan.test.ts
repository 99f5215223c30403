import type { SupportCase } from '../../../shared/domain/case';
import type { Escalation } from '../../../shared/domain/escalation';
import { requestEscalation } from '../../../shared/domain/escalation/requestEscalation';
import {
  enforcementDueAt,
  maxStageRetries,
  planSlaEnforcement,
  stageWatchDelayMs,
  withPendingBreachesSettled,
} from '../../../shared/domain/slaEnforcement';
import { slaCase } from '../../fixtures/sla/slaCase';
import { slaTestOffering } from '../../fixtures/sla/slaOffering';
import { berlin } from './berlin';

const offering = slaTestOffering();
const firstResponse = { metric: 'firstResponse', cycle: 1 } as const;

/** Applies the plan as the store would, so the next sweep sees what this one saved. */
function enforceAt(supportCase: SupportCase, local: string) {
  const plan = planSlaEnforcement(supportCase, { offering, now: new Date(berlin(local)) });
  // The service sends the outbox right after saving (staff alerts among it): the next sweep finds it empty.
  const after = plan ? { ...plan.next, outbox: [] } : supportCase;
  return { plan, after, types: plan?.events.map((event) => event.type) ?? [] };
}

/** The plan at an instant given in UTC. */
const planAt = (supportCase: SupportCase, instant: string) =>
  planSlaEnforcement(supportCase, { offering, now: new Date(instant) });

describe('SLA enforcement of one case', () => {
  // Severity B: first response within 60 business minutes, warning at 75% (45 minutes).
  const openedMonday = (local = '2025-01-13T09:00') => slaCase({ openedAt: berlin(local), severity: 'B' }, offering);

  it('given nothing has fallen due yet, when enforced, then nothing changes', () => {
    expect(enforceAt(openedMonday(), '2025-01-13T09:30').plan).toBeUndefined();
  });

  it('given the warning instant passed, then one warning goes on the timeline and the case falls due again at the breach', () => {
    const { after, types } = enforceAt(openedMonday(), '2025-01-13T09:46');

    expect(types).toEqual(['slaWarning']);
    expect(after.slaEventsEmitted).toEqual([{ kind: 'warning', clock: firstResponse }]);
    expect(after.sla?.nextDueAt).toBe(berlin('2025-01-13T10:00'));
    expect(enforcementDueAt(after)).toBe(berlin('2025-01-13T10:00'));
  });

  it('given the warning was emitted, when enforced again at the same time, then nothing changes (a second sweep writes nothing)', () => {
    const { after } = enforceAt(openedMonday(), '2025-01-13T09:46');
    expect(enforceAt(after, '2025-01-13T09:46').plan).toBeUndefined();
  });

  it('given the breach passed within service hours, then one breach and one ladder step, each keyed so they happen once', () => {
    const { after: warned } = enforceAt(openedMonday(), '2025-01-13T09:46');
    const { after, types } = enforceAt(warned, '2025-01-13T10:01');

    expect(types).toEqual(['slaBreached', 'escalated']);
    expect(after).toMatchObject({ tier: 'tier2', escalationLevel: 1 });
    expect(after.slaEventsEmitted).toEqual([
      { kind: 'warning', clock: firstResponse },
      { kind: 'breach', clock: firstResponse },
      { kind: 'breachEscalated', clock: firstResponse },
    ]);
    expect(enforceAt(after, '2025-01-13T10:05').plan).toBeUndefined();
  });

  it('given a sweep first notices a case after its breach, then the breach is reported without a late warning', () => {
    expect(enforceAt(openedMonday(), '2025-01-13T10:30').types).toEqual(['slaBreached', 'escalated']);
  });

  describe('given a business-hours severity that breaches at the closing instant', () => {
    // Opened 17:00, 60 business minutes: due exactly at closing, 18:00.
    const lateCase = () => openedMonday('2025-01-13T17:00');

    it('when the sweep sees it after closing, then the breach is recorded but the ladder step waits for the opening', () => {
      const { after, types } = enforceAt(lateCase(), '2025-01-13T18:01');

      expect(types).toEqual(['slaBreached', 'escalationDeferred']);
      expect(after).toMatchObject({ escalationLevel: 0, escalationDeferredUntil: berlin('2025-01-14T08:00') });
      expect(after.tier).toBeUndefined();
      expect(enforcementDueAt(after)).toBe(berlin('2025-01-14T08:00'));
      expect(enforceAt(after, '2025-01-13T23:00').plan).toBeUndefined();
    });

    it('when the service hours open, then the step is taken once and nothing waits any more', () => {
      const { after: deferred } = enforceAt(lateCase(), '2025-01-13T18:01');
      const { after, types } = enforceAt(deferred, '2025-01-14T08:00');

      expect(types).toEqual(['escalated']);
      expect(after).toMatchObject({ tier: 'tier2', escalationLevel: 1, escalationDeferredUntil: undefined });
      expect(after.slaEventsEmitted).toContainEqual({ kind: 'breachEscalated', clock: firstResponse });
    });

    it('when an agent escalated by hand overnight, then the opening brings no second step', () => {
      const { after: deferred } = enforceAt(lateCase(), '2025-01-13T18:01');
      const settled = withPendingBreachesSettled({ ...deferred, escalationLevel: 1, tier: 'tier2' });

      expect(settled.escalationDeferredUntil).toBeUndefined();
      expect(enforceAt(settled, '2025-01-14T08:00').types).not.toContain('escalated');
    });
  });

  it('given a severity worked around the clock, when it breaches at night, then the ladder step is taken at once', () => {
    // Severity A: 30 minutes, 24x7.
    const nightCase = slaCase({ openedAt: berlin('2025-01-13T23:00'), severity: 'A' }, offering);
    const { after, types } = enforceAt(nightCase, '2025-01-13T23:31');

    expect(types).toEqual(['slaBreached', 'escalated']);
    expect(after.tier).toBe('tier2');
  });

  it('given the case was resolved after its breach, then the breach is recorded but nobody further up the ladder is called', () => {
    const resolved = { ...openedMonday(), status: 'resolved' as const };
    const { after, types } = enforceAt(resolved, '2025-01-13T10:30');

    expect(types).toEqual(['slaBreached']);
    expect(after).toMatchObject({
      escalationLevel: 0,
      slaEventsEmitted: [
        { kind: 'breach', clock: firstResponse },
        { kind: 'breachEscalated', clock: firstResponse },
      ],
    });
  });

  describe('given an escalation to Microsoft waiting for its first response', () => {
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
    const escalated = (): SupportCase => ({ ...openedMonday(), escalations: [escalation] });

    it('then the case falls due at the response due time, the earliest of its instants', () => {
      expect(enforcementDueAt(escalated())).toBe(berlin('2025-01-13T09:40'));
    });

    it('when the response is overdue, then "Microsoft response overdue" goes on the timeline once', () => {
      const { after, plan } = enforceAt(escalated(), '2025-01-13T09:41');

      expect(plan?.events).toEqual([
        expect.objectContaining({
          type: 'escalationUpdated',
          summary: expect.stringContaining('Microsoft response overdue'),
        }),
      ]);
      expect(enforcementDueAt(after)).toBe(berlin('2025-01-13T09:45'));
      expect(enforceAt(after, '2025-01-13T09:42').plan).toBeUndefined();
    });

    it('when Microsoft answered in time, then nothing is overdue and the response no longer makes the case due', () => {
      const answered = {
        ...escalated(),
        escalations: [
          { ...escalation, microsoftResponses: [{ at: berlin('2025-01-13T09:30'), summary: 'Looking into it' }] },
        ],
      };

      expect(enforcementDueAt(answered)).toBe(berlin('2025-01-13T09:45'));
      expect(enforceAt(answered, '2025-01-13T09:41').plan).toBeUndefined();
    });
  });

  it('given an escalation request not yet sent, then the case falls due a minute after the request, and no longer once it is sent', () => {
    const billingCase: SupportCase = { ...openedMonday(), category: 'billing' };
    const outcome = requestEscalation(
      billingCase,
      { reason: 'Invoice mismatch' },
      {
        actor: { kind: 'agent', id: 'agent-key' },
        requestedBy: 'agent-key',
        now: new Date(berlin('2025-01-13T09:20')),
        offering,
      },
    );
    if (!outcome.ok) throw new Error(outcome.reason);
    const waiting = { ...outcome.next, escalations: [] };

    expect(waiting.outbox).toHaveLength(1);
    expect(enforcementDueAt(waiting)).toBe(berlin('2025-01-13T09:21'));
    expect(enforcementDueAt({ ...waiting, outbox: [] })).toBe(berlin('2025-01-13T09:45'));
  });

  describe('given a case whose SLA clocks never started (it has not been enriched)', () => {
    const unstarted: SupportCase = { ...openedMonday(), status: 'new', slaHistory: [], sla: undefined };
    const watchAt = (retries: number): string =>
      new Date(Date.parse(unstarted.createdAt) + stageWatchDelayMs * (retries + 1)).toISOString();

    it('then the stage watch makes it due a stage delay after it was opened, and not before', () => {
      expect(enforcementDueAt(unstarted)).toBe(watchAt(0));
      expect(planAt(unstarted, new Date(Date.parse(watchAt(0)) - 1).toISOString())).toBeUndefined();
    });

    it('when the watch falls due, then its stage is requested again under a new message id and the next watch is a delay later', () => {
      const plan = planAt(unstarted, watchAt(0));

      expect(plan?.next.stageRetries).toBe(1);
      expect(plan?.next.outbox).toEqual([
        expect.objectContaining({ queue: 'case-triage', messageId: `triage-${unstarted.id}-retry1` }),
      ]);
      expect(plan?.events).toEqual([expect.objectContaining({ type: 'stageRetried', visibility: 'internal' })]);
      expect(enforcementDueAt({ ...plan!.next, outbox: [] })).toBe(watchAt(1));
    });

    it('when a triaged case is watched, then enrichment is requested again', () => {
      const triaged = {
        ...unstarted,
        status: 'triaged' as const,
        triage: {
          decidedAt: unstarted.createdAt,
          scope: 'basicSupport' as const,
          escalationCandidate: false,
          matchedRuleIds: [],
        },
      };

      expect(planAt(triaged, watchAt(0))?.next.outbox).toEqual([
        expect.objectContaining({ queue: 'case-enrichment', messageId: `enrich-${unstarted.id}-retry1` }),
      ]);
    });

    it('when the last retry did not help either, then it is flagged stuck once and nothing is due any more', () => {
      const exhausted: SupportCase = { ...unstarted, stageRetries: maxStageRetries };

      const plan = planAt(exhausted, watchAt(maxStageRetries));

      expect(plan?.next.flags).toEqual(['stuck']);
      expect(plan?.events).toEqual([expect.objectContaining({ type: 'flaggedStuck' })]);
      expect(enforcementDueAt(plan!.next)).toBeNull();
      expect(planAt(plan!.next, '2025-01-20T09:00:00Z')).toBeUndefined();
    });
  });

  it('given messages left on the outbox past their grace, when enforced, then the case is saved (which sends them) although nothing else is due', () => {
    const message = {
      queue: 'notifications',
      messageId: 'notification-x',
      body: {},
      addedAt: '2025-01-13T08:10:00.000Z',
    };
    const waiting: SupportCase = { ...openedMonday(), outbox: [message] };

    expect(enforcementDueAt(waiting)).toBe('2025-01-13T08:11:00.000Z');
    expect(planAt(waiting, '2025-01-13T08:11:00Z')?.next.outbox).toEqual([message]);
  });
});
