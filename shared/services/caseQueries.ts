import type { Principal } from '../domain/apiKey';
import type { SupportCase, TimelineEvent } from '../domain/case';
import { can } from '../domain/permissions';
import { DeskError } from '../errors';
import type { CasePage, CaseQuery, CaseStore } from '../ports/caseStore';

export interface CaseView {
  supportCase: SupportCase;
  timeline: TimelineEvent[];
  etag: string;
}

/** The caller's tenant's cases, a page at a time; a portal key that serves some customers lists only theirs. */
export async function listCases(cases: CaseStore, principal: Principal, query: CaseQuery): Promise<CasePage> {
  // Flags are the partner's internal follow-ups; a portal must not learn them through a filter either.
  if (query.flag !== undefined && !can(principal.role, 'cases:readInternal')) {
    throw new DeskError('forbidden', 'Only agents and admins may list cases by flag.');
  }
  return cases.list(principal.tenantId, { ...query, customerTenantIds: principal.customerTenantIds });
}
