import { applyEnrichment } from '../domain/caseEnrichment';
import { duplicateWindow, possibleDuplicates } from '../domain/duplicates';
import type { CaseStageMessage } from '../domain/pipelineMessages';
import type { Desk } from '../composition';
import type { StoredCase } from '../ports/caseStore';
import { notFound } from '../errors';
import { changeCase } from './caseUpdates';

export type EnrichmentDesk = Pick<Desk, 'cases' | 'tenants' | 'customers' | 'clock'>;

/**
 * Attaches customer, plan, entitlement and service hours to a triaged case, links likely duplicates and starts its SLA
 * clocks. One range read returns the recent cases of the tenant, the case itself among them with its ETag, so the
 * usual path costs that read, the customer read and one transaction.
 */
export async function enrichCase(desk: EnrichmentDesk, message: CaseStageMessage): Promise<StoredCase> {
  const now = desk.clock.now();
  const recent = await desk.cases.openedSince(message.tenantId, new Date(now.getTime() - duplicateWindow));
  const current = recent.find((stored) => stored.supportCase.id === message.caseId) ?? (await desk.cases.get(message.tenantId, message.caseId));
  if (!current) throw notFound(`No case ${message.caseId} in tenant ${message.tenantId}.`);
  if (current.supportCase.status !== 'triaged') return current;

  const customerTenantId = current.supportCase.customer.tenantId;
  const [customer, offering] = await Promise.all([
    customerTenantId ? desk.customers.get(message.tenantId, customerTenantId) : Promise.resolve(undefined),
    desk.tenants.offering(message.tenantId),
  ]);
  const others = recent.map((stored) => stored.supportCase);
  return changeCase(
    desk.cases,
    message.tenantId,
    message.caseId,
    (fresh) => {
      if (fresh.supportCase.status !== 'triaged') return undefined;
      const duplicates = possibleDuplicates(fresh.supportCase, others);
      return applyEnrichment(fresh.supportCase, { customer, offering, duplicates, now });
    },
    undefined,
    current,
  );
}
