import { applyEnrichment } from '../domain/caseEnrichment';
import { duplicateWindow, possibleDuplicates } from '../domain/duplicates';
import type { CaseStageMessage } from '../domain/pipelineMessages';
import type { Desk } from '../composition';
import type { StoredCase } from '../ports/caseStore';
import { notFound } from '../errors';
import { changeCase } from './caseUpdates';
import { fileNextDue, syncSlaDueIndex } from './slaDueFiling';

/** Triaged and not yet enriched, whatever status an agent may already have moved it to. */
const isAwaitingEnrichment = (stored: StoredCase): boolean =>
  stored.supportCase.triage !== undefined && stored.supportCase.entitlement === undefined;

export type EnrichmentDesk = Pick<Desk, 'cases' | 'tenants' | 'customers' | 'clock' | 'slaDue' | 'publisher'>;

/**
 * Attaches customer, plan, entitlement and service hours to a triaged case, links likely duplicates and starts its SLA
 * clocks, filing it in the SLA due-time index. One range read returns the recent cases of the tenant, the case itself
 * among them with its ETag, so the usual path costs that read, the customer read, one transaction and the index write.
 */
export async function enrichCase(desk: EnrichmentDesk, message: CaseStageMessage): Promise<StoredCase> {
  const now = desk.clock.now();
  const recent = await desk.cases.openedSince(message.tenantId, new Date(now.getTime() - duplicateWindow));
  const current =
    recent.find((stored) => stored.supportCase.id === message.caseId) ??
    (await desk.cases.get(message.tenantId, message.caseId));
  if (!current) throw notFound(`No case ${message.caseId} in tenant ${message.tenantId}.`);
  if (!isAwaitingEnrichment(current)) return current;

  const customerTenantId = current.supportCase.customer.tenantId;
  const [customer, offering] = await Promise.all([
    customerTenantId ? desk.customers.get(message.tenantId, customerTenantId) : Promise.resolve(undefined),
    desk.tenants.offering(message.tenantId),
  ]);
  const others = recent.map((stored) => stored.supportCase);
  const { stored: enriched, before } = await changeCase(
    desk.cases,
    message.tenantId,
    message.caseId,
    (fresh) => {
      if (!isAwaitingEnrichment(fresh)) return undefined;
      const duplicates = possibleDuplicates(fresh.supportCase, others);
      return applyEnrichment(fresh.supportCase, { customer, offering, duplicates, now });
    },
    { alreadyRead: current, beforeSave: fileNextDue(desk), publisher: desk.publisher },
  );
  await syncSlaDueIndex(desk, before.supportCase, enriched.supportCase);
  return enriched;
}
