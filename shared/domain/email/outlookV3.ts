import { z } from 'zod';
import { parseAddressList, parseMailbox, type EmailAddress } from './addresses';
import { bodyText } from './bodyText';
import { connectorAttachmentSchema, connectorImportanceSchema, receivedDateTimeSchema } from './connectorFields';
import { decodeEncodedWords, withDecodedName } from './encodedWords';
import type { InboundEmail } from './inboundEmail';
import { messageIdSchema } from './messageId';

const senderSchema = z.lazy(() =>
  z.string().transform((from, context): EmailAddress => {
    const mailbox = parseMailbox(from);
    if (mailbox === undefined) {
      context.addIssue({ code: 'custom', message: `not an email address: '${from}'` });
      return z.NEVER;
    }
    return mailbox;
  }),
);

/**
 * The output of the Office 365 Outlook connector's "When a new email arrives (V3)" trigger. Addresses are strings,
 * recipient lists semicolon-separated; the connector gives no Internet headers.
 */
export const outlookV3EmailSchema = z.lazy(() =>
  z.object({
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
  }),
);
export type OutlookV3Email = z.output<typeof outlookV3EmailSchema>;

/**
 * One connector email as an InboundEmail. The subject and display names are decoded from RFC 2047 encoded words
 * ("=?ISO-8859-1?Q?Gr=FC=DFe?=") here, before anything (case title, token search, automatic-mail rules) reads them:
 * Exchange decodes well-formed words itself, but words that the sending client wrote against the rules (inside
 * quotes, next to other text, folded mid-word) and payloads that a connector builds from raw MIME reach us encoded.
 */
export function inboundEmailFromOutlookV3(message: OutlookV3Email): InboundEmail {
  return {
    messageId: message.internetMessageId,
    ...(message.id && { connectorId: message.id }),
    ...(message.conversationId && { conversationId: message.conversationId }),
    subject: decodeEncodedWords(message.subject ?? ''),
    from: withDecodedName(message.from),
    to: parseAddressList(message.toRecipients).map(withDecodedName),
    cc: parseAddressList(message.ccRecipients).map(withDecodedName),
    replyTo: parseAddressList(message.replyTo).map(withDecodedName),
    textBody: bodyText(message.body, message.isHtml),
    receivedAt: message.receivedDateTime,
    importance: message.importance,
    headers: {},
    references: [],
    attachments: message.attachments ?? [],
  };
}
