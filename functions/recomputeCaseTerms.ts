import { app, type InvocationContext } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { caseTermsChangeSchema } from '../shared/domain/caseTermsChange';
import { deadLetterPermanentFailures } from '../shared/messaging/queueFunction';
import { parseQueueMessage } from '../shared/queueMessages';
import { queueNames, serviceBusConnection } from '../shared/resourceNames';
import { applyCaseTermsChange } from '../shared/services/openCaseTerms';

/** Gives the open cases a customer-plan or offering change concerns their new entitlement and SLA targets. */
export async function recomputeCaseTerms(message: unknown, context: InvocationContext): Promise<void> {
  const change = parseQueueMessage(caseTermsChangeSchema, message, context);
  await applyCaseTermsChange(currentDesk(), change);
  context.log(`${change.changeId}: ${change.change} of ${change.tenantId} applied to its open cases`);
}

app.serviceBusQueue('recomputeCaseTerms', {
  connection: serviceBusConnection,
  queueName: queueNames.caseTerms,
  handler: deadLetterPermanentFailures(queueNames.caseTerms, recomputeCaseTerms),
});
