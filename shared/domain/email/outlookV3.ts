import { z } from 'zod';
import { parseAddressList, parseMailbox, type EmailAddress } from './addresses';
import { bodyText } from './bodyText';
import { connectorAttachmentSchema, connectorImportanceSchema, receivedDateTimeSchema } from './connectorFields';
import type { InboundEmail } from './inboundEmail';
import { messageIdSchema } from './messageId';

const senderSchema = z.string().transform((from, context): EmailAddress => {
  const mailbox = parseMailbox(from);
  if (mailbox === undefined) {
    context.addIssue({ code: 'custom', message: `not an email address: '${from}'` });
    return z.NEVER;
  }
  return mailbox;
});

/**
 * The output of the Office 365 Outlook connector's "When a new email arrives (V3)" trigger. Addresses are strings,
 * recipient lists semicolon-separated; the connector gives no Internet headers.
 */
export const outlookV3EmailSchema = z.object({
  id: z.string().nullish(),
  conversationId: z.string().nullish(),
  internetMessageId: messageIdSchema,
  subject: z.string().nullish(),
  from: senderSchema,
  toRecipients: z.string().nullish(),
  ccRecipients: z.string().nullish(),
  replyTo: z.string().nullish(),
  body: z.string(),
  isHtml: z.boolean(),
  importance: connectorImportanceSchema,
  attachments: z.array(connectorAttachmentSchema).nullish(),
  receivedDateTime: receivedDateTimeSchema,
});
export type OutlookV3Email = z.output<typeof outlookV3EmailSchema>;

export function inboundEmailFromOutlookV3(message: OutlookV3Email): InboundEmail {
  return {
    messageId: message.internetMessageId,
    ...(message.id && { connectorId: message.id }),
    ...(message.conversationId && { conversationId: message.conversationId }),
    subject: message.subject ?? '',
    from: message.from,
    to: parseAddressList(message.toRecipients),
    cc: parseAddressList(message.ccRecipients),
    replyTo: parseAddressList(message.replyTo),
    textBody: bodyText(message.body, message.isHtml),
    receivedAt: message.receivedDateTime,
    importance: message.importance,
    headers: {},
    references: [],
    attachments: message.attachments ?? [],
  };
}
