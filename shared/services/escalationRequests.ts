import type { Desk } from '../composition';
import { escalationRequestedMessageSchema, type EscalationRequestedMessage } from '../domain/escalation/escalation';
import { escalationRequestedMessageId } from '../domain/escalation/requestEscalation';
import type { StoredCase } from '../ports/caseStore';
import { queueNames } from '../resourceNames';
import { changeCase } from './caseUpdates';
import { fileNextDue } from './slaDueFiling';

/**
 * Hands an escalation to the partner's Microsoft integration on the `escalation-requested` queue. The message id is
 * stable per escalation, so publishing again after a retry is dropped by the queue's duplicate detection.
 */
export async function publishEscalationRequest(desk: Pick<Desk, 'publisher'>, message: EscalationRequestedMessage): Promise<void> {
  await desk.publisher.publish(queueNames.escalationRequested, {
    body: escalationRequestedMessageSchema.parse(message),
    messageId: escalationRequestedMessageId(message.caseId, message.escalationId),
    contentType: 'application/json',
    correlationId: message.caseId,
  });
}

/**
 * Sends the escalation requests the case still holds (saved with their escalations) and takes them off the case once
 * the queue has them. Should sending fail, they stay on the case, which stays filed for the SLA sweep to send them a
 * minute later; a request sent twice carries the same message id, and the queue drops the second.
 */
export async function sendEscalationRequests(desk: Pick<Desk, 'cases' | 'publisher' | 'slaDue'>, stored: StoredCase): Promise<StoredCase> {
  const toSend = stored.supportCase.escalationRequestsToSend;
  if (toSend.length === 0) return stored;
  for (const message of toSend) await publishEscalationRequest(desk, message);
  const sent = new Set(toSend.map((message) => message.escalationId));
  const { tenantId, id } = stored.supportCase;
  return changeCase(
    desk.cases,
    tenantId,
    id,
    (current) => {
      const left = current.supportCase.escalationRequestsToSend.filter((message) => !sent.has(message.escalationId));
      if (left.length === current.supportCase.escalationRequestsToSend.length) return undefined;
      return { next: { ...current.supportCase, escalationRequestsToSend: left }, events: [] };
    },
    { alreadyRead: stored, beforeSave: fileNextDue(desk) },
  );
}
