import type { NewTimelineEvent } from '../domain/case';
import { recipientErased, type CustomerNotification } from '../domain/notifications';
import { outgoingMailFor, type MailSenderIdentity, type OutgoingMail } from '../domain/mail/outgoingMail';
import { PermanentMessageError } from '../messaging/messageFailure';
import type { MailConfig } from '../config';
import { notFound } from '../errors';
import type { CaseStore } from '../ports/caseStore';
import type { Clock } from '../ports/clock';
import { MailRefusedError, type DeliveryRecord, type MailDeliveryLog, type MailSender } from '../ports/mailSender';
import { changeCaseOnce } from './caseUpdates';

/*
 * Exactly once, as far as a mail service allows. Neither Graph sendMail nor ACS Email takes an idempotency key, so the
 * delivery log keeps, per notification id, whether an attempt began ("sending"), the mail went out ("sent") or the
 * service refused it ("refused"):
 *
 *   1. a record "sent" or "refused": a redelivery; nothing is sent again;
 *   2. the mail's Message-ID becomes a lookup key of the case, before the mail exists, so even a quick reply threads
 *      by In-Reply-To; then the record becomes "sending" (created, or moved on under its ETag): of two deliveries
 *      racing, one goes on. The case row is not written: an agent's If-Match stays valid;
 *   3. the mail is sent; 4. the record becomes "sent".
 *
 * The window left: a process that stops after the service accepted the mail (3) and before the record says so (4)
 * leaves "sending", and the redelivery sends the mail a second time, with the same Message-ID, so the customer's mail
 * client shows one thread. So a notification is mailed at least once, and again only after a crash in that window (or
 * a service that accepted the mail but answered with a timeout): one duplicate per such crash. Sending at most once
 * instead would lose a notification on every such crash, which is worse for a support desk than a rare duplicate.
 *
 * Only to whom the case still names. Unless a record settles the delivery without mailing (sent, or being sent by a
 * live copy), the case is read before anything is mailed, recorded or dead-lettered: a case that is gone (the
 * retention purge) or whose contact was erased (GDPR) completes the message without a mail, a timeline entry or a dead
 * letter, each of which would keep the customer's address that purge and erasure exist to remove. The read is the one
 * request the existence check cost before, on the whole row. Left open: an erasure that lands between that read and
 * the mail service's acceptance (milliseconds) does not stop that one mail.
 */

/** What delivering a notification needs from the desk. */
export interface NotificationDeliveryDesk {
  config: { mail: MailConfig };
  cases: CaseStore;
  clock: Clock;
  /** Undefined when the desk sends no mail (MAIL_SENDER=none): notifications are then completed unsent. */
  mailSender: MailSender | undefined;
  mailDeliveries: MailDeliveryLog;
}

/**
 * Who a notification is from. Graph (and the development mailbox) send as the tenant's support mailbox, or as the
 * configured default mailbox for a tenant without one. ACS sends from its own domain's sender address, with the
 * tenant's support mailbox as Reply-To so the customer's answer reaches the desk's intake.
 */
export function senderIdentityFor(
  mail: MailConfig,
  supportMailbox: string | undefined,
): MailSenderIdentity | undefined {
  switch (mail.kind) {
    case 'none':
      return undefined;
    case 'acs':
      return {
        from: { address: mail.senderAddress },
        ...(supportMailbox && { replyTo: { address: supportMailbox } }),
      };
    case 'graph':
    case 'development': {
      const address = supportMailbox ?? mail.senderAddress;
      return address ? { from: { address } } : undefined;
    }
  }
}

/** What happened to a notification at this delivery. */
export type DeliveryOutcome =
  | { kind: 'sent'; mail: OutgoingMail }
  | { kind: 'alreadySent' }
  /** Another delivery of the notification (a copy under another queue message) began sending it and is alive. */
  | { kind: 'beingSentElsewhere' }
  /** The case's contact was erased (recipientErased): nothing is mailed to the address, now or at any redelivery. */
  | { kind: 'recipientErased' }
  | { kind: 'mailDisabled' };

/**
 * How long an attempt that another delivery began counts as alive: the longest the Functions host renews a message's
 * lock (host.json maxAutoLockRenewalDuration, 5 minutes). A delivery that stopped for good gets its own message back
 * once its lock is gone, and takes its attempt over; until then a copy leaves the mail to it instead of sending it too.
 */
const attemptLeaseMs = 5 * 60_000;

/** Whether the record is an attempt that a delivery of another queue message began within the lease. */
function sendingElsewhere(record: DeliveryRecord | undefined, deliveryId: string, now: Date): boolean {
  return (
    record?.state === 'sending' &&
    record.deliveryId !== undefined &&
    record.deliveryId !== deliveryId &&
    now.getTime() - Date.parse(record.updatedAt) < attemptLeaseMs
  );
}

/**
 * Whether a delivery may create the record without reading it first: the first delivery of its queue message
 * (deliveryCount 1) of a notification made within the lease. An older notification's first delivery is a copy (a
 * resubmitted dead letter, a second publication), or waited in a backlog, and may find a record another delivery (or an
 * earlier version of the desk, in its own place) left: it reads first.
 */
function firstSending(notification: CustomerNotification, deliveryCount: number | undefined, now: Date): boolean {
  return deliveryCount === 1 && now.getTime() - Date.parse(notification.createdAt) < attemptLeaseMs;
}

/** A notification the mail service refused for good; recorded on the case's timeline, then dead-lettered. */
export class NotificationRefusedError extends PermanentMessageError {
  override readonly name = 'NotificationRefusedError';
}

/** A notification that can never be sent as it stands: there is no mailbox to send it from. */
export class UndeliverableNotificationError extends PermanentMessageError {
  override readonly name = 'UndeliverableNotificationError';
}

const mailActor = { kind: 'system', id: 'mail' } as const;

/**
 * Sends a notification once (see above); a notification already sent is not sent again, and one whose recipient the
 * case no longer names (its contact was erased) is never sent (`recipientErased`). Throws, each time after a
 * `mailFailed` entry on the case: `NotificationRefusedError` (permanent) when the service refused the mail, and
 * `UndeliverableNotificationError` (permanent) when there is no mailbox to send it from; but when the contact was
 * erased meanwhile (while the service answered), answers `recipientErased` with no entry instead. Throws DeskError
 * `notFound` when the case is gone (the queue function completes the message, unlessCaseGone), and whatever else
 * failed (the mail service's `MailDeferredError`, the store, a case row this version cannot read), to be retried by a
 * redelivery.
 *
 * A copy of the notification under another queue message that finds an attempt of a live delivery leaves the mail to
 * it (`beingSentElsewhere`); the redelivery of the message that began an attempt takes it over.
 *
 * A first delivery of its queue message (deliveryCount 1) of a notification made within the last 5 minutes, which is
 * how nearly every notification goes out, creates the record without reading it first; should one exist (a copy's, or a
 * twin invocation's), it is read then, and the delivery settles by it or is tried again. Any other delivery reads the
 * record first, and takes over the attempt its own message began.
 *
 * @param notificationId the notification's stable id; the Message-ID and the record derive from it
 * @param deliveryId the queue message being delivered (its message id): whose attempt a record is
 * @param deliveryCount how often its queue message has been delivered, this time included (undefined when unknown)
 */
export async function deliverNotification(
  desk: NotificationDeliveryDesk,
  notification: CustomerNotification,
  notificationId: string,
  deliveryId: string,
  deliveryCount?: number,
): Promise<DeliveryOutcome> {
  const { tenantId, caseId } = notification;
  const sender = desk.mailSender;
  if (!sender) return { kind: 'mailDisabled' };
  const record = firstSending(notification, deliveryCount, desk.clock.now())
    ? undefined
    : await desk.mailDeliveries.get(tenantId, caseId, notificationId);
  if (record?.state === 'sent') return { kind: 'alreadySent' };
  if (sendingElsewhere(record, deliveryId, desk.clock.now())) return { kind: 'beingSentElsewhere' };

  const stored = await desk.cases.get(tenantId, caseId);
  if (!stored) throw notFound(`No case ${caseId} of tenant ${tenantId}.`);
  if (recipientErased(notification, stored.supportCase)) return { kind: 'recipientErased' };
  // Refused at an earlier delivery whose dead-lettering failed: dead-letter it now, without asking the service again.
  if (record?.state === 'refused') {
    throw new NotificationRefusedError(
      record.reason ?? 'MailRefused',
      `The mail service refused notification ${notificationId} of case ${caseId} at an earlier delivery.`,
    );
  }
  const identity = senderIdentityFor(desk.config.mail, notification.from);
  if (!identity) {
    const reason = 'NoSendingMailbox';
    const said = 'the tenant has no support mailbox and MAIL_SENDER_ADDRESS names no default sender';
    if ((await recordFailure(desk, notification, notificationId, { reason, message: said })) === 'recipientErased')
      return { kind: 'recipientErased' };
    throw new UndeliverableNotificationError(reason, `Notification ${notificationId} of case ${caseId}: ${said}.`);
  }
  const mail = outgoingMailFor(notification, notificationId, identity);

  const now = desk.clock.now();
  const begun = await desk.mailDeliveries.beginAttempt(
    tenantId,
    notificationId,
    { caseId, messageId: mail.messageId, at: now, deliveryId },
    record,
  );
  if (!begun) {
    // Another delivery moved the record first: leave the mail to it if it is sending, else try again by redelivery.
    const current = await desk.mailDeliveries.get(tenantId, caseId, notificationId);
    if (current?.state === 'sent') return { kind: 'alreadySent' };
    if (sendingElsewhere(current, deliveryId, desk.clock.now())) return { kind: 'beingSentElsewhere' };
    throw new Error(`Notification ${notificationId} is being delivered by another invocation right now.`);
  }

  try {
    await sender.send(mail);
  } catch (error) {
    if (!(error instanceof MailRefusedError)) throw error;
    const recorded = await recordFailure(desk, notification, notificationId, error);
    await desk.mailDeliveries.finish(tenantId, caseId, notificationId, {
      state: 'refused',
      at: desk.clock.now(),
      reason: error.reason,
    });
    // Erased while the service answered: no dead letter may keep the address either.
    if (recorded === 'recipientErased') return { kind: 'recipientErased' };
    throw new NotificationRefusedError(
      error.reason,
      `The mail service refused notification ${notificationId} of case ${caseId}: ${error.message}`,
      { cause: error },
    );
  }
  await desk.mailDeliveries.finish(tenantId, caseId, notificationId, { state: 'sent', at: desk.clock.now() });
  return { kind: 'sent', mail };
}

/**
 * The `mailFailed` timeline entry, written once per notification (its idempotency claim), whatever the redeliveries.
 * Answers `recipientErased`, writing nothing, when the case no longer names the recipient as it stands at the write:
 * an erasure that landed while the mail service was answering must not find her address written back on the case.
 */
async function recordFailure(
  desk: NotificationDeliveryDesk,
  notification: CustomerNotification,
  notificationId: string,
  refusal: { reason: string; message: string; serviceCode?: string },
): Promise<'recorded' | 'recipientErased'> {
  const at = desk.clock.now().toISOString();
  const recipient = notification.to.map((to) => to.email).join(', ');
  const event: NewTimelineEvent = {
    type: 'mailFailed',
    at,
    actor: mailActor,
    visibility: 'internal',
    summary: `The ${notification.kind} mail to ${recipient} was not sent: ${refusal.message}`,
    data: {
      notificationId,
      kind: notification.kind,
      recipient,
      reason: refusal.reason,
      ...(refusal.serviceCode && { code: refusal.serviceCode }),
    },
  };
  const change = await changeCaseOnce(
    desk.cases,
    notification.tenantId,
    notification.caseId,
    (current) =>
      recipientErased(notification, current.supportCase)
        ? { result: 'recipientErased' as const }
        : { next: { ...current.supportCase, updatedAt: at }, events: [event], result: 'recorded' as const },
    { key: `mailFailed:${notificationId}`, requestHash: notificationId },
  );
  // A replay: this notification's entry was written at an earlier delivery, before any erasure could take it off.
  return change.kind === 'replayed' ? 'recorded' : change.result;
}
