import type { Agent, PartnerTier } from './agent';
import type { SupportCase } from './case';
import { serviceHoursFor, slaPolicyFor } from './caseSla';
import type { SupportOffering } from './offering/supportOffering';

/** The partner tier whose agents take a case: its own, tier 2 for a case at Microsoft, tier 1 before triage placed it. */
export function partnerTierOf(supportCase: SupportCase): PartnerTier {
  return supportCase.tier === 'microsoft' ? 'tier2' : (supportCase.tier ?? 'tier1');
}

/**
 * The agent a new case goes to under round robin: among the active agents of the case's tier who are within their
 * service hours now (their own, or else those of the case's product in the offering), the first by id after the one
 * who got the tier's previous case, wrapping around. Undefined when nobody of the tier is at work.
 */
export function roundRobinAssignee(
  supportCase: SupportCase,
  agents: readonly Agent[],
  facts: { offering: SupportOffering; now: Date; previous?: string },
): Agent | undefined {
  const tier = partnerTierOf(supportCase);
  const productHours = slaPolicyFor(supportCase, facts.offering).calendar;
  const atWork = agents
    .filter((agent) => agent.active && agent.tiers.includes(tier))
    .filter((agent) => serviceHoursFor(agent.serviceHours ?? productHours).isOpen(facts.now.getTime()))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const previous = facts.previous;
  return (previous === undefined ? undefined : atWork.find((agent) => agent.id > previous)) ?? atWork[0];
}
