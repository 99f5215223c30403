import { app, type InvocationContext } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { caseStageMessageSchema } from '../shared/domain/pipelineMessages';
import { deadLetterPermanentFailures, unlessCaseGone } from '../shared/messaging/queueFunction';
import { parseQueueMessage } from '../shared/queueMessages';
import { queueNames, serviceBusConnection } from '../shared/resourceNames';
import { enrichCase as enrich } from '../shared/services/caseEnrichment';

/**
 * Ties a triaged case to the customer's plan and service hours, and starts its SLA clocks; a case that no longer exists
 * is logged and the message completes.
 */
export async function enrichCase(message: unknown, context: InvocationContext): Promise<void> {
  const stage = parseQueueMessage(caseStageMessageSchema, message, context);
  await unlessCaseGone(stage, context, () => enrich(currentDesk(), stage));
}

app.serviceBusQueue('enrichCase', {
  connection: serviceBusConnection,
  queueName: queueNames.caseEnrichment,
  handler: deadLetterPermanentFailures(queueNames.caseEnrichment, enrichCase),
});
