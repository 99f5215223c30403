import { app, type InvocationContext } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { staffAlertSchema } from '../shared/domain/staffAlerts';
import { deadLetterPermanentFailures } from '../shared/messaging/queueFunction';
import { parseQueueMessage } from '../shared/queueMessages';
import { queueNames, serviceBusConnection } from '../shared/resourceNames';
import { deliverStaffAlert } from '../shared/services/staffAlerting';

/** Tells the case's assignee (or its tier's agents) of an SLA warning, a breach or a proposed Microsoft step. */
export async function alertStaff(message: unknown, context: InvocationContext): Promise<void> {
  const alert = parseQueueMessage(staffAlertSchema, message, context);
  const delivered = await deliverStaffAlert(currentDesk(), alert);
  context.log(
    `${alert.alertId}: mailed ${delivered.mailed.join(', ') || 'nobody'}${delivered.postedToTeams ? ', posted to Teams' : ''}`,
  );
}

app.serviceBusQueue('alertStaff', {
  connection: serviceBusConnection,
  queueName: queueNames.staffAlerts,
  handler: deadLetterPermanentFailures(queueNames.staffAlerts, alertStaff),
});
