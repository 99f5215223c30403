import type { Principal } from '../domain/apiKey';
import type { Actor, SupportCase } from '../domain/case';
import type { Escalation } from '../domain/escalation/escalation';
import {
  escalationsToWatch,
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
    const page = await desk.cases.list(principal.tenantId, {
      escalated: 'microsoft',
      pageSize: scanPageSize,
      continuationToken,
    });
    cases.push(...page.cases);
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return escalationsToWatch(cases, filter, desk.clock.now());
}
