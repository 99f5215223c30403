import { systemActor, type NewTimelineEvent, type SupportCase } from './case';
import type { TriageDecision } from './triage/triage';

/** Product, category and severity as someone chose them; each absent where they did not. */
type ChosenFields = SupportCase['customerGiven'];

/**
 * What an agent corrected (PATCH) before triage ran. Until then only an agent changes product, category and severity
 * from what the case was opened with (the customer's choices), so a value other than those is the agent's; a product
 * the agent named carries `productDecidedBy: 'agent'`. Triage takes these as given and keeps them.
 */
export function correctionsBeforeTriage(supportCase: SupportCase): ChosenFields {
  if (supportCase.triage !== undefined) return {};
  const given = supportCase.customerGiven;
  return {
    ...(supportCase.productDecidedBy === 'agent' ? { product: supportCase.product } : {}),
    ...(supportCase.category !== undefined && supportCase.category !== given.category
      ? { category: supportCase.category }
      : {}),
    ...(supportCase.severity !== undefined && supportCase.severity !== given.severity
      ? { severity: supportCase.severity }
      : {}),
  };
}

function describe(decision: TriageDecision, fields: Pick<SupportCase, 'product' | 'category' | 'severity'>): string {
  const deciding = [
    ...new Set(decision.explanation.filter((entry) => entry.applied && entry.ruleId).map((entry) => entry.ruleId)),
  ];
  const rules = deciding.length ? `rules ${deciding.join(', ')}` : 'no rule decided a field';
  const scope = decision.escalationCandidate
    ? `tier 2, Microsoft ${decision.vehicleKind} support candidate`
    : 'tier 1 (basic support)';
  return `Triaged as ${fields.product} / ${fields.category} / severity ${fields.severity}, ${scope} (${rules})`;
}

function keptText(corrected: ChosenFields): string {
  const fields = Object.entries(corrected).map(([field, value]) => `${field} ${value}`);
  return fields.length ? `; kept the agent's earlier correction of ${fields.join(', ')}` : '';
}

/**
 * Applies a triage decision to a new case: fields, scope and a timeline entry that explains every choice. An agent's
 * correction made before triage ran (correctionsBeforeTriage) stands over the decision.
 */
export function applyTriage(
  supportCase: SupportCase,
  decision: TriageDecision,
  now: Date,
): { next: SupportCase; events: NewTimelineEvent[] } {
  const at = now.toISOString();
  const corrected = correctionsBeforeTriage(supportCase);
  const next: SupportCase = {
    ...supportCase,
    status: supportCase.status === 'new' ? 'triaged' : supportCase.status,
    product: corrected.product ?? decision.product,
    category: corrected.category ?? decision.category,
    severity: corrected.severity ?? decision.severity,
    tier: decision.tier,
    // A product only the fallback gave is no product: entitlement waits for someone to name one.
    productDecidedBy:
      corrected.product !== undefined
        ? 'agent'
        : decision.decidedBy.product === 'fallback'
          ? undefined
          : decision.decidedBy.product,
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
    summary: `${describe(decision, next)}${keptText(corrected)}`,
    data: { explanation: decision.explanation },
  };
  return { next, events: [event] };
}
