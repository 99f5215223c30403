import type { Agent } from '../domain/agent';
import { systemActor, type SupportCase } from '../domain/case';
import { withCustomerAdopted } from '../domain/caseAdoption';
import { applyEnrichment } from '../domain/caseEnrichment';
import type { SupportOffering } from '../domain/offering/supportOffering';
import { partnerTierOf, roundRobinAssignee } from '../domain/roundRobin';
import { duplicateScope, duplicateWindowOf, possibleDuplicates } from '../domain/duplicates';
import { contactErased } from '../domain/notifications';
import type { CaseStageMessage } from '../domain/pipelineMessages';
import type { Desk } from '../composition';
import type { StoredCase } from '../ports/caseStore';
import { notFound } from '../errors';
import { changeCase } from './caseUpdates';
import { fileNextDue, syncSlaDueIndex } from './slaDueFiling';

/** Triaged and not yet enriched, whatever status an agent may already have moved it to. */
const isAwaitingEnrichment = (stored: StoredCase): boolean =>
  stored.supportCase.triage !== undefined && stored.supportCase.entitlement === undefined;

export type EnrichmentDesk = Pick<
  Desk,
  'cases' | 'tenants' | 'customers' | 'clock' | 'slaDue' | 'publisher' | 'agents'
>;

/**
 * Attaches customer, plan, entitlement and service hours to a triaged case, links likely duplicates and starts its SLA
 * clocks, filing it in the SLA due-time index. The case is read first; duplicate detection then reads only what it
 * compares (title, number, opening time, customer, contact domain) of the recent cases of the case's own customer that
 * share a title word with it (the duplicate index), so the usual path costs those reads, the customer read, one
 * transaction and the index write, however many cases the tenant or the customer opened that day. A case given its
 * customer while it was being enriched (adopted by a customer change) is enriched with that customer's record, and a
 * case of no known customer whose sender a customer names by now (saved while intake held its answer) is adopted by
 * it here (withCustomerAdopted), at the cost of one read.
 */
export async function enrichCase(desk: EnrichmentDesk, message: CaseStageMessage): Promise<StoredCase> {
  const now = desk.clock.now();
  const current = await desk.cases.get(message.tenantId, message.caseId);
  if (!current) throw notFound(`No case ${message.caseId} in tenant ${message.tenantId}.`);
  if (!isAwaitingEnrichment(current)) return current;

  const customerTenantId = current.supportCase.customer.tenantId;
  const sender = current.supportCase.contact.email.toLowerCase();
  const [customer, adopter, offering, others] = await Promise.all([
    customerTenantId ? desk.customers.get(message.tenantId, customerTenantId) : Promise.resolve(undefined),
    // A case of no known customer asks again, from storage, whose its sender is: a customer saved while intake held
    // its answer had its recompute run before the case was stored, so nothing else would adopt it.
    customerTenantId || contactErased(current.supportCase)
      ? Promise.resolve(undefined)
      : desk.customers.findBySender(message.tenantId, sender),
    desk.tenants.offering(message.tenantId),
    desk.cases.duplicateCandidates(
      message.tenantId,
      duplicateWindowOf(current.supportCase),
      duplicateScope(current.supportCase),
      current.supportCase.title,
    ),
  ]);
  const assignee = await roundRobinAssigneeFor(desk, current.supportCase, offering, now);
  const {
    stored: enriched,
    before,
    result,
  } = await changeCase(
    desk.cases,
    message.tenantId,
    message.caseId,
    (fresh) => {
      if (!isAwaitingEnrichment(fresh)) return undefined;
      // The customer record and the candidates were read for the customer the case had when first read; a customer
      // change may have adopted the case since (services/openCaseTerms.ts): enrich it again rather than bill it as a
      // case of an unknown customer.
      if (fresh.supportCase.customer.tenantId !== customerTenantId) return { result: 'customerChanged' as const };
      const adoption =
        adopter &&
        withCustomerAdopted(fresh.supportCase, { customer: adopter, sender }, offering, {
          at: now.toISOString(),
          by: systemActor,
        });
      const supportCase = adoption?.next ?? fresh.supportCase;
      const duplicates = possibleDuplicates(supportCase, others);
      const enrichment = applyEnrichment(supportCase, {
        customer: adoption ? adopter : customer,
        offering,
        duplicates,
        now,
        assignee,
      });
      return adoption ? { ...enrichment, events: [...adoption.events, ...enrichment.events] } : enrichment;
    },
    { alreadyRead: current, beforeSave: fileNextDue(desk), publisher: desk.publisher },
  );
  // Again from the case as it is now: a case is adopted once (it has a customer after), so this ends.
  if (result === 'customerChanged') return enrichCase(desk, message);
  await syncSlaDueIndex(desk, before.supportCase, enriched.supportCase);
  const given = enriched.supportCase.assignee;
  if (assignee && given === assignee.id && before.supportCase.assignee === undefined)
    await desk.agents.recordAssigned(message.tenantId, partnerTierOf(enriched.supportCase), given);
  return enriched;
}

/** The agent the tenant's round robin gives a new case, when the tenant assigns automatically and the case has nobody. */
async function roundRobinAssigneeFor(
  desk: EnrichmentDesk,
  supportCase: SupportCase,
  offering: SupportOffering,
  now: Date,
): Promise<Agent | undefined> {
  if (offering.settings.autoAssignment !== 'roundRobin' || supportCase.assignee !== undefined) return undefined;
  const [agents, previous] = await Promise.all([
    desk.agents.listAgents(supportCase.tenantId),
    desk.agents.lastAssigned(supportCase.tenantId, partnerTierOf(supportCase)),
  ]);
  return roundRobinAssignee(supportCase, agents, { offering, now, previous });
}
