import { z } from 'zod';
import { emailAddress, type EmailAddress } from './addresses';
import { bodyText } from './bodyText';
import { connectorAttachmentSchema, connectorImportanceSchema, receivedDateTimeSchema } from './connectorFields';
import { decodeEncodedWords, withDecodedName } from './encodedWords';
import type { InboundEmail } from './inboundEmail';
import { messageIdSchema, messageIdsIn } from './messageId';

const recipientSchema = z.lazy(() =>
  z.object({
    emailAddress: z.object({ name: z.string().nullish(), address: z.string().nullish() }),
  }),
);
type GraphRecipient = z.infer<typeof recipientSchema>;

const mailboxSchema = z.lazy(() =>
  recipientSchema.transform((recipient, context): EmailAddress => {
    const { name, address } = recipient.emailAddress;
    const mailbox = emailAddress(address ?? '', name);
    if (mailbox === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['emailAddress', 'address'],
        message: `not an email address: '${address ?? ''}'`,
      });
      return z.NEVER;
    }
    return mailbox;
  }),
);

/** Graph names the mailbox that actually sent the message `sender`; it stands in when `from` is absent. */
function senderAsFallbackForFrom(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const message = raw as Record<string, unknown>;
  return message['from'] == null && message['sender'] != null ? { ...message, from: message['sender'] } : raw;
}

/** A Microsoft Graph `message` resource. `internetMessageHeaders` is only present when selected explicitly. */
export const graphMessageSchema = z.lazy(() =>
  z.preprocess(
    senderAsFallbackForFrom,
    z.object({
      id: z.string().nullish(),
      conversationId: z.string().nullish(),
      internetMessageId: messageIdSchema,
      subject: z.string().nullish(),
      from: mailboxSchema,
      toRecipients: z.array(recipientSchema).nullish(),
      ccRecipients: z.array(recipientSchema).nullish(),
      replyTo: z.array(recipientSchema).nullish(),
      body: z.object({
        contentType: z
          .string()
          .toLowerCase()
          .pipe(z.enum(['html', 'text'])),
        content: z.string(),
      }),
      importance: connectorImportanceSchema,
      attachments: z.array(connectorAttachmentSchema).nullish(),
      receivedDateTime: receivedDateTimeSchema,
      internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
    }),
  ),
);
export type GraphMessage = z.output<typeof graphMessageSchema>;

/** Recipients without a usable address are left out, as for the Outlook connector's lists. */
function recipients(list: GraphRecipient[] | null | undefined): EmailAddress[] {
  return (list ?? [])
    .map((recipient) => emailAddress(recipient.emailAddress.address ?? '', recipient.emailAddress.name))
    .filter((address): address is EmailAddress => address !== undefined)
    .map(withDecodedName);
}

function headerRecord(headers: GraphMessage['internetMessageHeaders']): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { name, value } of headers ?? []) {
    const key = name.trim().toLowerCase();
    const existing = record[key];
    record[key] = existing === undefined ? value.trim() : `${existing}, ${value.trim()}`;
  }
  return record;
}

/**
 * The text comes from `body`, not `uniqueBody`: for a forward, uniqueBody holds only the forwarder's note and would
 * lose the forwarded error report the customer wants us to read. The subject and display names are decoded from RFC
 * 2047 encoded words here, as for the Outlook connector (see inboundEmailFromOutlookV3): Graph returns words that the
 * sender's client wrote against the rules as they came, and everything after this point (case title, token search,
 * automatic-mail rules) must read plain text.
 */
export function inboundEmailFromGraph(message: GraphMessage): InboundEmail {
  const headers = headerRecord(message.internetMessageHeaders);
  const inReplyTo = messageIdsIn(headers['in-reply-to'])[0];
  return {
    messageId: message.internetMessageId,
    ...(message.id && { connectorId: message.id }),
    ...(message.conversationId && { conversationId: message.conversationId }),
    subject: decodeEncodedWords(message.subject ?? ''),
    from: withDecodedName(message.from),
    to: recipients(message.toRecipients),
    cc: recipients(message.ccRecipients),
    replyTo: recipients(message.replyTo),
    textBody: bodyText(message.body.content, message.body.contentType === 'html'),
    receivedAt: message.receivedDateTime,
    importance: message.importance,
    headers,
    ...(inReplyTo && { inReplyTo }),
    references: messageIdsIn(headers['references']),
    attachments: message.attachments ?? [],
  };
}
