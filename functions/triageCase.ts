import { app, type InvocationContext } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { caseStageMessageSchema } from '../shared/domain/pipelineMessages';
import { deadLetterPermanentFailures, unlessCaseGone } from '../shared/messaging/queueFunction';
import { parseQueueMessage } from '../shared/queueMessages';
import { queueNames, serviceBusConnection } from '../shared/resourceNames';
import { triageCase as triage } from '../shared/services/caseTriage';

/**
 * Decides product, category, severity and scope of a new case with the tenant's triage rules; a case that no longer
 * exists is logged and the message completes.
 */
export async function triageCase(message: unknown, context: InvocationContext): Promise<void> {
  const stage = parseQueueMessage(caseStageMessageSchema, message, context);
  await unlessCaseGone(stage, context, () => triage(currentDesk(), stage));
}

app.serviceBusQueue('triageCase', {
  connection: serviceBusConnection,
  queueName: queueNames.caseTriage,
  handler: deadLetterPermanentFailures(queueNames.caseTriage, triageCase),
});
