import { app, type InvocationContext } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { caseStageMessageSchema } from '../shared/domain/pipelineMessages';
import { deadLetterPermanentFailures } from '../shared/messaging/queueFunction';
import { parseQueueMessage } from '../shared/queueMessages';
import { queueNames, serviceBusConnection } from '../shared/resourceNames';
import { enrichCase as enrich } from '../shared/services/caseEnrichment';

/** Ties a triaged case to the customer's plan and service hours, and starts its SLA clocks. */
export async function enrichCase(message: unknown, context: InvocationContext): Promise<void> {
  await enrich(currentDesk(), parseQueueMessage(caseStageMessageSchema, message, context));
}

app.serviceBusQueue('enrichCase', {
  connection: serviceBusConnection,
  queueName: queueNames.caseEnrichment,
  handler: deadLetterPermanentFailures(queueNames.caseEnrichment, enrichCase),
});
