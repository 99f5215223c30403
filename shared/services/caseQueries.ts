import type { Principal } from '../domain/apiKey';
import type { SupportCase, TimelineEvent } from '../domain/case';
import { can } from '../domain/permissions';
import { DeskError } from '../errors';
import type { Desk } from '../composition';
import type { CasePage, CaseQuery } from '../ports/caseStore';
import { readerCases } from './caseAccess';
import { openPageToken, sealPageToken } from './pageTokens';

export interface CaseView {
  supportCase: SupportCase;
  timeline: TimelineEvent[];
  etag: string;
}

export type CaseListDesk = Pick<Desk, 'cases' | 'caseShares' | 'signingKeys'>;

/**
 * The caller's tenant's cases, a page at a time; a portal key that serves some customers lists only theirs. The
 * continuation token is the storage's, signed for this tenant and these filters (services/pageTokens.ts): a token from
 * anywhere else is a 400 before storage sees it.
 */
export async function listCases(desk: CaseListDesk, principal: Principal, query: CaseQuery): Promise<CasePage> {
  // Flags are the partner's internal follow-ups; a portal must not learn them through a filter either.
  if (query.flag !== undefined && !can(principal.role, 'cases:readInternal')) {
    throw new DeskError('forbidden', 'Only agents and admins may list cases by flag.');
  }
  const { pageSize, continuationToken, ...filters } = { ...query, customerTenantIds: principal.customerTenantIds };
  const scope = { tenantId: principal.tenantId, ...filters };
  const storageToken = await openPageToken(desk.signingKeys, scope, continuationToken);
  const page = await desk.cases.list(principal.tenantId, { ...filters, pageSize, continuationToken: storageToken });
  return {
    cases: await readerCases(desk, principal, page.cases),
    continuationToken: await sealPageToken(desk.signingKeys, scope, page.continuationToken),
  };
}
