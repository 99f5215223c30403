import { z } from 'zod';
import type { Principal } from '../domain/apiKey';
import type { Actor, SupportCase } from '../domain/case';
import type { Escalation } from '../domain/escalation/escalation';
import {
  watchedEscalations,
  type EscalationFilter,
  type WatchedEscalation,
} from '../domain/escalation/escalationWatch';
import {
  implausibleMicrosoftResponseTime,
  requestEscalation,
  updateEscalation,
  type EscalationAsk,
  type EscalationUpdate,
} from '../domain/escalation/requestEscalation';
import { actorFor } from '../domain/permissions';
import type { Desk } from '../composition';
import { conflict, invalidRequest, notFound } from '../errors';
import type { StoredCase } from '../ports/caseStore';
import { casesStillShared } from './caseAccess';
import { changeCase } from './caseUpdates';
import { workableCase, type CaseWorkDesk } from './caseWork';
import { fileNextDue, syncSlaDueIndex } from './slaDueFiling';
import { followUpCaseChange } from './slaEnforcement';
import { openPageToken, sealPageToken } from './pageTokens';

export type EscalationDesk = Pick<Desk, 'cases' | 'tenants' | 'publisher' | 'clock' | 'slaDue' | 'caseShares'>;

export interface EscalationCaller {
  actor: Actor;
  /** Recorded as the escalation's requester, e.g. an agent's key id or 'sla-sweep'. */
  requestedBy: string;
  /** A person's If-Match; the SLA sweep leaves it out and gets reload-and-retry. */
  ifMatch?: string;
}

export interface EscalationResult {
  stored: StoredCase;
  escalation: Escalation;
}

/**
 * Escalates a case to Microsoft: records the escalation and its request on the case, then sends the request to the
 * Microsoft adapter on `escalation-requested`. A case that cannot go to Microsoft (no technical entitlement, vehicle
 * not held, severity or category missing, already escalated through that vehicle, resolved or closed) is a 409 with a
 * `code`. The ladder reaches Microsoft through the same domain step (climbLadder -> requestEscalation).
 */
export async function requestMicrosoftEscalation(
  desk: EscalationDesk,
  tenantId: string,
  caseId: string,
  ask: EscalationAsk,
  caller: EscalationCaller,
): Promise<EscalationResult> {
  const now = desk.clock.now();
  const offering = await desk.tenants.offering(tenantId);
  const {
    stored,
    before,
    result: escalation,
  } = await changeCase(
    desk.cases,
    tenantId,
    caseId,
    (current) => {
      const outcome = requestEscalation(current.supportCase, ask, {
        actor: caller.actor,
        requestedBy: caller.requestedBy,
        now,
        offering,
      });
      if (!outcome.ok) throw conflict(outcome.reason, { code: outcome.code });
      return { next: outcome.next, events: outcome.events, result: outcome.escalation };
    },
    { ifMatch: caller.ifMatch, beforeSave: fileNextDue(desk), publisher: desk.publisher },
  );
  return { stored: await followUpCaseChange(desk, before.supportCase, stored), escalation };
}

/** An agent escalates a case of its tenant, or one handed to its tenant, to Microsoft (POST /api/cases/{id}/escalations). */
export async function escalateCase(
  desk: CaseWorkDesk,
  principal: Principal,
  caseId: string,
  ask: EscalationAsk,
  ifMatch?: string,
): Promise<EscalationResult> {
  const access = await workableCase(desk, principal, caseId);
  const caller: EscalationCaller = { actor: actorFor(principal), requestedBy: principal.keyId, ifMatch };
  return requestMicrosoftEscalation(desk, access.originTenantId, caseId, ask, caller);
}

/**
 * Records Microsoft's ticket number, an answer from Microsoft or a new status on one of the case's escalations.
 * Errors: invalidRequest when the answer's time is before the escalation was requested or after now; notFound when
 * the case has no such escalation.
 */
export async function recordEscalationUpdate(
  desk: CaseWorkDesk,
  principal: Principal,
  caseId: string,
  escalationId: string,
  update: EscalationUpdate,
  ifMatch?: string,
): Promise<EscalationResult> {
  const access = await workableCase(desk, principal, caseId);
  const now = desk.clock.now();
  const {
    stored,
    before,
    result: escalation,
  } = await changeCase(
    desk.cases,
    access.originTenantId,
    caseId,
    (current) => {
      const escalation = current.supportCase.escalations.find((candidate) => candidate.id === escalationId);
      const implausible =
        escalation && update.microsoftResponse
          ? implausibleMicrosoftResponseTime(escalation, update.microsoftResponse.at, now)
          : undefined;
      if (implausible) throw invalidRequest(implausible, [{ field: 'microsoftResponse.at', message: implausible }]);
      const outcome = updateEscalation(current.supportCase, escalationId, update, { actor: actorFor(principal), now });
      if (!outcome.ok) throw notFound(outcome.reason);
      return outcome.step ? { ...outcome.step, result: outcome.escalation } : { result: outcome.escalation };
    },
    { ifMatch, alreadyRead: access.stored, beforeSave: fileNextDue(desk), publisher: desk.publisher },
  );
  await syncSlaDueIndex(desk, before.supportCase, stored.supportCase);
  return { stored, escalation };
}

/**
 * One page of GET /api/escalations: the filter (`overdue` absent for both), `pageSize` from 1 to 100;
 * `continuationToken` as the previous page returned it.
 */
export interface EscalationPageRequest {
  status: EscalationFilter;
  overdue?: boolean;
  pageSize: number;
  continuationToken?: string;
}

export interface EscalationPage {
  /** The instant the page was read at: each item's `overdue`, and the `overdue` filter, are as of then. */
  asOf: Date;
  items: WatchedEscalation[];
  /** Signed for this tenant and filter (pageTokens.ts); absent on the last page. */
  continuationToken?: string;
}

/**
 * Where the next page starts (sealed into the client's token): the source, the storage's token of the storage page to
 * read, and, when the previous page stopped inside that storage page, the first escalation it left out.
 */
const escalationCursorSchema = z.lazy(() =>
  z.strictObject({
    source: z.enum(['own', 'shared']),
    storageToken: z.string().optional(),
    from: z.strictObject({ caseId: z.string(), index: z.number().int().nonnegative() }).optional(),
  }),
);
type EscalationCursor = z.infer<typeof escalationCursorSchema>;
/** The cases a list of escalations reads: the tenant's own escalated cases, then the cases handed to it. */
type EscalationSource = EscalationCursor['source'];

type EscalationListDesk = Pick<Desk, 'cases' | 'caseShares' | 'clock' | 'signingKeys'>;

/** One storage page of a source's cases, in case id order, with the storage's continuation. */
async function casesOf(
  desk: EscalationListDesk,
  principal: Principal,
  cursor: EscalationCursor,
  pageSize: number,
): Promise<{ cases: SupportCase[]; continuationToken?: string }> {
  if (cursor.source === 'own') {
    // Case rows in row order (case id order), filtered by Table Storage on their Escalated column.
    return desk.cases.list(principal.tenantId, {
      escalated: 'microsoft',
      sort: 'created',
      order: 'asc',
      pageSize,
      continuationToken: cursor.storageToken,
    });
  }
  const page = await desk.caseShares.listPage(principal.tenantId, {
    pageSize,
    continuationToken: cursor.storageToken,
  });
  return { cases: await casesStillShared(desk, principal, page.shares), continuationToken: page.continuationToken };
}

/** The source after `source` (a portal is never handed other tenants' cases). */
const sourceAfter = (source: EscalationSource, principal: Principal): EscalationSource | undefined =>
  source === 'own' && principal.role !== 'portal' ? 'shared' : undefined;

/**
 * One page of the escalations matching the filter: first those of the tenant's own escalated cases, then those of the
 * cases other tenants handed to it; within each, by case id (case ids begin with the time the case was opened, so
 * oldest first) and, within a case, in the order they were requested. The order does not depend on time passing, so
 * following the tokens lists every escalation once. Each source is read at most one Table Storage page (of at most
 * `pageSize` rows) per request, so a page may hold fewer than `pageSize` escalations and still continue.
 * `overdue` is decided at each page's read (asOf), from the clock: an escalation that becomes overdue while a client
 * pages is listed if the list has not passed it yet, and only on the next listing otherwise.
 * Errors: invalidRequest on `continuationToken` when the token was not made by this list for this tenant and filter.
 */
export async function watchEscalationPage(
  desk: EscalationListDesk,
  principal: Principal,
  request: EscalationPageRequest,
): Promise<EscalationPage> {
  const filter = { status: request.status, overdue: request.overdue };
  // A token without `overdue` stays good for the list without it: the scope leaves undefined out.
  const scope = { list: 'escalations', tenantId: principal.tenantId, ...filter };
  const opened = await openPageToken(desk.signingKeys, scope, request.continuationToken);
  const now = desk.clock.now();
  const items: WatchedEscalation[] = [];
  let cursor: EscalationCursor | undefined =
    opened === undefined ? { source: 'own' } : escalationCursorSchema.parse(JSON.parse(opened));
  const read = new Set<EscalationSource>();
  while (cursor !== undefined && items.length < request.pageSize && !read.has(cursor.source)) {
    read.add(cursor.source);
    const page = await casesOf(desk, principal, cursor, request.pageSize - items.length);
    const taken = watchedEscalations(page.cases, filter, now, {
      limit: request.pageSize - items.length,
      from: cursor.from,
    });
    items.push(...taken.items);
    const from: EscalationCursor['from'] = cursor.from;
    // A page that ended before the case it was to start at still starts there (ids below it were listed before).
    const keepFrom: boolean = from !== undefined && page.cases.every((supportCase) => supportCase.id < from.caseId);
    const next = sourceAfter(cursor.source, principal);
    cursor = taken.stoppedAt
      ? { ...cursor, from: taken.stoppedAt }
      : page.continuationToken !== undefined
        ? { source: cursor.source, storageToken: page.continuationToken, ...(keepFrom ? { from } : {}) }
        : next && { source: next };
  }
  const token = cursor === undefined ? undefined : JSON.stringify(cursor);
  return { asOf: now, items, continuationToken: await sealPageToken(desk.signingKeys, scope, token) };
}
