import { assigneeMe, assigneeNone } from '../domain/agent';
import type { Principal } from '../domain/apiKey';
import type { SupportCase, TimelineEvent } from '../domain/case';
import { caseListQuerySchema, type CaseListQuery } from '../domain/caseListQuery';
import { caseNumberPattern } from '../domain/caseNumber';
import { queueViewNames, queueViews, type QueueSummary } from '../domain/queueSummary';
import { openStatuses, type CaseStatus } from '../domain/lifecycle/caseStatus';
import { can } from '../domain/permissions';
import { searchWords } from '../domain/workQueue';
import { DeskError, invalidRequest } from '../errors';
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

/** Filters only the partner's staff may use: a portal must not learn the partner's internal follow-ups through them. */
const internalFilters = ['assignee', 'tier', 'escalated', 'sla', 'waitingOn', 'flag'] as const;

/** The agent `assignee=me` stands for: the signed-in agent, or the calling key for staff who work under their own key. */
const meOf = (principal: Principal): string => principal.agentId ?? principal.keyId;

/** The statuses asked for, `open` spelt out; waiting on the customer is the status pending_customer. */
function statusesOf(query: CaseListQuery): CaseStatus[] | undefined {
  const asked =
    query.status === undefined
      ? undefined
      : [...new Set(query.status.flatMap((status) => (status === 'open' ? openStatuses : [status])))];
  if (query.waitingOn !== 'customer') return asked;
  return (asked ?? ['pending_customer']).filter((status) => status === 'pending_customer');
}

/**
 * The store's query for a client's: the caller's customers narrow `customer` (a key that serves only some customers
 * lists only theirs), `me` names the caller, `q` becomes words. Undefined when the customers leave nothing to list.
 */
function storeQueryOf(principal: Principal, query: CaseListQuery): Omit<CaseQuery, 'continuationToken'> | undefined {
  const served = principal.customerTenantIds;
  const customers =
    query.customer === undefined
      ? served
      : served === undefined || served.includes(query.customer)
        ? [query.customer]
        : [];
  const statuses = statusesOf(query);
  if ((customers !== undefined && customers.length === 0) || statuses?.length === 0) return undefined;
  // The words `me` and `none` in any letter case (agent ids are lower-case, so no agent is called `ME`), read from
  // what the caller wrote: `me` resolved to an agent is that agent, whatever the agent is called.
  const word = query.assignee?.toLowerCase();
  const assignee = word === assigneeMe ? meOf(principal) : query.assignee;
  return {
    statuses,
    ...(word === assigneeNone ? { unassigned: true } : assignee !== undefined ? { assignee } : {}),
    severities: query.severity,
    products: query.product,
    categories: query.category,
    tiers: query.tier,
    customerTenantIds: customers,
    escalated: query.escalated === 'true' ? 'any' : query.escalated,
    sla: query.sla,
    ...(query.waitingOn === 'microsoft' ? { waitingOnMicrosoft: true } : {}),
    flag: query.flag,
    updatedSince: query.updatedSince === undefined ? undefined : new Date(query.updatedSince).toISOString(),
    words: query.q === undefined ? undefined : searchWords(query.q),
    sort: query.sort,
    order: query.order,
    pageSize: query.pageSize,
  };
}

/**
 * The caller's tenant's cases that match every filter, a page at a time, in the order asked (see CaseQuery); a portal
 * key that serves some customers lists only theirs. `q` holding a case number lists that case, if it matches the other
 * filters. The
 * continuation token is the storage's, signed for this tenant and these filters (services/pageTokens.ts): a token
 * from anywhere else is a 400 before storage sees it.
 * Errors: DeskError forbidden for a portal using an internal filter; invalidRequest for `q` without a word.
 */
export async function listCases(desk: CaseListDesk, principal: Principal, query: CaseListQuery): Promise<CasePage> {
  const internal = internalFilters.filter((name) => query[name] !== undefined);
  if (internal.length > 0 && !can(principal.role, 'cases:readInternal')) {
    throw new DeskError('forbidden', `Only agents and admins may list cases by ${internal.join(', ')}.`);
  }
  if (query.q !== undefined && !caseNumberPattern.test(query.q) && searchWords(query.q).length === 0) {
    throw invalidRequest('q holds no word to search for.', [
      { field: 'q', message: 'needs a case number or a word of two letters or digits' },
    ]);
  }
  const storeQuery = storeQueryOf(principal, query);
  if (storeQuery === undefined) return { cases: [] };
  if (query.q !== undefined && caseNumberPattern.test(query.q)) {
    // A case number is one more filter: its case is listed if it matches all the others too.
    const caseId = await desk.cases.findByLookup(principal.tenantId, `number:${query.q.toUpperCase()}`);
    if (caseId === undefined) return { cases: [] };
    storeQuery.caseId = caseId;
    storeQuery.words = undefined;
  }
  // The page size is no part of the scope: a client may ask for larger pages as it goes.
  const { pageSize: _pageSize, ...filters } = storeQuery;
  const scope = { tenantId: principal.tenantId, ...filters };
  const storageToken = await openPageToken(desk.signingKeys, scope, query.continuationToken);
  const page = await desk.cases.list(principal.tenantId, { ...storeQuery, continuationToken: storageToken });
  return {
    cases: await readerCases(desk, principal, page.cases),
    continuationToken: await sealPageToken(desk.signingKeys, scope, page.continuationToken),
  };
}

/**
 * GET /api/queues/summary: how many cases each named view (queueSummary.ts) lists for the caller, each counted by the
 * same store query GET /api/cases runs for the view's query string, so a count and its list never disagree.
 */
export async function summarizeQueues(desk: CaseListDesk, principal: Principal): Promise<QueueSummary> {
  const views = await Promise.all(
    queueViewNames.map(async (name) => {
      const query = caseListQuerySchema.parse(Object.fromEntries(new URLSearchParams(queueViews[name])));
      const storeQuery = storeQueryOf(principal, query);
      const count = storeQuery === undefined ? 0 : await desk.cases.count(principal.tenantId, storeQuery);
      return { name, count, query: queueViews[name] };
    }),
  );
  return { me: meOf(principal), views };
}
