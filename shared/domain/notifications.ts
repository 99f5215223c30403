import { z } from 'zod';
import { queueNames } from '../resourceNames';
import { outboxMessage, type OutboxMessage } from './outbox';
import type { NewTimelineEvent, SupportCase } from './case';
import { mailboxAddressSchema } from './email/addresses';
import { caseNumberTokenFor } from './email/subject';
import { languageOfText, mailLanguageSchema, type MailLanguage } from './mail/language';
import { renderTemplate, tenantTemplateFor, type MailTemplates, type TemplateValues } from './mail/templates';
import { erasedAddress, normalizedAddress } from './retention';
import { tableKeySchema } from './tableKeys';

/** What the desk tells a customer by mail: that the case was opened, an agent's reply, and that the case was resolved. */
export const customerNotificationKinds = ['acknowledgement', 'agentReply', 'resolution'] as const;
export type NotificationKind = (typeof customerNotificationKinds)[number];
/** Every mail on the `notifications` queue: the customer's, and alerts to the partner's staff (staffAlerts.ts). */
export const notificationKindSchema = z.enum([...customerNotificationKinds, 'staffAlert']);

/** Body of a `notifications` queue message: everything the partner's mail connector needs to send one email. */
export const customerNotificationSchema = z.lazy(() =>
  z.object({
    kind: notificationKindSchema,
    /** With the case id, the partition of the notification's delivery record (tableMailDeliveryLog.ts). */
    tenantId: tableKeySchema,
    caseId: tableKeySchema,
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
    /**
     * The notification's stable id (its queue message id): the mail's Message-ID and its sent record derive from it, so
     * a redelivery sends the same mail once. Absent on messages published before it was added; the queue message id is used.
     */
    notificationId: z.string().min(1).max(128).optional(),
    /** The language of the customer's mail, which subject and text are written in; English on older messages. */
    language: mailLanguageSchema.default('en'),
  }),
);
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

/** The notification id of a case's acknowledgement: the mail that opens the case's thread when no customer mail did. */
export const acknowledgementNotificationId = (caseId: string): string => `notification-acknowledgement-${caseId}`;

/** Mail headers allow about 1000 characters per line; the most recent Message-IDs are the ones that thread. */
const maxReferences = 10;

/** The words of the notifications in one language; the case number token is added by the caller. */
interface NotificationTexts {
  acknowledgementSubject(title: string): string;
  resolutionSubject(title: string): string;
  keepToken(token: string): string;
  acknowledgement(title: string, caseNumber: string): string;
  resolved(caseNumber: string): string;
  reopen(reopenWindowDays: number | undefined): string;
}

const texts: Record<MailLanguage, NotificationTexts> = {
  en: {
    acknowledgementSubject: (title) => `We received your request: ${title}`,
    resolutionSubject: (title) => `Resolved: ${title}`,
    keepToken: (token) => `Please keep ${token} in the subject when you reply, so your answer reaches this case.`,
    acknowledgement: (title, caseNumber) => `We received your request "${title}" and opened case ${caseNumber}.`,
    resolved: (caseNumber) => `We resolved case ${caseNumber}.`,
    reopen: (days) =>
      days === undefined
        ? 'If the problem is not solved, reply to this email to reopen the case.'
        : `If the problem is not solved, reply to this email within ${days} days to reopen the case.`,
  },
  de: {
    acknowledgementSubject: (title) => `Wir haben Ihre Anfrage erhalten: ${title}`,
    resolutionSubject: (title) => `Gelöst: ${title}`,
    keepToken: (token) =>
      `Bitte lassen Sie ${token} im Betreff, wenn Sie antworten, damit Ihre Antwort diesem Fall zugeordnet wird.`,
    acknowledgement: (title, caseNumber) =>
      `Wir haben Ihre Anfrage „${title}“ erhalten und den Fall ${caseNumber} eröffnet.`,
    resolved: (caseNumber) => `Wir haben den Fall ${caseNumber} gelöst.`,
    reopen: (days) =>
      days === undefined
        ? 'Falls das Problem weiterhin besteht, antworten Sie auf diese E-Mail, um den Fall wieder zu öffnen.'
        : `Falls das Problem weiterhin besteht, antworten Sie innerhalb von ${days} Tagen auf diese E-Mail, um den Fall wieder zu öffnen.`,
  },
};

/**
 * The language to write to a case's contact in: that of the customer's request (its title and description, which is
 * the first mail's text for a case opened by mail). The case records no language of its own.
 */
export function notificationLanguageOf(supportCase: SupportCase): MailLanguage {
  return languageOfText(`${supportCase.title}\n${supportCase.description}`);
}

/** What a tenant's template placeholders stand for in this notification; renderTemplate uses only its kind's. */
function templateValuesOf(supportCase: SupportCase, details: NotificationDetails): TemplateValues {
  return {
    caseNumber: supportCase.caseNumber,
    title: supportCase.title,
    customerName: supportCase.customer.name,
    contactName: supportCase.contact.name ?? supportCase.contact.email,
    replyText: details.text,
    reason: details.text,
    reopenWindowDays: details.reopenWindowDays?.toString(),
  };
}

/** The tenant's own subject, with the case token in front unless it already has it: replies thread by the token. */
function ownSubject(template: string, kind: NotificationKind, token: string, values: TemplateValues): string {
  const subject = renderTemplate(template, kind, values).trim();
  return subject.includes(token) ? subject : `${token} ${subject}`.trim();
}

/** The tenant's own text, always followed by the line asking to keep the token, which its wording cannot drop. */
function ownText(template: string, kind: NotificationKind, values: TemplateValues, keepToken: string): string {
  return [renderTemplate(template, kind, values).trim(), keepToken].filter(Boolean).join('\n\n');
}

function subjectFor(kind: NotificationKind, supportCase: SupportCase, language: MailLanguage): string {
  const token = caseNumberTokenFor(supportCase.caseNumber);
  switch (kind) {
    case 'acknowledgement':
      return `${token} ${texts[language].acknowledgementSubject(supportCase.title)}`;
    case 'agentReply':
      return `${token} ${supportCase.title}`;
    case 'resolution':
      return `${token} ${texts[language].resolutionSubject(supportCase.title)}`;
  }
}

function textFor(
  kind: NotificationKind,
  supportCase: SupportCase,
  details: NotificationDetails,
  language: MailLanguage,
): string {
  const words = texts[language];
  const keepToken = words.keepToken(caseNumberTokenFor(supportCase.caseNumber));
  switch (kind) {
    case 'acknowledgement':
      return [words.acknowledgement(supportCase.title, supportCase.caseNumber), keepToken].join('\n\n');
    case 'agentReply':
      return [details.text ?? '', keepToken].join('\n\n');
    case 'resolution':
      return [words.resolved(supportCase.caseNumber), details.text, words.reopen(details.reopenWindowDays), keepToken]
        .filter(Boolean)
        .join('\n\n');
  }
}

/**
 * The mail to send a case's contact; pure, so the email pipeline can build the same notifications. `templates` is the
 * tenant's own wording (its profile's `mailTemplates`): a subject or text it has for the kind in the case's language
 * replaces the desk's, which stays for everything it leaves out. The case token stays in the subject and the line
 * asking to keep it ends the text either way.
 */
export function notificationFor(
  kind: NotificationKind,
  supportCase: SupportCase,
  details: NotificationDetails,
  templates?: MailTemplates,
): Notification {
  if (kind === 'agentReply' && !details.text) throw new RangeError('an agentReply notification needs the reply text');
  if (kind !== 'acknowledgement' && details.occurrence === undefined)
    throw new RangeError(`a ${kind} notification needs its occurrence`);
  const language = notificationLanguageOf(supportCase);
  const own = tenantTemplateFor(templates, language, kind);
  const values = templateValuesOf(supportCase, details);
  const token = caseNumberTokenFor(supportCase.caseNumber);
  const subject =
    own?.subject === undefined ? subjectFor(kind, supportCase, language) : ownSubject(own.subject, kind, token, values);
  const text =
    own?.text === undefined
      ? textFor(kind, supportCase, details, language)
      : ownText(own.text, kind, values, texts[language].keepToken(token));
  const messageId =
    kind === 'acknowledgement'
      ? acknowledgementNotificationId(supportCase.id)
      : ['notification', kind, supportCase.id, details.occurrence].filter(Boolean).join('-');
  const references = supportCase.emailMessageIds.slice(-maxReferences);
  const body: CustomerNotification = {
    kind,
    tenantId: supportCase.tenantId,
    caseId: supportCase.id,
    caseNumber: supportCase.caseNumber,
    to: [{ name: supportCase.contact.name, email: supportCase.contact.email }],
    from: details.from,
    subject,
    text,
    inReplyTo: references[references.length - 1],
    references,
    createdAt: details.at.toISOString(),
    notificationId: messageId,
    language,
  };
  return { messageId, subject, body };
}

/**
 * Whether a customer's notification is addressed to someone the case no longer names: its contact was erased (GDPR
 * erasure, services/erasure.ts) since the notification was made, or it was made from the erased case and so goes to the
 * placeholder `erasedAddress` (erasure rewrites the notifications still waiting on the case's outbox to it, and an agent's
 * reply after the erasure is addressed to it). A case's contact is set when the case is opened and changed by nothing
 * but erasure, so a recipient other than the contact was erased; either way, nothing may be mailed to it. Staff alerts
 * go to agents, not to the contact: erasure of a contact never stops them.
 */
export function recipientErased(notification: CustomerNotification, supportCase: SupportCase): boolean {
  if (notification.kind === 'staffAlert') return false;
  const contact = normalizedAddress(supportCase.contact.email);
  return (
    contactErased(supportCase) || notification.to.some((recipient) => normalizedAddress(recipient.email) !== contact)
  );
}

/** Whether the case's contact was erased (GDPR erasure): its address is the placeholder `erasedAddress`. */
export const contactErased = (supportCase: SupportCase): boolean =>
  normalizedAddress(supportCase.contact.email) === erasedAddress;

/**
 * The internal entry that tells agents a mail to the customer was not made because the case's contact was erased: an
 * agent's reply or a resolution on such a case is kept on the timeline (a portal still shows it) but mailed to nobody,
 * and without this entry the agent would believe the customer got it. A `mailFailed` entry, as a refusal by the mail
 * service is; it names no address (there is none left to name) and no notification (none was made).
 */
export function notMailedToErasedContact(kind: NotificationKind, at: Date): NewTimelineEvent {
  return {
    type: 'mailFailed',
    at: at.toISOString(),
    actor: { kind: 'system', id: 'mail' },
    visibility: 'internal',
    summary: `The ${kind} mail was not sent: the case's contact was erased, and the desk mails no erased address.`,
    data: { kind, reason: 'ContactErased' },
  };
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
