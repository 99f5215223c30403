import { servesCustomer, type Principal } from '../domain/apiKey';
import type { SupportCase, TimelineEvent } from '../domain/case';
import { notFound } from '../errors';
import type { CasePage, CaseQuery, CaseStore } from '../ports/caseStore';

export interface CaseView {
  supportCase: SupportCase;
  timeline: TimelineEvent[];
  etag: string;
}

/** A case of the caller's tenant with its timeline; another tenant's, or another customer's for a portal, is not found. */
export async function viewCase(cases: CaseStore, principal: Principal, caseId: string): Promise<CaseView> {
  const stored = await cases.get(principal.tenantId, caseId);
  if (!stored || !servesCustomer(principal, stored.supportCase.customer.tenantId)) throw notFound(`No case ${caseId}.`);
  const timeline = await cases.timeline(principal.tenantId, caseId);
  return { supportCase: stored.supportCase, timeline, etag: stored.etag };
}

/** The caller's tenant's cases, a page at a time; a portal key that serves some customers lists only theirs. */
export function listCases(cases: CaseStore, principal: Principal, query: CaseQuery): Promise<CasePage> {
  return cases.list(principal.tenantId, { ...query, customerTenantIds: principal.customerTenantIds });
}
