import { z } from 'zod';
import { queueNames } from '../resourceNames';
import { outboxMessage, type OutboxMessage } from './outbox';
import type { SupportCase } from './case';
import { mailboxAddressSchema } from './email/addresses';
import { caseNumberTokenFor } from './email/subject';

/** What the desk tells a customer by mail: that the case was opened, an agent's reply, and that the case was resolved. */
export const notificationKindSchema = z.enum(['acknowledgement', 'agentReply', 'resolution']);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/** Body of a `notifications` queue message: everything the partner's mail connector needs to send one email. */
export const customerNotificationSchema = z.object({
  kind: notificationKindSchema,
  tenantId: z.string().min(1),
  caseId: z.string().min(1),
  caseNumber: z.string().min(1),
  to: z.array(z.object({ name: z.string().optional(), email: mailboxAddressSchema })).min(1),
  /** The tenant's support mailbox, when it has one; replies to it thread back by the case number token. */
  from: z.email().optional(),
  /** Carries the case number token, e.g. "[CS-000123] Resolved: VM does not start". */
  subject: z.string().min(1),
  text: z.string().min(1),
  /** Message-IDs of the case's emails, so a mail client shows the notification in the customer's thread. */
  inReplyTo: z.string().optional(),
  references: z.array(z.string()),
  createdAt: z.iso.datetime(),
});
export type CustomerNotification = z.infer<typeof customerNotificationSchema>;

export interface NotificationDetails {
  at: Date;
  /** The agent's reply (agentReply) or the resolution's reason (resolution). */
  text?: string;
  /**
   * Tells apart notifications of one kind on one case, e.g. the timeline place of a reply or the instant of a
   * resolution. The same occurrence always gives the same message id, so publishing it twice sends one mail.
   */
  occurrence?: string;
  from?: string;
  /** How long a resolved case can be reopened by replying; mentioned in the resolution notice. */
  reopenWindowDays?: number;
}

export interface Notification {
  /** Stable per notification: the queue's duplicate detection drops a second copy. */
  messageId: string;
  subject: string;
  body: CustomerNotification;
}

/** Mail headers allow about 1000 characters per line; the most recent Message-IDs are the ones that thread. */
const maxReferences = 10;

function subjectFor(kind: NotificationKind, supportCase: SupportCase): string {
  const token = caseNumberTokenFor(supportCase.caseNumber);
  switch (kind) {
    case 'acknowledgement':
      return `${token} We received your request: ${supportCase.title}`;
    case 'agentReply':
      return `${token} ${supportCase.title}`;
    case 'resolution':
      return `${token} Resolved: ${supportCase.title}`;
  }
}

function textFor(kind: NotificationKind, supportCase: SupportCase, details: NotificationDetails): string {
  const token = caseNumberTokenFor(supportCase.caseNumber);
  const keepToken = `Please keep ${token} in the subject when you reply, so your answer reaches this case.`;
  switch (kind) {
    case 'acknowledgement':
      return [
        `We received your request "${supportCase.title}" and opened case ${supportCase.caseNumber}.`,
        keepToken,
      ].join('\n\n');
    case 'agentReply':
      return [details.text ?? '', keepToken].join('\n\n');
    case 'resolution': {
      const reopen =
        details.reopenWindowDays === undefined
          ? 'If the problem is not solved, reply to this email to reopen the case.'
          : `If the problem is not solved, reply to this email within ${details.reopenWindowDays} days to reopen the case.`;
      return [`We resolved case ${supportCase.caseNumber}.`, details.text, reopen, keepToken]
        .filter(Boolean)
        .join('\n\n');
    }
  }
}

/** The mail to send a case's contact; pure, so the email pipeline can build the same notifications. */
export function notificationFor(
  kind: NotificationKind,
  supportCase: SupportCase,
  details: NotificationDetails,
): Notification {
  if (kind === 'agentReply' && !details.text) throw new RangeError('an agentReply notification needs the reply text');
  if (kind !== 'acknowledgement' && details.occurrence === undefined)
    throw new RangeError(`a ${kind} notification needs its occurrence`);
  const subject = subjectFor(kind, supportCase);
  const references = supportCase.emailMessageIds.slice(-maxReferences);
  const body: CustomerNotification = {
    kind,
    tenantId: supportCase.tenantId,
    caseId: supportCase.id,
    caseNumber: supportCase.caseNumber,
    to: [{ name: supportCase.contact.name, email: supportCase.contact.email }],
    from: details.from,
    subject,
    text: textFor(kind, supportCase, details),
    inReplyTo: references[references.length - 1],
    references,
    createdAt: details.at.toISOString(),
  };
  const messageId = ['notification', kind, supportCase.id, details.occurrence].filter(Boolean).join('-');
  return { messageId, subject, body };
}

/** The notification as a message on the case's outbox, for the `notifications` queue. */
export function notificationOutboxMessage(
  notification: Notification,
  supportCase: SupportCase,
  now: Date,
): OutboxMessage {
  return outboxMessage(
    queueNames.notifications,
    {
      body: notification.body,
      messageId: notification.messageId,
      subject: notification.subject,
      contentType: 'application/json',
      correlationId: supportCase.id,
    },
    now,
  );
}
