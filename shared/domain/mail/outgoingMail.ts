import { createHash } from 'node:crypto';
import { acknowledgementNotificationId, type CustomerNotification } from '../notifications';
import type { MailLanguage } from './language';

/** A mailbox as a mail header names it. */
export interface MailAddress {
  address: string;
  name?: string;
}

/**
 * One mail as the desk hands it to a mail service: everything the MIME message or the service's request needs, with
 * the threading headers already decided, so every adapter sends the same mail.
 */
export interface OutgoingMail {
  /** The notification it carries (its stable id); the sent record and the Message-ID derive from it. */
  notificationId: string;
  from: MailAddress;
  /** Where replies go when the sender is not the tenant's own support mailbox (a service's sending domain). */
  replyTo?: MailAddress;
  to: MailAddress[];
  subject: string;
  text: string;
  /** In header form, "<local@domain>" (RFC 5322 3.6.4); stable per notification. */
  messageId: string;
  inReplyTo?: string;
  /** Oldest first, in header form. */
  references: string[];
  /** The origination date (RFC 5322 3.6.1): when the desk decided to send the notification. */
  date: Date;
  language: MailLanguage;
  /**
   * Further header fields by name, e.g. `Auto-Submitted: auto-replied` (RFC 3834 5) on an acknowledgement. Never a
   * field that the properties above already set.
   */
  headers: Record<string, string>;
}

/** Where a notification is sent from: the mailbox and, when it is not the tenant's own, the address replies go to. */
export interface MailSenderIdentity {
  from: MailAddress;
  replyTo?: MailAddress;
}

// RFC 5322 3.2.3 atext, plus "." between atoms: what the left side of a msg-id may hold (dot-atom-text).
const notAtext = /[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]/g;

/** The domain of an address, lower-cased. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** Case ids a Message-ID carries (newCaseId's, and any other of letters, digits, `_` and `-`). */
const carriedCaseId = /^[A-Za-z0-9_-]+$/;
const caseMarker = 'c-';

/**
 * The Message-ID of a notification's mail (RFC 5322 3.6.4): `c-{caseId}.` and its notification id at the tenant's mail
 * domain, so a redelivery of the notification gives the same id, and a customer's reply (In-Reply-To) finds the case
 * by it: the case id says where the desk keeps the id's lookup (caseIdOfMessageId), the lookup confirms it. A
 * notification id that is not dot-atom-text has its other characters replaced and a short hash of the original added,
 * which keeps ids that differ only there apart. A case id of other characters than letters, digits, `_` and `-` (none
 * the desk makes) is left out.
 */
export function notificationMessageId(notificationId: string, caseId: string, mailDomain: string): string {
  const cleaned = notificationId
    .replace(notAtext, '-')
    .replace(/^\.+|\.+$/g, '')
    .replace(/\.{2,}/g, '.');
  const local =
    cleaned === notificationId
      ? cleaned
      : `${cleaned}.${createHash('sha256').update(notificationId).digest('hex').slice(0, 12)}`;
  const marker = carriedCaseId.test(caseId) ? `${caseMarker}${caseId}.` : '';
  return `<${marker}${local}@${mailDomain}>`;
}

/**
 * The case id a Message-ID of the desk's carries (see notificationMessageId), or undefined: an id of another sender,
 * or of a mail an earlier version sent. Only a hint of where to look: an id anyone wrote may carry any case id.
 */
export function caseIdOfMessageId(messageId: string): string | undefined {
  if (!messageId.startsWith(`<${caseMarker}`)) return undefined;
  const caseId = messageId.slice(caseMarker.length + 1, messageId.indexOf('.'));
  return carriedCaseId.test(caseId) ? caseId : undefined;
}

/** Headers that mark a mail as written by the desk, not a person (see outgoingMailFor). */
const automaticHeaders: Partial<Record<CustomerNotification['kind'], Record<string, string>>> = {
  acknowledgement: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'OOF, AutoReply' },
  staffAlert: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply' },
};

/**
 * The mail a notification becomes. The Message-ID's domain is the tenant's mail domain: that of its support mailbox
 * (the notification's `from`), or the sender's when the tenant has none.
 *
 * `Auto-Submitted: auto-replied` marks the acknowledgement as an automatic response (RFC 3834 5.1), so well-behaved
 * responders do not answer it; `X-Auto-Response-Suppress: OOF, AutoReply` asks Exchange not to answer it with an
 * out-of-office or other automatic reply (MS-OXCMAIL §2.1.3.2.20), while bounces still come back. A staff alert is
 * `auto-generated` (RFC 3834 5.1: not a response to a message). Agent replies and resolutions are written by people:
 * no such headers.
 */
export function outgoingMailFor(
  notification: CustomerNotification,
  notificationId: string,
  sender: MailSenderIdentity,
): OutgoingMail {
  const mailDomain = domainOf(notification.from ?? sender.from.address);
  const automatic = automaticHeaders[notification.kind] ?? {};
  return {
    notificationId,
    from: sender.from,
    ...(sender.replyTo && { replyTo: sender.replyTo }),
    to: notification.to.map((recipient) => ({ address: recipient.email, name: recipient.name })),
    subject: notification.subject,
    text: notification.text,
    messageId: notificationMessageId(notificationId, notification.caseId, mailDomain),
    ...threadOf(notification, mailDomain),
    date: new Date(notification.createdAt),
    language: notification.language,
    headers: automatic,
  };
}

/**
 * Where the mail sits in the conversation: under the customer's mails it answers; for a reply or resolution on a case
 * no customer mail opened (a portal case), under the desk's acknowledgement, which opened the thread, so the
 * customer's mail program shows them together (RFC 5322 3.6.4).
 */
function threadOf(
  notification: CustomerNotification,
  mailDomain: string,
): { inReplyTo?: string; references: string[] } {
  const answersCustomerMail = notification.references.length > 0;
  if (answersCustomerMail || notification.kind === 'acknowledgement' || notification.kind === 'staffAlert')
    return {
      ...(notification.inReplyTo && { inReplyTo: notification.inReplyTo }),
      references: notification.references,
    };
  const acknowledgement = notificationMessageId(
    acknowledgementNotificationId(notification.caseId),
    notification.caseId,
    mailDomain,
  );
  return { inReplyTo: acknowledgement, references: [acknowledgement] };
}

const threadLookupPrefix = 'message:';

/** The lookup key under which a customer's reply to this mail (In-Reply-To / References) finds the case. */
export function threadLookupKey(messageId: string): string {
  return `${threadLookupPrefix}${messageId}`;
}

/** The case id the Message-ID of a thread lookup key carries (caseIdOfMessageId), or undefined. */
export function caseIdOfThreadLookupKey(key: string): string | undefined {
  return key.startsWith(threadLookupPrefix) ? caseIdOfMessageId(key.slice(threadLookupPrefix.length)) : undefined;
}
