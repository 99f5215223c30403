import type { Principal } from '../domain/apiKey';
import type { Actor, SupportCase } from '../domain/case';
import type { Escalation } from '../domain/escalation/escalation';
import { escalationsToWatch, type EscalationFilter, type WatchedEscalation } from '../domain/escalation/escalationWatch';
import {
  requestEscalation,
  updateEscalation,
  type EscalationAsk,
  type EscalationUpdate,
} from '../domain/escalation/requestEscalation';
import { actorFor } from '../domain/permissions';
import type { Desk } from '../composition';
import { conflict, invalidRequest, notFound } from '../errors';
import type { StoredCase } from '../ports/caseStore';
import { listSharedCases } from './caseAccess';
import { changeCase } from './caseUpdates';
import { workableCase, type CaseWorkDesk } from './caseWork';
import { fileNextDue, syncSlaDueIndex } from './slaDueFiling';
import { followUpCaseChange } from './slaEnforcement';

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
  const built: { before?: SupportCase; escalation?: Escalation } = {};
  const stored = await changeCase(
    desk.cases,
    tenantId,
    caseId,
    (current) => {
      built.before = current.supportCase;
      const outcome = requestEscalation(current.supportCase, ask, { actor: caller.actor, requestedBy: caller.requestedBy, now, offering });
      if (!outcome.ok) throw conflict(outcome.reason, { code: outcome.code });
      built.escalation = outcome.escalation;
      return { next: outcome.next, events: outcome.events };
    },
    { ifMatch: caller.ifMatch, beforeSave: fileNextDue(desk), publisher: desk.publisher },
  );
  const { before, escalation } = built;
  if (!before || !escalation) throw new Error(`Escalating case ${caseId} stored no escalation`);
  return { stored: await followUpCaseChange(desk, before, stored), escalation };
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

/** Records Microsoft's ticket number, an answer from Microsoft or a new status on one of the case's escalations. */
export async function recordEscalationUpdate(
  desk: CaseWorkDesk,
  principal: Principal,
  caseId: string,
  escalationId: string,
  update: EscalationUpdate,
  ifMatch?: string,
): Promise<EscalationResult> {
  // Escalation ids are numbered per case (esc-1, esc-2, ...); anything else cannot name one.
  if (!/^esc-\d{1,6}$/.test(escalationId)) {
    throw invalidRequest('That is not an escalation id.', [{ field: 'escalationId', message: 'an escalation id is esc- and a number' }]);
  }
  const access = await workableCase(desk, principal, caseId);
  const now = desk.clock.now();
  const built: { before?: SupportCase; escalation?: Escalation } = {};
  const stored = await changeCase(
    desk.cases,
    access.originTenantId,
    caseId,
    (current) => {
      built.before = current.supportCase;
      const outcome = updateEscalation(current.supportCase, escalationId, update, { actor: actorFor(principal), now });
      if (!outcome.ok) throw notFound(outcome.reason);
      built.escalation = outcome.escalation;
      return outcome.step;
    },
    { ifMatch, alreadyRead: access.stored, beforeSave: fileNextDue(desk), publisher: desk.publisher },
  );
  if (!built.escalation) throw new Error(`Updating escalation ${escalationId} of case ${caseId} found none`);
  await syncSlaDueIndex(desk, built.before, stored.supportCase);
  return { stored, escalation: built.escalation };
}

const scanPageSize = 1000;

/**
 * The escalations matching the filter on the tenant's escalated cases and on the cases other tenants handed to it.
 * Table Storage filters the tenant's cases on their Escalated column, so only escalated cases are read and sent.
 */
export async function watchEscalations(
  desk: Pick<Desk, 'cases' | 'caseShares' | 'clock'>,
  principal: Principal,
  filter: EscalationFilter,
): Promise<WatchedEscalation[]> {
  const cases: SupportCase[] = await listSharedCases(desk, principal);
  let continuationToken: string | undefined;
  do {
    const page = await desk.cases.list(principal.tenantId, { escalated: true, pageSize: scanPageSize, continuationToken });
    cases.push(...page.cases);
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return escalationsToWatch(cases, filter, desk.clock.now());
}
