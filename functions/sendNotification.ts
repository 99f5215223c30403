import { app, type InvocationContext } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { customerNotificationSchema } from '../shared/domain/notifications';
import { deadLetterPermanentFailures, receivedMessage, unlessCaseGone } from '../shared/messaging/queueFunction';
import { InvalidQueueMessageError, parseQueueMessage } from '../shared/queueMessages';
import { queueNames, serviceBusConnection } from '../shared/resourceNames';
import { deliverNotification } from '../shared/services/notificationDelivery';

/**
 * Mails a customer notification (acknowledgement, agent reply, resolution) once, through the mail sender the settings
 * choose. A refusal is recorded on the case and dead-lettered; throttling and outages are retried by redelivery. A
 * notification of a case that no longer exists, or whose contact was erased, is logged and completes unsent: no dead
 * letter keeps the address that retention or erasure removed.
 */
export async function sendNotification(message: unknown, context: InvocationContext): Promise<void> {
  const notification = parseQueueMessage(customerNotificationSchema, message, context);
  // Messages published before the body carried its id have it only as the Service Bus message id.
  const notificationId = notification.notificationId ?? receivedMessage(message, context).messageId;
  if (!notificationId) {
    throw new InvalidQueueMessageError(`${context.functionName}: the notification has no id (body or message id).`);
  }
  const received = receivedMessage(message, context);
  const deliveryId = received.messageId ?? notificationId;
  const outcome = await unlessCaseGone(notification, context, () =>
    deliverNotification(currentDesk(), notification, notificationId, deliveryId, received.deliveryCount),
  );
  if (outcome === undefined) return;
  const what = `${notification.kind} ${notificationId} of case ${notification.caseNumber}`;
  if (outcome.kind === 'sent') context.log(`Mailed ${what} as ${outcome.mail.messageId}.`);
  else if (outcome.kind === 'alreadySent') context.log(`${what} was mailed at an earlier delivery; not sent again.`);
  else if (outcome.kind === 'beingSentElsewhere')
    context.log(`${what} is being mailed by another delivery (message ${deliveryId} is a copy); not sent again.`);
  else if (outcome.kind === 'recipientErased')
    context.log(
      `${what} not mailed: its recipient was erased from the case (contact erasure); an erased address is never mailed.`,
    );
  else context.warn(`${what} not mailed: MAIL_SENDER is none.`);
}

app.serviceBusQueue('sendNotification', {
  connection: serviceBusConnection,
  queueName: queueNames.notifications,
  handler: deadLetterPermanentFailures(queueNames.notifications, sendNotification),
});
