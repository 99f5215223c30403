import type { Actor, NewTimelineEvent, SupportCase } from './case';
import { evaluateCaseSla, serviceHoursFor, slaPolicyFor, slaSnapshot } from './caseSla';
import type { Escalation } from './escalation';
import { nextStep } from './escalation';
import { awaitsFirstMicrosoftAnswer } from './escalation/requestEscalation';
import { climbLadder, currentLadderStep } from './ladderClimb';
import { staffAlertFor, staffAlertOutboxMessage } from './staffAlerts';
import type { SupportOffering } from './offering/supportOffering';
import { escalationGate } from './serviceHoursGate';
import {
  dueSlaEvents,
  hasSlaEvent,
  slaClockKey,
  type SlaClockRef,
  type SlaDueEvent,
  type SlaEventRecord,
  type SlaMetric,
} from './sla';
import { outboxDueAt, withOutboxMessages } from './outbox';
import { enrichmentRequestMessage, triageRequestMessage } from './pipelineMessages';

export const slaEnforcementActor: Actor = { kind: 'system', id: 'sla-enforcement', name: 'SLA enforcement' };

/** Records in `slaEventsEmitted` besides the engine's warnings and breaches. */
const breachEscalated = (clock: SlaClockRef): SlaEventRecord => ({ kind: 'breachEscalated', clock });
const responseOverdue = (escalation: Escalation): SlaEventRecord => ({
  kind: 'microsoftResponseOverdue',
  escalationId: escalation.id,
});

const metricNames: Record<SlaMetric, string> = {
  firstResponse: 'First response',
  nextResponse: 'Next response',
  resolution: 'Resolution',
};

function overdueWatch(supportCase: SupportCase): Escalation[] {
  return supportCase.escalations.filter(
    (escalation) =>
      awaitsFirstMicrosoftAnswer(escalation) && !hasSlaEvent(supportCase.slaEventsEmitted, responseOverdue(escalation)),
  );
}

/** How long a case may take from intake to `enriched` before the watchdog requests its stage again. */
export const stageWatchDelayMs = 2 * 60_000;
/** Stage requests the watchdog makes before it flags the case `stuck` for an operator. */
export const maxStageRetries = 3;

/** A case whose SLA clocks have not started (enrichment starts them) and that the watchdog still looks after. */
const underStageWatch = (supportCase: SupportCase): boolean =>
  !supportCase.slaHistory.some((event) => event.type === 'opened') && !supportCase.flags.includes('stuck');

/**
 * When the watchdog looks at a case still on its way to `enriched`: a stage delay after the desk stored it (not after
 * the mail arrived: the pipeline has had no time before), and a further delay after each retry.
 */
export function stageWatchDueAt(supportCase: SupportCase): string | undefined {
  if (!underStageWatch(supportCase)) return undefined;
  return new Date(Date.parse(supportCase.createdAt) + stageWatchDelayMs * (supportCase.stageRetries + 1)).toISOString();
}

/**
 * The next instant the SLA enforcement must look at the case: a warning or breach falling due, a ladder step deferred
 * to the opening of the service hours, Microsoft's response due on an escalation, a message still on the outbox a
 * minute after its change, or the watchdog of a case not yet enriched. Null when nothing is pending. The due-time
 * index files the case under this instant.
 */
export function enforcementDueAt(supportCase: SupportCase): string | null {
  const candidates = [
    supportCase.sla?.nextDueAt ?? undefined,
    supportCase.escalationDeferredUntil,
    ...overdueWatch(supportCase).map((escalation) => escalation.responseDueAt),
    outboxDueAt(supportCase.outbox),
    stageWatchDueAt(supportCase),
  ].filter((instant): instant is string => instant !== undefined);
  if (candidates.length === 0) return null;
  return new Date(Math.min(...candidates.map((instant) => Date.parse(instant)))).toISOString();
}

export interface EnforcementFacts {
  offering: SupportOffering;
  now: Date;
}

export interface CasePlan {
  next: SupportCase;
  events: NewTimelineEvent[];
}

function slaEventOf(due: SlaDueEvent, at: string): NewTimelineEvent {
  const what = due.cycle > 1 ? `${metricNames[due.metric]} (${due.cycle})` : metricNames[due.metric];
  const dueAt = new Date(due.dueAt).toISOString();
  return {
    type: due.kind === 'warning' ? 'slaWarning' : 'slaBreached',
    at,
    actor: slaEnforcementActor,
    visibility: 'internal',
    summary:
      due.kind === 'warning' ? `${what} SLA warning: due at ${dueAt}` : `${what} SLA breached: was due at ${dueAt}`,
    data: {
      clockKey: due.clockKey,
      metric: due.metric,
      cycle: due.cycle,
      severity: due.severity,
      crossedAt: new Date(due.at).toISOString(),
      dueAt,
    },
  };
}

function overdueEventOf(escalation: Escalation, at: string): NewTimelineEvent {
  return {
    type: 'escalationUpdated',
    at,
    actor: slaEnforcementActor,
    visibility: 'internal',
    summary: `Microsoft response overdue: ${escalation.vehicle} was due to respond by ${escalation.responseDueAt}`,
    data: {
      escalationId: escalation.id,
      vehicle: escalation.vehicle,
      responseDueAt: escalation.responseDueAt,
      microsoftTicketId: escalation.microsoftTicketId,
    },
  };
}

/** The clocks whose breach is on the timeline and whose ladder step has not been taken yet. */
function breachesAwaitingStep(emitted: readonly SlaEventRecord[]): SlaClockRef[] {
  return emitted
    .flatMap((record) => (record.kind === 'breach' ? [record.clock] : []))
    .filter((clock) => !hasSlaEvent(emitted, breachEscalated(clock)));
}

/** Whether the ladder's next step above the case is Microsoft. */
function microsoftStepAhead(supportCase: SupportCase, offering: SupportOffering): boolean {
  const ahead = nextStep(offering.settings.escalationLadder, currentLadderStep(supportCase, offering).index);
  return ahead.kind === 'step' && ahead.step.kind === 'microsoft';
}

/**
 * Whether a breach may take the Microsoft step without a person: only where the tenant chose `automatic`, and never
 * for a case no agent has answered yet (Microsoft would be asked about a case the partner never looked at).
 */
function microsoftStepAutomatic(supportCase: SupportCase, offering: SupportOffering): boolean {
  const answered = supportCase.slaHistory.some((event) => event.type === 'agentReply');
  return offering.settings.microsoftStep === 'automatic' && answered;
}

/**
 * The Microsoft step proposed instead of taken: the case is flagged, the timeline says why, and the staff alert asks an
 * agent to take it (POST /api/cases/{id}/ladder-steps or /escalations). Raised once: the breach is settled with it.
 */
function proposeMicrosoftStep(settled: SupportCase, clock: SlaClockRef, reason: string, now: Date): CasePlan {
  const at = now.toISOString();
  const flags = settled.flags.includes('microsoftStepProposed')
    ? settled.flags
    : [...settled.flags, 'microsoftStepProposed' as const];
  const alert = staffAlertFor(settled, 'microsoftStepProposed', now, clock);
  return {
    next: withOutboxMessages({ ...settled, flags, updatedAt: at }, [staffAlertOutboxMessage(alert, now)]),
    events: [
      {
        type: 'escalationProposed',
        at,
        actor: slaEnforcementActor,
        visibility: 'internal',
        summary: `${reason}; the next step is Microsoft, which an agent takes (flagged microsoftStepProposed)`,
        data: { clock, flag: 'microsoftStepProposed' },
      },
    ],
  };
}

/** At a breach the case climbs one step of the ladder, within service hours unless its severity runs around the clock. */
function planLadderStep(
  supportCase: SupportCase,
  facts: EnforcementFacts,
  severityAroundTheClock: boolean,
): CasePlan | undefined {
  const pending = breachesAwaitingStep(supportCase.slaEventsEmitted);
  if (pending.length === 0) return undefined;
  const clockKeys = pending.map(slaClockKey);
  const at = facts.now.toISOString();
  const { calendar } = slaPolicyFor(supportCase, facts.offering);
  const gate = escalationGate(serviceHoursFor(calendar), severityAroundTheClock, facts.now.getTime());
  if (gate.kind === 'closed') {
    const opensAt = new Date(gate.opensAt).toISOString();
    if (supportCase.escalationDeferredUntil === opensAt) return undefined;
    return {
      next: { ...supportCase, escalationDeferredUntil: opensAt },
      events: [
        {
          type: 'escalationDeferred',
          at,
          actor: slaEnforcementActor,
          visibility: 'internal',
          summary: `Escalation after the SLA breach waits for the service hours to open at ${opensAt}`,
          data: { clockKeys, opensAt },
        },
      ],
    };
  }
  // Several breaches noticed at once (e.g. overnight) move the case up one step, not one per breach.
  const reason = `SLA breached: ${clockKeys.join(', ')}`;
  const emitted = [...supportCase.slaEventsEmitted, ...pending.map(breachEscalated)];
  const settled = { ...supportCase, slaEventsEmitted: emitted, escalationDeferredUntil: undefined };
  // A case resolved or closed since its breach needs nobody further up the ladder.
  if (supportCase.status === 'resolved' || supportCase.status === 'closed') return { next: settled, events: [] };
  if (microsoftStepAhead(supportCase, facts.offering) && !microsoftStepAutomatic(supportCase, facts.offering))
    return proposeMicrosoftStep(settled, pending[0] as SlaClockRef, reason, facts.now);
  const climb = climbLadder(supportCase, {
    offering: facts.offering,
    now: facts.now,
    actor: slaEnforcementActor,
    reason,
  });
  switch (climb.kind) {
    case 'stepped':
      return { next: { ...climb.next, slaEventsEmitted: emitted }, events: climb.events };
    case 'needsTechnicalEntitlement':
      return { next: { ...climb.next, slaEventsEmitted: emitted }, events: climb.events };
    case 'refused':
    case 'topOfLadder': {
      const why =
        climb.kind === 'refused'
          ? `not escalated to Microsoft: ${climb.reason}`
          : 'the case is already on the top step of its escalation ladder';
      return {
        next: settled,
        events: [
          {
            type: 'note',
            at,
            actor: slaEnforcementActor,
            visibility: 'internal',
            summary: `${reason}; ${why}`,
            data: { clockKeys },
          },
        ],
      };
    }
  }
}

/**
 * The watchdog: a case whose stage message was lost or dead-lettered never reaches `enriched` on its own. When its
 * watch falls due it gets its stage (triage, or enrichment once triaged) requested again under a new message id, up
 * to maxStageRetries times; after that it is flagged `stuck` on the timeline for an operator, never dropped silently.
 */
function planStageWatch(supportCase: SupportCase, now: Date): CasePlan | undefined {
  const dueAt = stageWatchDueAt(supportCase);
  if (dueAt === undefined || Date.parse(dueAt) > now.getTime()) return undefined;
  const at = now.toISOString();
  const stage = supportCase.triage ? 'enrichment' : 'triage';
  if (supportCase.stageRetries >= maxStageRetries) {
    return {
      next: { ...supportCase, flags: [...supportCase.flags, 'stuck'] },
      events: [
        {
          type: 'flaggedStuck',
          at,
          actor: slaEnforcementActor,
          visibility: 'internal',
          summary: `Flagged stuck: ${stage} did not complete after ${maxStageRetries} repeated requests`,
          data: { stage, retries: supportCase.stageRetries },
        },
      ],
    };
  }
  const attempt = supportCase.stageRetries + 1;
  const { tenantId, id } = supportCase;
  const request =
    stage === 'triage'
      ? triageRequestMessage(tenantId, id, now, attempt)
      : enrichmentRequestMessage(tenantId, id, now, attempt);
  return {
    next: withOutboxMessages({ ...supportCase, stageRetries: attempt }, [request]),
    events: [
      {
        type: 'stageRetried',
        at,
        actor: slaEnforcementActor,
        visibility: 'internal',
        summary: `The case had not reached enriched in time; ${stage} requested again (attempt ${attempt} of ${maxStageRetries})`,
        data: { stage, attempt },
      },
    ],
  };
}

/**
 * An agent's own step up the ladder settles the breaches waiting for an automatic step, so the sweep does not climb a
 * second time for them when the service hours open.
 */
export function withPendingBreachesSettled(supportCase: SupportCase): SupportCase {
  const pending = breachesAwaitingStep(supportCase.slaEventsEmitted);
  if (pending.length === 0 && supportCase.escalationDeferredUntil === undefined) return supportCase;
  return {
    ...supportCase,
    slaEventsEmitted: [...supportCase.slaEventsEmitted, ...pending.map(breachEscalated)],
    escalationDeferredUntil: undefined,
  };
}

/**
 * What the SLA enforcement does to a case at `now`: each warning and breach that fell due goes on the timeline once
 * (recorded in `slaEventsEmitted`), a breach moves the case up the ladder once, an overdue Microsoft response is noted
 * once, and the SLA snapshot moves on to the next due instant. Undefined when nothing changes, so a sweep or a
 * redelivered deadline message that comes again writes nothing.
 */
export function planSlaEnforcement(supportCase: SupportCase, facts: EnforcementFacts): CasePlan | undefined {
  const at = facts.now.toISOString();
  const events: NewTimelineEvent[] = [];
  let next = supportCase;
  let step: CasePlan | undefined;

  if (supportCase.slaHistory.length > 0) {
    const evaluation = evaluateCaseSla(supportCase, facts.offering, facts.now);
    const due = dueSlaEvents(evaluation, supportCase.slaEventsEmitted);
    events.push(...due.map((event) => slaEventOf(event, at)));
    const alerts = due.map((event) =>
      staffAlertOutboxMessage(
        staffAlertFor(supportCase, event.kind === 'warning' ? 'slaWarning' : 'slaBreach', facts.now, {
          metric: event.metric,
          cycle: event.cycle,
          dueAt: new Date(event.dueAt).toISOString(),
        }),
        facts.now,
      ),
    );
    next = withOutboxMessages(
      {
        ...next,
        sla: slaSnapshot(evaluation),
        slaEventsEmitted: [...next.slaEventsEmitted, ...due.map((event) => event.key)],
      },
      alerts,
    );

    const severity = evaluation.severity ?? supportCase.severity ?? 'C';
    const aroundTheClock = slaPolicyFor(supportCase, facts.offering).policy.targets[severity].aroundTheClock;
    step = planLadderStep(next, facts, aroundTheClock);
    if (step) {
      next = step.next;
      events.push(...step.events);
    }
  }

  const watched = planStageWatch(next, facts.now);
  if (watched) {
    next = watched.next;
    events.push(...watched.events);
  }

  const overdue = overdueWatch(next).filter(
    (escalation) => Date.parse(escalation.responseDueAt) <= facts.now.getTime(),
  );
  if (overdue.length > 0) {
    events.push(...overdue.map((escalation) => overdueEventOf(escalation, at)));
    next = { ...next, slaEventsEmitted: [...next.slaEventsEmitted, ...overdue.map(responseOverdue)] };
  }

  // Messages still on the outbox past their grace were not sent after their change: saving the case sends them.
  const outboxDue = outboxDueAt(supportCase.outbox);
  const outboxOverdue = outboxDue !== undefined && Date.parse(outboxDue) <= facts.now.getTime();
  const unchanged =
    !outboxOverdue &&
    events.length === 0 &&
    next.slaEventsEmitted.length === supportCase.slaEventsEmitted.length &&
    next.sla?.nextDueAt === supportCase.sla?.nextDueAt &&
    next.escalationDeferredUntil === supportCase.escalationDeferredUntil;
  if (unchanged) return undefined;
  return { next: { ...next, updatedAt: events.length > 0 ? at : supportCase.updatedAt }, events };
}
