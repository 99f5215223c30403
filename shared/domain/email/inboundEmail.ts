import { z } from 'zod';
import { emailAddressSchema } from './addresses';

export const importanceSchema = z.enum(['low', 'normal', 'high']);
export type Importance = z.infer<typeof importanceSchema>;

export const inboundAttachmentSchema = z.lazy(() =>
  z.object({
    name: z.string(),
    contentType: z.string().optional(),
    size: z.number().optional(),
  }),
);
export type InboundAttachment = z.infer<typeof inboundAttachmentSchema>;

/** One received email, the same whichever connector delivered it. Content bytes of attachments are never kept. */
export const inboundEmailSchema = z.lazy(() =>
  z.object({
    /** The Internet Message-ID in header form, "<local@host>". */
    messageId: z.string(),
    /** The connector's own id of the message (Exchange item id), for fetching attachments later. */
    connectorId: z.string().optional(),
    conversationId: z.string().optional(),
    /** The mailbox the connector read the mail from, when the payload names it (Graph's @odata.context). */
    sourceMailbox: z.string().optional(),
    subject: z.string(),
    from: emailAddressSchema,
    to: z.array(emailAddressSchema),
    cc: z.array(emailAddressSchema),
    replyTo: z.array(emailAddressSchema),
    textBody: z.string(),
    receivedAt: z.iso.datetime(),
    importance: importanceSchema,
    /** Header names lower-cased; repeated headers joined with ", ". Empty when the connector gives no headers. */
    headers: z.record(z.string(), z.string()),
    inReplyTo: z.string().optional(),
    references: z.array(z.string()),
    attachments: z.array(inboundAttachmentSchema),
  }),
);
export type InboundEmail = z.infer<typeof inboundEmailSchema>;
