import { app, type InvocationContext } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { deadLetterPermanentFailures } from '../shared/messaging/queueFunction';
import { parseQueueMessage } from '../shared/queueMessages';
import { queueNames, serviceBusConnection } from '../shared/resourceNames';
import { slaDeadlineMessageSchema } from '../shared/services/slaDueFiling';
import { breachesRecorded, breachLogLine, enforceAtDeadline } from '../shared/services/slaEnforcement';

/** A message scheduled for the exact instant a case falls due; a redelivery or a stale deadline changes nothing. */
export async function slaDeadline(message: unknown, context: InvocationContext): Promise<void> {
  const enforced = await enforceAtDeadline(
    currentDesk(),
    parseQueueMessage(slaDeadlineMessageSchema, message, context),
  );
  for (const breach of enforced ? breachesRecorded(enforced) : []) context.log(breachLogLine(breach));
}

app.serviceBusQueue('slaDeadline', {
  connection: serviceBusConnection,
  queueName: queueNames.slaDeadlines,
  handler: deadLetterPermanentFailures(queueNames.slaDeadlines, slaDeadline),
});
