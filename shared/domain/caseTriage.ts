import { systemActor, type NewTimelineEvent, type SupportCase } from './case';
import type { TriageDecision } from './triage/triage';

function describe(decision: TriageDecision): string {
  const deciding = [
    ...new Set(decision.explanation.filter((entry) => entry.applied && entry.ruleId).map((entry) => entry.ruleId)),
  ];
  const rules = deciding.length ? `rules ${deciding.join(', ')}` : 'no rule decided a field';
  const scope = decision.escalationCandidate
    ? `tier 2, Microsoft ${decision.vehicleKind} support candidate`
    : 'tier 1 (basic support)';
  return `Triaged as ${decision.product} / ${decision.category} / severity ${decision.severity}, ${scope} (${rules})`;
}

/** Applies a triage decision to a new case: fields, scope and a timeline entry that explains every choice. */
export function applyTriage(
  supportCase: SupportCase,
  decision: TriageDecision,
  now: Date,
): { next: SupportCase; events: NewTimelineEvent[] } {
  const at = now.toISOString();
  const next: SupportCase = {
    ...supportCase,
    status: supportCase.status === 'new' ? 'triaged' : supportCase.status,
    product: decision.product,
    category: decision.category,
    severity: decision.severity,
    tier: decision.tier,
    // A product only the fallback gave is no product: entitlement waits for someone to name one.
    productDecidedBy: decision.decidedBy.product === 'fallback' ? undefined : decision.decidedBy.product,
    triage: {
      decidedAt: at,
      scope: decision.escalationCandidate ? 'beyondBasicSupport' : 'basicSupport',
      escalationCandidate: decision.escalationCandidate,
      vehicleKind: decision.vehicleKind ?? undefined,
      matchedRuleIds: decision.matchedRuleIds,
    },
    updatedAt: at,
  };
  const event: NewTimelineEvent = {
    type: 'triaged',
    at,
    actor: systemActor,
    visibility: 'internal',
    summary: describe(decision),
    data: { explanation: decision.explanation },
  };
  return { next, events: [event] };
}
