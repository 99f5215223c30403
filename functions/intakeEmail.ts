import { app, type InvocationContext } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { deadLetterPermanentFailures } from '../shared/messaging/queueFunction';
import { queueNames, serviceBusConnection } from '../shared/resourceNames';
import { emailDeliveryOf } from '../shared/services/emailDelivery';
import { takeInEmail } from '../shared/services/emailIntake';

/** One email from the partner's support mailbox, as an email-to-queue connector delivers it (Outlook V3 or Graph shape). */
export async function intakeEmail(message: unknown, context: InvocationContext): Promise<void> {
  const outcome = await takeInEmail(currentDesk(), message, emailDeliveryOf(context));
  context.log(
    `email ${String(context.triggerMetadata?.messageId ?? '')}: ${outcome.kind} (tenant ${outcome.tenantId})`,
  );
}

app.serviceBusQueue('intakeEmail', {
  connection: serviceBusConnection,
  queueName: queueNames.emailIntake,
  handler: deadLetterPermanentFailures(queueNames.emailIntake, intakeEmail),
});
