import type { Principal } from '../domain/apiKey';
import type { SupportCase, TimelineEvent } from '../domain/case';
import type { CasePage, CaseQuery, CaseStore } from '../ports/caseStore';

export interface CaseView {
  supportCase: SupportCase;
  timeline: TimelineEvent[];
  etag: string;
}

/** The caller's tenant's cases, a page at a time; a portal key that serves some customers lists only theirs. */
export function listCases(cases: CaseStore, principal: Principal, query: CaseQuery): Promise<CasePage> {
  return cases.list(principal.tenantId, { ...query, customerTenantIds: principal.customerTenantIds });
}
