import type { Principal } from '../domain/apiKey';
import type { SupportCase } from '../domain/case';
import {
  addCustomerReply,
  addNote,
  moveCase,
  replyToCustomer,
  updateCaseFields,
  type CaseFieldChanges,
  type CaseStep,
  type WorkContext,
  type WorkOutcome,
} from '../domain/caseWork';
import type { CaseStatus } from '../domain/lifecycle';
import { actorFor, lifecycleActorFor } from '../domain/permissions';
import type { Desk } from '../composition';
import { conflict, DeskError } from '../errors';
import type { CaseStore, StoredCase } from '../ports/caseStore';
import { findAccessibleCase, type AccessibleCase } from './caseAccess';
import type { CaseView } from './caseQueries';
import { changeCase } from './caseUpdates';
import { notifyCustomer } from './customerNotifications';
import { fileNextDue, syncSlaDueIndex } from './slaDueFiling';

export type CaseWorkDesk = Pick<Desk, 'cases' | 'caseShares' | 'tenants' | 'publisher' | 'clock' | 'slaDue'>;

/** A refused piece of work is a 409 naming the reason and, for status problems, the statuses that are allowed now. */
function stepOrConflict(outcome: WorkOutcome): CaseStep | undefined {
  if (!outcome.ok) {
    const { code, reason, allowed } = outcome.refusal;
    throw conflict(reason, allowed === undefined ? { code } : { code, allowed });
  }
  return outcome.step;
}

/**
 * The case the caller may work on: its own tenant's, or one handed to its tenant by another tenant's escalation
 * ladder. Once handed over, the originating tenant's staff only read it; its portal still speaks for the customer.
 */
export async function workableCase(desk: CaseWorkDesk, principal: Principal, caseId: string): Promise<AccessibleCase> {
  const access = await findAccessibleCase(desk, principal, caseId);
  if (principal.role !== 'portal' && !access.mayWork) {
    throw new DeskError('forbidden', 'This case was handed to a providing tenant: your tenant can read it, and the provider works it.');
  }
  return access;
}

/**
 * Applies one piece of work under optimistic concurrency, with the offering of the tenant the case belongs to, and
 * then moves the case in the SLA due-time index to wherever its clocks now fall due.
 */
async function work(
  desk: CaseWorkDesk,
  principal: Principal,
  caseId: string,
  ifMatch: string | undefined,
  change: (supportCase: SupportCase, context: WorkContext) => CaseStep | undefined,
): Promise<{ stored: StoredCase; context: WorkContext }> {
  const access = await workableCase(desk, principal, caseId);
  const context: WorkContext = { actor: actorFor(principal), now: desk.clock.now(), offering: await desk.tenants.offering(access.originTenantId) };
  const applied: { before?: SupportCase } = {};
  const stored = await changeCase(
    desk.cases,
    access.originTenantId,
    caseId,
    (current) => {
      applied.before = current.supportCase;
      return change(current.supportCase, context);
    },
    { ifMatch, alreadyRead: access.stored, beforeSave: fileNextDue(desk) },
  );
  await syncSlaDueIndex(desk, applied.before, stored.supportCase);
  return { stored, context };
}

/** The stored case with its timeline, as a write answers with it. */
export async function viewOf(cases: CaseStore, stored: StoredCase): Promise<CaseView> {
  const { tenantId, id } = stored.supportCase;
  return { supportCase: stored.supportCase, timeline: await cases.timeline(tenantId, id), etag: stored.etag };
}

export interface TransitionRequest {
  to: CaseStatus;
  reason?: string;
}

/** Moves a case as the caller's role may (a portal as the customer); resolving it sends the customer a resolution notice. */
export async function transitionCase(
  desk: CaseWorkDesk,
  principal: Principal,
  caseId: string,
  request: TransitionRequest,
  ifMatch?: string,
): Promise<StoredCase> {
  const lifecycleActor = lifecycleActorFor(principal.role);
  const { stored, context } = await work(desk, principal, caseId, ifMatch, (supportCase, workContext) =>
    stepOrConflict(moveCase(supportCase, request.to, { ...workContext, lifecycleActor, reason: request.reason })),
  );
  const resolvedAt = stored.supportCase.resolvedAt;
  if (request.to === 'resolved' && resolvedAt) {
    await notifyCustomer(desk, 'resolution', stored.supportCase, {
      at: context.now,
      text: request.reason,
      occurrence: Date.parse(resolvedAt).toString(36),
      reopenWindowDays: context.offering.settings.reopenWindowDays,
    });
  }
  return stored;
}

/** An agent's public reply; the customer gets it by mail, threaded by the case number token. */
export async function replyOnCase(desk: CaseWorkDesk, principal: Principal, caseId: string, text: string, ifMatch?: string): Promise<StoredCase> {
  const { stored, context } = await work(desk, principal, caseId, ifMatch, (supportCase, workContext) =>
    stepOrConflict(replyToCustomer(supportCase, text, workContext)),
  );
  // The reply is the one entry this change appended, so it holds the last place on the timeline.
  await notifyCustomer(desk, 'agentReply', stored.supportCase, { at: context.now, text, occurrence: String(stored.eventCount) });
  return stored;
}

export async function customerReplyOnCase(
  desk: CaseWorkDesk,
  principal: Principal,
  caseId: string,
  text: string,
  ifMatch?: string,
): Promise<StoredCase> {
  const { stored } = await work(desk, principal, caseId, ifMatch, (supportCase, context) =>
    stepOrConflict(addCustomerReply(supportCase, text, context)),
  );
  return stored;
}

export async function noteOnCase(desk: CaseWorkDesk, principal: Principal, caseId: string, text: string, ifMatch?: string): Promise<StoredCase> {
  const { stored } = await work(desk, principal, caseId, ifMatch, (supportCase, context) => addNote(supportCase, text, context));
  return stored;
}

export async function correctCaseFields(
  desk: CaseWorkDesk,
  principal: Principal,
  caseId: string,
  changes: CaseFieldChanges & { reason: string },
  ifMatch?: string,
): Promise<StoredCase> {
  const { reason, ...fields } = changes;
  const { stored } = await work(desk, principal, caseId, ifMatch, (supportCase, context) =>
    stepOrConflict(updateCaseFields(supportCase, fields, reason, context)),
  );
  return stored;
}
