import type { Desk } from '../composition';
import { escalationRequestedMessageSchema, type EscalationRequestedMessage } from '../domain/escalation/escalation';
import { escalationRequestedMessageId } from '../domain/escalation/requestEscalation';
import { queueNames } from '../resourceNames';

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
