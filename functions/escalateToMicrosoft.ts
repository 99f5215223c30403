import { app, type InvocationContext } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { escalationRequestedMessageSchema } from '../shared/domain/escalation/escalation';
import { deadLetterPermanentFailures } from '../shared/messaging/queueFunction';
import { parseQueueMessage } from '../shared/queueMessages';
import { queueNames, serviceBusConnection } from '../shared/resourceNames';
import { fileWithMicrosoft } from '../shared/services/microsoftTicketing';

/**
 * Files an escalation with Microsoft (Azure support ticket or Partner Center service request) for tenants that let the
 * desk do it, or hands it to the tenant's own integration on `escalation-integration`.
 */
export async function escalateToMicrosoft(message: unknown, context: InvocationContext): Promise<void> {
  const request = parseQueueMessage(escalationRequestedMessageSchema, message, context);
  const result = await fileWithMicrosoft(currentDesk(), request);
  if (result.kind === 'filed')
    context.log(`Escalation ${request.escalationId} of case ${request.caseId} filed with Microsoft`);
  if (result.kind === 'nothingToFile')
    context.warn(`Escalation ${request.escalationId} of case ${request.caseId} not filed: ${result.why}`);
}

app.serviceBusQueue('escalateToMicrosoft', {
  connection: serviceBusConnection,
  queueName: queueNames.escalationRequested,
  handler: deadLetterPermanentFailures(queueNames.escalationRequested, escalateToMicrosoft),
});
