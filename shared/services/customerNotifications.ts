import type { SupportCase } from '../domain/case';
import { notificationFor, type NotificationDetails, type NotificationKind } from '../domain/notifications';
import type { Desk } from '../composition';
import { queueNames } from '../resourceNames';
import type { OpenedCase } from './caseIntake';

export type NotificationDesk = Pick<Desk, 'publisher' | 'tenants' | 'clock'>;

/** Puts a mail for the case's contact on the `notifications` queue, sent from the tenant's support mailbox when it has one. */
export async function notifyCustomer(
  desk: NotificationDesk,
  kind: NotificationKind,
  supportCase: SupportCase,
  details: Omit<NotificationDetails, 'from'>,
): Promise<void> {
  const profile = await desk.tenants.profile(supportCase.tenantId);
  const notification = notificationFor(kind, supportCase, { ...details, from: profile?.supportAddresses[0] });
  await desk.publisher.publish(queueNames.notifications, {
    body: notification.body,
    messageId: notification.messageId,
    subject: notification.subject,
    contentType: 'application/json',
    correlationId: supportCase.id,
  });
}

/**
 * Acknowledges a case opened through the API. A replay acknowledges again only while the case still waits for triage,
 * as triage is re-requested: the first attempt may have stopped before publishing, and the queue drops a duplicate.
 */
export async function acknowledgeOpenedCase(desk: NotificationDesk, opened: OpenedCase): Promise<void> {
  if (opened.outcome === 'replayed' && opened.supportCase.status !== 'new') return;
  await notifyCustomer(desk, 'acknowledgement', opened.supportCase, { at: desk.clock.now() });
}
