import type { Desk } from '../composition';
import { defaultTriageBudget, triage, type TriageDecision, type TriageRequest } from '../domain/triage/triage';
import type { TriageRules } from '../domain/triage/rules';

/**
 * What triage would decide for a sample request: with `rules` when given (rules an admin is editing), else with the
 * tenant's saved rules (the desk's defaults until it saves its own). The same triage, time budget and learned model a
 * new case gets; nothing is stored.
 */
export async function tryTriageRules(
  desk: Pick<Desk, 'tenants'>,
  tenantId: string,
  request: TriageRequest,
  rules?: TriageRules,
): Promise<TriageDecision> {
  return triage(request, rules ?? (await desk.tenants.triageRules(tenantId)), defaultTriageBudget);
}
