import { createHash } from 'node:crypto';
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
import {
  contactErased,
  notificationFor,
  notificationOutboxMessage,
  notMailedToErasedContact,
  type NotificationDetails,
  type NotificationKind,
} from '../domain/notifications';
import { withOutboxMessages } from '../domain/outbox';
import { actorFor, lifecycleActorFor } from '../domain/permissions';
import type { Desk } from '../composition';
import { conflict, DeskError, invalidRequest } from '../errors';
import type { StoredCase } from '../ports/caseStore';
import { findAccessibleCase, readerView, type AccessibleCase } from './caseAccess';
import { apiKeyClaimKey } from './idempotency';
import type { CaseView } from './caseQueries';
import { changeCase, changeCaseOnce, type CaseChange, type ClaimedChange } from './caseUpdates';
import { sendOutbox } from './caseOutbox';
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
    throw new DeskError(
      'forbidden',
      'This case was handed to a providing tenant: your tenant can read it, and the provider works it.',
    );
  }
  return access;
}

/** What a person's write is based on, and which request it is. */
export interface WriteConditions {
  /** The version the write is based on: a stale one is a 412. */
  ifMatch?: string;
  /** The request's Idempotency-Key: a retry with the same key and body changes nothing and answers the case as it is. */
  idempotencyKey?: string;
}

/** A write's result: the case, and whether the request was a retry of one that had already made its change. */
export interface CaseWrite {
  stored: StoredCase;
  replayed: boolean;
}

/** The mail a piece of work sends the customer: its kind and details, given the case after it and its last entry's place. */
type WorkNotice = (
  next: SupportCase,
  lastEventPlace: number,
  context: WorkContext,
) => { kind: NotificationKind; details: Omit<NotificationDetails, 'from'> } | undefined;

/** A piece of work as the request asked for it, so a retry under the same Idempotency-Key can be told from a new request. */
interface WorkRequest {
  operation: string;
  body: unknown;
}

const requestHashOf = (caseId: string, request: WorkRequest): string =>
  createHash('sha256')
    .update(JSON.stringify({ caseId, ...request }))
    .digest('hex');

/**
 * Applies one piece of work under optimistic concurrency, with the offering of the tenant the case belongs to, and
 * then moves the case in the SLA due-time index to wherever its clocks now fall due. With an Idempotency-Key the work
 * is done once: the key is stored with the change, and a retry answers the case as it is now with the earlier claim.
 */
async function work(
  desk: CaseWorkDesk,
  principal: Principal,
  caseId: string,
  conditions: WriteConditions,
  request: WorkRequest,
  change: (supportCase: SupportCase, context: WorkContext) => CaseStep | undefined,
  notice?: WorkNotice,
): Promise<CaseWrite> {
  const access = await workableCase(desk, principal, caseId);
  const context: WorkContext = {
    actor: actorFor(principal),
    now: desk.clock.now(),
    offering: await desk.tenants.offering(access.originTenantId),
  };
  const profile = notice ? await desk.tenants.profile(access.originTenantId) : undefined;
  const from = profile?.supportAddresses[0];
  const apply: CaseChange = (current) => {
    const step = change(current.supportCase, context);
    const wanted = step && notice?.(step.next, current.eventCount + step.events.length, context);
    if (!step || !wanted) return step;
    if (contactErased(step.next)) {
      return { ...step, events: [...step.events, notMailedToErasedContact(wanted.kind, context.now)] };
    }
    // The mail is saved with the change that causes it (the outbox), so a crash after the save cannot lose it.
    const notification = notificationFor(wanted.kind, step.next, { ...wanted.details, from }, profile?.mailTemplates);
    return {
      ...step,
      next: withOutboxMessages(step.next, [notificationOutboxMessage(notification, step.next, context.now)]),
    };
  };
  const options = {
    ifMatch: conditions.ifMatch,
    alreadyRead: access.stored,
    beforeSave: fileNextDue(desk),
    publisher: desk.publisher,
  };
  const claim =
    conditions.idempotencyKey === undefined
      ? undefined
      : { key: apiKeyClaimKey(principal, conditions.idempotencyKey), requestHash: requestHashOf(caseId, request) };
  const outcome: ClaimedChange = claim
    ? await changeCaseOnce(desk.cases, access.originTenantId, caseId, apply, claim, options)
    : { kind: 'changed', ...(await changeCase(desk.cases, access.originTenantId, caseId, apply, options)) };
  if (outcome.kind === 'replayed') {
    if (outcome.claim.requestHash !== claim?.requestHash) {
      throw conflict('This Idempotency-Key was already used with a different request.', {
        code: 'idempotencyKeyReused',
      });
    }
    // The first attempt may have stopped before sending; its messages are still on the outbox, under the same ids.
    await sendOutbox(desk.publisher, outcome.stored.supportCase.outbox);
    return { stored: outcome.stored, replayed: true };
  }
  await syncSlaDueIndex(desk, outcome.before.supportCase, outcome.stored.supportCase);
  return { stored: outcome.stored, replayed: false };
}

/** The stored case with its timeline, as a write answers the caller with it (links cut to what it may open). */
export async function viewOf(
  desk: Pick<CaseWorkDesk, 'cases' | 'caseShares'>,
  principal: Principal,
  stored: StoredCase,
): Promise<CaseView> {
  const { tenantId, id } = stored.supportCase;
  return readerView(desk, principal, {
    supportCase: stored.supportCase,
    timeline: await desk.cases.timeline(tenantId, id, stored),
    etag: stored.etag,
  });
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
  conditions: WriteConditions = {},
): Promise<CaseWrite> {
  const lifecycleActor = lifecycleActorFor(principal.role);
  return work(
    desk,
    principal,
    caseId,
    conditions,
    { operation: 'transition', body: request },
    (supportCase, workContext) =>
      stepOrConflict(moveCase(supportCase, request.to, { ...workContext, lifecycleActor, reason: request.reason })),
    // The notice's id is the resolution's instant, so a retry of the same resolution mails once.
    (next, _place, workContext) =>
      request.to === 'resolved' && next.resolvedAt
        ? {
            kind: 'resolution',
            details: {
              at: workContext.now,
              text: request.reason,
              occurrence: Date.parse(next.resolvedAt).toString(36),
              reopenWindowDays: workContext.offering.settings.reopenWindowDays,
            },
          }
        : undefined,
  );
}

/** An agent's public reply; the customer gets it by mail, threaded by the case number token. */
export async function replyOnCase(
  desk: CaseWorkDesk,
  principal: Principal,
  caseId: string,
  text: string,
  conditions: WriteConditions = {},
): Promise<CaseWrite> {
  return work(
    desk,
    principal,
    caseId,
    conditions,
    { operation: 'reply', body: text },
    (supportCase, workContext) => stepOrConflict(replyToCustomer(supportCase, text, workContext)),
    // The reply is the last entry its change appends: its place makes the mail's id, so a retry mails at most once.
    (_next, place, workContext) => ({
      kind: 'agentReply',
      details: { at: workContext.now, text, occurrence: String(place) },
    }),
  );
}

export async function customerReplyOnCase(
  desk: CaseWorkDesk,
  principal: Principal,
  caseId: string,
  text: string,
  conditions: WriteConditions = {},
): Promise<CaseWrite> {
  return work(desk, principal, caseId, conditions, { operation: 'customerReply', body: text }, (supportCase, context) =>
    stepOrConflict(addCustomerReply(supportCase, text, context)),
  );
}

export async function noteOnCase(
  desk: CaseWorkDesk,
  principal: Principal,
  caseId: string,
  text: string,
  conditions: WriteConditions = {},
): Promise<CaseWrite> {
  return work(desk, principal, caseId, conditions, { operation: 'note', body: text }, (supportCase, context) =>
    addNote(supportCase, text, context),
  );
}

/**
 * Who `assignee` names, when the caller may give a case to them: an active agent, in the agents directory, of the
 * caller's tenant, or the caller's own key (staff who work under their own API key take cases as `assignee=me` lists
 * them, see caseQueries.ts). The caller's tenant is the one that works the case (workableCase lets no one else write
 * it): the case's own tenant, or the provider a reseller's ladder handed it to, whose directory the reseller's is not.
 * An id of the other tenant is answered as an unknown one, so the provider learns nothing of the reseller's agents.
 * Errors: invalidRequest naming `assignee`, as for other well-formed references to nothing (e.g. an unknown plan id).
 */
async function assignableAgent(
  desk: Pick<Desk, 'agents'>,
  principal: Principal,
  assignee: string,
): Promise<{ id: string; name: string }> {
  if (principal.agentId === undefined && assignee === principal.keyId) {
    return { id: assignee, name: principal.label ?? assignee };
  }
  const agent = await desk.agents.get(principal.tenantId, assignee);
  if (!agent?.value.active) {
    throw invalidRequest(`${assignee} is not an active agent of this tenant.`, [
      { field: 'assignee', message: 'not an active agent (GET /api/agents lists them)' },
    ]);
  }
  return { id: assignee, name: agent.value.name };
}

/**
 * Records the corrections, as correctCaseFields, with any assignee already checked, or `keptAssignee`: the case's
 * assignee as first read, sent back unchanged (conflict `assigneeChanged` when the case has another one by the write).
 */
async function correctCheckedFields(
  desk: CaseWorkDesk,
  principal: Principal,
  caseId: string,
  changes: CaseFieldChanges & { reason: string },
  ifMatch?: string,
  keptAssignee?: string,
): Promise<StoredCase> {
  const { reason, ...fields } = changes;
  const { stored } = await work(
    desk,
    principal,
    caseId,
    { ifMatch },
    { operation: 'correct', body: changes },
    (supportCase, context) => {
      // The assignee was let through unchecked as the one the case had; if someone else took the case meanwhile, the
      // correction would hand it back to a person the directory may no longer allow.
      if (keptAssignee !== undefined && supportCase.assignee !== keptAssignee) {
        throw conflict('The case was assigned to someone else meanwhile; read it again before correcting it.', {
          code: 'assigneeChanged',
        });
      }
      return stepOrConflict(updateCaseFields(supportCase, fields, reason, context));
    },
  );
  return stored;
}

/**
 * PATCH /api/cases/{id}: corrects severity, category, product, tier or assignee, each recorded with who and why.
 * Errors: invalidRequest naming `assignee` when it is not an active agent of the caller's tenant (see assignableAgent)
 * and not the case's current assignee; as workableCase and the case change otherwise. A case stored with an assignee of any other kind (from before it had
 * to be an agent) keeps it through corrections of other fields.
 */
export async function correctCaseFields(
  desk: CaseWorkDesk & Pick<Desk, 'agents'>,
  principal: Principal,
  caseId: string,
  changes: CaseFieldChanges & { reason: string },
  ifMatch?: string,
): Promise<StoredCase> {
  let keptAssignee: string | undefined;
  if (typeof changes.assignee === 'string') {
    const current = await workableCase(desk, principal, caseId);
    // A client that sends a case's fields back as it read them keeps an assignee it could not set now (an agent since
    // deactivated, or a staff key): the correction leaves it as it is, as assigning the current assignee again does.
    if (changes.assignee === current.stored.supportCase.assignee) keptAssignee = changes.assignee;
    else await assignableAgent(desk, principal, changes.assignee);
  }
  return correctCheckedFields(desk, principal, caseId, changes, ifMatch, keptAssignee);
}

/**
 * POST /api/cases/{id}/assignment: gives the case to an active agent of the tenant that works it (the caller's: the
 * case's own tenant, or the provider it was handed to, whose agents directory the origin's is not), or to nobody;
 * recorded like any field correction, with the reason given or one naming the agent.
 * Errors: invalidRequest when the agent is not an active agent of the caller's tenant; as correctCaseFields otherwise.
 */
export async function assignCase(
  desk: CaseWorkDesk & Pick<Desk, 'agents'>,
  principal: Principal,
  caseId: string,
  assignment: { assignee: string | null; reason?: string },
  ifMatch?: string,
): Promise<StoredCase> {
  await workableCase(desk, principal, caseId);
  const agent = assignment.assignee === null ? undefined : await assignableAgent(desk, principal, assignment.assignee);
  const reason = assignment.reason ?? (agent ? `Assigned to ${agent.name}` : 'Unassigned');
  return correctCheckedFields(desk, principal, caseId, { assignee: assignment.assignee, reason }, ifMatch);
}
