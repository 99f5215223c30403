import { createHash } from 'node:crypto';
import { servesCustomer, type Principal } from '../domain/apiKey';
import type { SupportCase } from '../domain/case';
import { openPortalCase, type NewCaseRequest } from '../domain/newCase';
import { conflict, DeskError } from '../errors';
import type { CaseShares } from '../ports/caseShares';
import type { CaseStore } from '../ports/caseStore';
import type { Clock } from '../ports/clock';
import type { MessagePublisher, OutgoingMessage } from '../ports/messagePublisher';
import { triageMessageId, type CaseStageMessage } from '../domain/pipelineMessages';
import { queueNames } from '../resourceNames';
import { viewAccessibleCase } from './caseAccess';
import type { CaseView } from './caseQueries';
import { newCaseId } from './ids';
import { actorFor } from '../domain/permissions';

export interface CaseIntakeDependencies {
  cases: CaseStore;
  caseShares: CaseShares;
  publisher: MessagePublisher;
  clock: Clock;
}

export interface OpenedCase extends CaseView {
  /** `replayed` when an earlier request with the same Idempotency-Key already opened this case. */
  outcome: 'created' | 'replayed';
}

/** The message that asks triage to look at a case. */
export function triageRequest(supportCase: SupportCase): OutgoingMessage {
  const body: CaseStageMessage = { tenantId: supportCase.tenantId, caseId: supportCase.id };
  return { body, messageId: triageMessageId(supportCase.id), contentType: 'application/json' };
}

function hashRequest(request: NewCaseRequest): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/** Opens a portal case, exactly once per Idempotency-Key, and hands it to triage. */
export async function openCase(
  deps: CaseIntakeDependencies,
  principal: Principal,
  request: NewCaseRequest,
  idempotencyKey?: string,
): Promise<OpenedCase> {
  if (!servesCustomer(principal, request.customer.tenantId)) {
    throw new DeskError('forbidden', 'This key serves other customers: open cases only for the customers it serves (customer.tenantId).');
  }
  const now = deps.clock.now();
  const requestHash = hashRequest(request);
  const created = await deps.cases.create(
    principal.tenantId,
    (caseNumber) =>
      openPortalCase(request, {
        id: newCaseId(now),
        tenantId: principal.tenantId,
        caseNumber,
        now,
        actor: actorFor(principal),
      }),
    idempotencyKey ? { key: idempotencyKey, requestHash } : undefined,
  );
  if (created.kind === 'replayed' && created.requestHash !== requestHash) {
    throw conflict('This Idempotency-Key was already used with a different request body.', {
      caseId: created.stored.supportCase.id,
    });
  }
  const supportCase = created.stored.supportCase;
  // A replay publishes again only while the case still waits for triage: the first attempt may have stopped
  // between storing and publishing, and the queue's duplicate detection drops the copy if it did not.
  if (created.kind === 'created' || supportCase.status === 'new') {
    await deps.publisher.publish(queueNames.caseTriage, triageRequest(supportCase));
  }
  const view: CaseView =
    created.kind === 'created'
      ? { supportCase, timeline: created.timeline, etag: created.stored.etag }
      : await viewAccessibleCase(deps, principal, supportCase.id);
  return { outcome: created.kind, ...view };
}
