import type { Principal } from '../domain/apiKey';
import type { SupportCase, TimelineEvent } from '../domain/case';
import { notFound } from '../errors';
import type { CasePage, CaseQuery, CaseStore } from '../ports/caseStore';

export interface CaseView {
  supportCase: SupportCase;
  timeline: TimelineEvent[];
  etag: string;
}

/** A case of the caller's tenant with its timeline; any other tenant's case is simply not found. */
export async function viewCase(cases: CaseStore, principal: Principal, caseId: string): Promise<CaseView> {
  const stored = await cases.get(principal.tenantId, caseId);
  if (!stored) throw notFound(`No case ${caseId}.`);
  const timeline = await cases.timeline(principal.tenantId, caseId);
  return { supportCase: stored.supportCase, timeline, etag: stored.etag };
}

export function listCases(cases: CaseStore, principal: Principal, query: CaseQuery): Promise<CasePage> {
  return cases.list(principal.tenantId, query);
}
