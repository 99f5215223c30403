import { app, type InvocationContext } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { caseGoneLogLine, deadLetterPermanentFailures } from '../shared/messaging/queueFunction';
import { parseQueueMessage } from '../shared/queueMessages';
import { queueNames, serviceBusConnection } from '../shared/resourceNames';
import { slaDeadlineMessageSchema } from '../shared/services/slaDueFiling';
import { breachesRecorded, breachLogLine, enforceAtDeadline } from '../shared/services/slaEnforcement';

/**
 * A message scheduled for the exact instant a case falls due; a redelivery or a stale deadline changes nothing, and a
 * case that no longer exists (purged while its deadline waited) is logged and the message completes.
 */
export async function slaDeadline(message: unknown, context: InvocationContext): Promise<void> {
  const deadline = parseQueueMessage(slaDeadlineMessageSchema, message, context);
  const enforced = await enforceAtDeadline(currentDesk(), deadline);
  if (!enforced) context.log(caseGoneLogLine(deadline));
  for (const breach of enforced ? breachesRecorded(enforced) : []) context.log(breachLogLine(breach));
}

app.serviceBusQueue('slaDeadline', {
  connection: serviceBusConnection,
  queueName: queueNames.slaDeadlines,
  handler: deadLetterPermanentFailures(queueNames.slaDeadlines, slaDeadline),
});
