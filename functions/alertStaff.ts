import { app, type InvocationContext } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { staffAlertSchema } from '../shared/domain/staffAlerts';
import { deadLetterPermanentFailures, unlessCaseGone } from '../shared/messaging/queueFunction';
import { parseQueueMessage } from '../shared/queueMessages';
import { queueNames, serviceBusConnection } from '../shared/resourceNames';
import { deliverStaffAlert } from '../shared/services/staffAlerting';

/**
 * Tells the assignee (or the tier's agents) of the tenant that works the case of an SLA warning, a breach or a proposed
 * Microsoft step. An alert about a case that no longer exists, or that was resolved or closed since it was raised, is
 * logged and completes without telling anyone.
 */
export async function alertStaff(message: unknown, context: InvocationContext): Promise<void> {
  const alert = parseQueueMessage(staffAlertSchema, message, context);
  const outcome = await unlessCaseGone(alert, context, () => deliverStaffAlert(currentDesk(), alert));
  if (outcome === undefined) return;
  if (outcome.kind === 'caseFinished') {
    context.log(
      `${alert.alertId}: nobody told, case ${alert.caseNumber} is ${outcome.status} since the alert was raised`,
    );
    return;
  }
  context.log(
    `${alert.alertId}: mailed ${outcome.mailed.join(', ') || 'nobody'} of tenant ${outcome.tenantId}${outcome.postedToTeams ? ', posted to Teams' : ''}`,
  );
}

app.serviceBusQueue('alertStaff', {
  connection: serviceBusConnection,
  queueName: queueNames.staffAlerts,
  handler: deadLetterPermanentFailures(queueNames.staffAlerts, alertStaff),
});
