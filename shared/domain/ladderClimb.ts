import type { Actor, CaseFlag, NewTimelineEvent, SupportCase } from './case';
import { describeEscalation, nextStep, type EscalationStep } from './escalation';
import { requestEscalation, type EscalationRefusalCode } from './escalation/requestEscalation';
import type { SupportOffering } from './offering/supportOffering';

export interface LadderClimbFacts {
  /** The offering of the tenant the case belongs to: its ladder, technical entitlements and Microsoft targets. */
  offering: SupportOffering;
  now: Date;
  actor: Actor;
  /** Why the case moves up, as the timeline shows it. */
  reason: string;
}

export type LadderClimb =
  | {
      kind: 'stepped';
      step: EscalationStep;
      next: SupportCase;
      events: NewTimelineEvent[];
    }
  /** A technical case without a technical entitlement is flagged instead of silently stalling. */
  | { kind: 'needsTechnicalEntitlement'; reason: string; next: SupportCase; events: NewTimelineEvent[] }
  /** The case is not open, or Microsoft cannot take it as it is (category or severity missing, already escalated). */
  | { kind: 'refused'; code: EscalationRefusalCode; reason: string }
  | { kind: 'topOfLadder'; step: EscalationStep };

/**
 * The step the case stands on: the one it climbed to, or the tier triage placed it in if that is higher (a case triaged
 * as beyond basic support starts on tier 2). A ladder shortened since leaves the case on its last step.
 */
export function currentLadderStep(
  supportCase: SupportCase,
  offering: SupportOffering,
): { index: number; step: EscalationStep } {
  const ladder = offering.settings.escalationLadder;
  const tierIndex = ladder.findIndex((step) =>
    step.kind === 'tier'
      ? step.tier === supportCase.tier
      : step.kind === 'microsoft' && supportCase.tier === 'microsoft',
  );
  const index = Math.min(Math.max(supportCase.escalationLevel, tierIndex), ladder.length - 1);
  return { index, step: ladder[index] as EscalationStep };
}

const withFlag = (flags: CaseFlag[], flag: CaseFlag): CaseFlag[] => (flags.includes(flag) ? flags : [...flags, flag]);

function ownStep(
  supportCase: SupportCase,
  from: EscalationStep,
  to: Exclude<EscalationStep, { kind: 'microsoft' }>,
  index: number,
  facts: LadderClimbFacts,
): LadderClimb {
  const at = facts.now.toISOString();
  const moved: SupportCase = {
    ...supportCase,
    escalationLevel: index,
    escalationDeferredUntil: undefined,
    updatedAt: at,
  };
  // A case handed to a providing tenant leaves its assignee behind: agent ids are each tenant's own, so the owner's
  // `kim` would name whichever `kim` the provider has (alerts, work queues); the provider assigns one of its own.
  const next: SupportCase =
    to.kind === 'tier'
      ? { ...moved, tier: to.tier }
      : {
          ...moved,
          assignee: undefined,
          sharedWithTenantIds: [...new Set([...supportCase.sharedWithTenantIds, to.tenantId])],
        };
  const unassigned = to.kind === 'tier' ? undefined : supportCase.assignee;
  const event: NewTimelineEvent = {
    type: 'escalated',
    at,
    actor: facts.actor,
    visibility: 'internal',
    summary: `${describeEscalation(from, to)}: ${facts.reason}${unassigned ? ` (no longer assigned to ${unassigned})` : ''}`,
    data: { from, to, level: index, reason: facts.reason, ...(unassigned ? { unassigned } : {}) },
  };
  return { kind: 'stepped', step: to, next, events: [event] };
}

function microsoftStep(supportCase: SupportCase, index: number, facts: LadderClimbFacts): LadderClimb {
  const outcome = requestEscalation(
    supportCase,
    { reason: facts.reason },
    { actor: facts.actor, requestedBy: facts.actor.id ?? facts.actor.kind, now: facts.now, offering: facts.offering },
  );
  if (outcome.ok) {
    return {
      kind: 'stepped',
      step: { kind: 'microsoft' },
      next: { ...outcome.next, escalationLevel: index, escalationDeferredUntil: undefined },
      events: outcome.events,
    };
  }
  // Flagged already: asking again changes nothing, so a retry neither adds an entry nor stales everyone's If-Match.
  if (outcome.code !== 'needsTechnicalEntitlement' || supportCase.flags.includes('needsTechnicalEntitlement'))
    return { kind: 'refused', code: outcome.code, reason: outcome.reason };
  const at = facts.now.toISOString();
  return {
    kind: 'needsTechnicalEntitlement',
    reason: outcome.reason,
    next: {
      ...supportCase,
      flags: withFlag(supportCase.flags, 'needsTechnicalEntitlement'),
      escalationDeferredUntil: undefined,
      updatedAt: at,
    },
    events: [
      {
        type: 'escalationUpdated',
        at,
        actor: facts.actor,
        visibility: 'internal',
        summary: `Not escalated to Microsoft: ${outcome.reason} Flagged for follow-up.`,
        data: { reason: facts.reason, flag: 'needsTechnicalEntitlement' },
      },
    ],
  };
}

/**
 * Moves the case up one step of its tenant's escalation ladder, recording the step and its reason on the timeline. A
 * resolved or closed case is refused (`caseNotOpen`) whatever the next step, as an escalation to Microsoft is.
 */
export function climbLadder(supportCase: SupportCase, facts: LadderClimbFacts): LadderClimb {
  if (supportCase.status === 'resolved' || supportCase.status === 'closed') {
    return {
      kind: 'refused',
      code: 'caseNotOpen',
      reason: `A ${supportCase.status} case is not escalated; reopen it first.`,
    };
  }
  const current = currentLadderStep(supportCase, facts.offering);
  const next = nextStep(facts.offering.settings.escalationLadder, current.index);
  if (next.kind === 'topOfLadder') return { kind: 'topOfLadder', step: current.step };
  if (next.step.kind === 'microsoft') return microsoftStep(supportCase, next.index, facts);
  return ownStep(supportCase, current.step, next.step, next.index, facts);
}
