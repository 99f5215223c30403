import { servesCustomer, type Principal } from '../domain/apiKey';
import type { SupportCase, TimelineEvent } from '../domain/case';
import type { Desk } from '../composition';
import { DeskError, notFound } from '../errors';
import type { CaseShare } from '../ports/caseShares';
import { UnreadableCaseError, type StoredCase } from '../ports/caseStore';
import type { CaseView } from './caseQueries';
import { openPageToken, sealPageToken } from './pageTokens';

export type CaseAccessDesk = Pick<Desk, 'cases' | 'caseShares'>;

export interface AccessibleCase {
  stored: StoredCase;
  /** The tenant the case belongs to: its partition, offering and ladder apply. */
  originTenantId: string;
  /** `origin`: the caller's own case; `provider`: handed to the caller's tenant by the origin's escalation ladder. */
  access: 'origin' | 'provider';
  /**
   * Whether the caller's agents may work the case. Once a case is handed to a providing tenant, that tenant works it
   * and the originating tenant keeps read access only.
   */
  mayWork: boolean;
}

/**
 * A case the caller may see: one of its own tenant for a customer it serves, or one another tenant's escalation ladder
 * handed to it (agents and admins only; a providing tenant's portal never sees its clients' partners' cases). Anything
 * else is not found, so a third tenant, or a portal of another customer, cannot even learn that the case exists.
 */
export async function findAccessibleCase(
  desk: CaseAccessDesk,
  principal: Principal,
  caseId: string,
): Promise<AccessibleCase> {
  const own = await ownCase(desk, principal, caseId);
  if (own && servesCustomer(principal, own.supportCase.customer.tenantId)) {
    return {
      stored: own,
      originTenantId: principal.tenantId,
      access: 'origin',
      mayWork: own.supportCase.sharedWithTenantIds.length === 0,
    };
  }
  if (principal.role !== 'portal') {
    const share = await desk.caseShares.find(principal.tenantId, caseId);
    const shared = share ? await desk.cases.get(share.originTenantId, caseId) : undefined;
    if (share && shared?.supportCase.sharedWithTenantIds.includes(principal.tenantId)) {
      return { stored: shared, originTenantId: share.originTenantId, access: 'provider', mayWork: true };
    }
  }
  throw notFound(`No case ${caseId}.`);
}

/**
 * A case of the caller's own tenant. A row this version cannot read is the tenant's to wait for (UnreadableCaseError,
 * 503) only for a caller that serves every customer: a key that serves some cannot tell whose case it is, so to it the
 * case is not there, as any case of another customer is.
 */
async function ownCase(desk: CaseAccessDesk, principal: Principal, caseId: string): Promise<StoredCase | undefined> {
  try {
    return await desk.cases.get(principal.tenantId, caseId);
  } catch (error) {
    if (error instanceof UnreadableCaseError && principal.customerTenantIds !== undefined) return undefined;
    throw error;
  }
}

/** GET /api/cases/{id} for own and handed-over cases alike: the case with its whole timeline and ETag. */
export async function viewAccessibleCase(
  desk: CaseAccessDesk,
  principal: Principal,
  caseId: string,
): Promise<CaseView> {
  const { stored, originTenantId } = await findAccessibleCase(desk, principal, caseId);
  return readerView(desk, principal, {
    supportCase: stored.supportCase,
    timeline: await desk.cases.timeline(originTenantId, caseId, stored),
    etag: stored.etag,
  });
}

/**
 * GET /api/case-numbers/{caseNumber}: the caller's own case with that number (case numbers are the tenant's own, so a
 * case handed over by another tenant is found by its id), as viewAccessibleCase answers it. Case-insensitive.
 * Errors: notFound when the tenant has no such case or the caller may not see it.
 */
export async function viewCaseByNumber(
  desk: CaseAccessDesk,
  principal: Principal,
  caseNumber: string,
): Promise<CaseView> {
  const caseId = await desk.cases.findByLookup(principal.tenantId, `number:${caseNumber.toUpperCase()}`);
  if (caseId === undefined) throw notFound(`No case ${caseNumber}.`);
  return viewAccessibleCase(desk, principal, caseId).catch((error: unknown) => {
    // The number is the tenant's, but the caller may not see the case: no different from a number never given out.
    if (error instanceof DeskError && error.kind === 'notFound') throw notFound(`No case ${caseNumber}.`);
    throw error;
  });
}

/** The case ids (with their numbers) among `caseIds` that the caller may open itself. */
async function readableCases(
  desk: CaseAccessDesk,
  principal: Principal,
  caseIds: Iterable<string>,
): Promise<Map<string, string>> {
  const readable = new Map<string, string>();
  await Promise.all(
    [...new Set(caseIds)].map(async (caseId) => {
      try {
        readable.set(caseId, (await findAccessibleCase(desk, principal, caseId)).stored.supportCase.caseNumber);
      } catch (error) {
        // A linked case this version cannot read is left out like one the caller may not see: it must not fail the
        // case, or the list, that links to it.
        const unlisted =
          error instanceof UnreadableCaseError || (error instanceof DeskError && error.kind === 'notFound');
        if (!unlisted) throw error;
      }
    }),
  );
  return readable;
}

/**
 * Links always point into the case's own tenant (duplicates, follow-ups), so a caller of that tenant that serves every
 * customer may open all of them and nothing needs looking up. A providing tenant, or a key that serves some customers,
 * may not: the origin may have handed over only one of two duplicates.
 */
const seesWholeTenant = (principal: Principal, supportCase: SupportCase): boolean =>
  supportCase.tenantId === principal.tenantId && principal.customerTenantIds === undefined;

/** The case ids a timeline entry names (duplicate and follow-up links keep them in `data.caseIds`). */
function namedCaseIds(event: TimelineEvent): string[] {
  const named = event.data?.caseIds;
  return Array.isArray(named) ? named.filter((id): id is string => typeof id === 'string') : [];
}

/**
 * A timeline entry with the cases it names cut down to those the reader may open. Its summary names cases by number,
 * so it is rewritten from the readable ones, with a count of the rest that says no more about them.
 */
function entryForReader(event: TimelineEvent, readable: ReadonlyMap<string, string>): TimelineEvent {
  const named = namedCaseIds(event);
  const kept = named.filter((id) => readable.has(id));
  if (kept.length === named.length) return event;
  const hidden = named.length - kept.length;
  const parts = [
    ...kept.map((id) => readable.get(id) as string),
    `${hidden} case${hidden === 1 ? '' : 's'} not shared with you`,
  ];
  return { ...event, summary: `Linked to ${parts.join(', ')}`, data: { ...event.data, caseIds: kept } };
}

/**
 * The case as this caller may read it: duplicate links (`linkedCaseIds`) and timeline entries that name cases keep only
 * the cases the caller may open itself, so a providing tenant never learns the ids or numbers of the origin's other
 * cases, nor a customer-scoped key those of other customers.
 */
export async function readerView(desk: CaseAccessDesk, principal: Principal, view: CaseView): Promise<CaseView> {
  if (seesWholeTenant(principal, view.supportCase)) return view;
  const named = [...view.supportCase.linkedCaseIds, ...view.timeline.flatMap(namedCaseIds)];
  if (named.length === 0) return view;
  const readable = await readableCases(desk, principal, named);
  return {
    ...view,
    supportCase: {
      ...view.supportCase,
      linkedCaseIds: view.supportCase.linkedCaseIds.filter((id) => readable.has(id)),
    },
    timeline: view.timeline.map((event) => entryForReader(event, readable)),
  };
}

/** Listed cases as this caller may read them: `linkedCaseIds` cut down as in readerView. */
export async function readerCases(
  desk: CaseAccessDesk,
  principal: Principal,
  cases: SupportCase[],
): Promise<SupportCase[]> {
  const named = cases
    .filter((supportCase) => !seesWholeTenant(principal, supportCase))
    .flatMap((supportCase) => supportCase.linkedCaseIds);
  if (named.length === 0) return cases;
  const readable = await readableCases(desk, principal, named);
  return cases.map((supportCase) =>
    seesWholeTenant(principal, supportCase)
      ? supportCase
      : { ...supportCase, linkedCaseIds: supportCase.linkedCaseIds.filter((id) => readable.has(id)) },
  );
}

/**
 * The cases the shares point at that still name the caller's tenant, in the shares' order. A share only points at a
 * case (ports/caseShares.ts): one whose case no longer names the tenant grants nothing.
 */
export async function casesStillShared(
  desk: CaseAccessDesk,
  principal: Principal,
  shares: readonly CaseShare[],
): Promise<SupportCase[]> {
  const cases = await Promise.all(shares.map((share) => listedSharedCase(desk, share)));
  return cases
    .filter(
      (stored): stored is StoredCase => stored?.supportCase.sharedWithTenantIds.includes(principal.tenantId) === true,
    )
    .map((stored) => stored.supportCase);
}

/**
 * The case a share points at, as a list reads it: undefined when there is none, or when its row cannot be read
 * (UnreadableCaseError; the store logs it), so one row another tenant's newer writer left does not fail the list.
 */
async function listedSharedCase(desk: CaseAccessDesk, share: CaseShare): Promise<StoredCase | undefined> {
  try {
    return await desk.cases.get(share.originTenantId, share.caseId);
  } catch (error) {
    if (error instanceof UnreadableCaseError) return undefined;
    throw error;
  }
}

/** One page of GET /api/shared-cases: `pageSize` from 1 to 100; `continuationToken` as the previous page returned it. */
export interface SharedCasePageRequest {
  pageSize: number;
  continuationToken?: string;
}

export interface SharedCasePage {
  cases: SupportCase[];
  /** Signed for this list and tenant (pageTokens.ts); absent on the last page. */
  continuationToken?: string;
}

/**
 * One page of the cases handed to the caller's tenant, in case id order (case ids begin with the time the case was
 * opened, so oldest first). Reads one Table Storage page of share rows (at most
 * `pageSize`) and the cases they point at, so a page may hold fewer cases than `pageSize` (a share whose case no
 * longer names the tenant is left out) and still continue.
 * Errors: invalidRequest on `continuationToken` when the token was not made by this list for this tenant.
 */
export async function listSharedCasePage(
  desk: CaseAccessDesk & Pick<Desk, 'signingKeys'>,
  principal: Principal,
  request: SharedCasePageRequest,
): Promise<SharedCasePage> {
  const scope = { list: 'sharedCases', tenantId: principal.tenantId };
  const storageToken = await openPageToken(desk.signingKeys, scope, request.continuationToken);
  if (principal.role === 'portal') return { cases: [] };
  const page = await desk.caseShares.listPage(principal.tenantId, {
    pageSize: request.pageSize,
    continuationToken: storageToken,
  });
  const shared = await casesStillShared(desk, principal, page.shares);
  return {
    cases: await readerCases(desk, principal, shared),
    continuationToken: await sealPageToken(desk.signingKeys, scope, page.continuationToken),
  };
}
