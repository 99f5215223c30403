import { z } from 'zod';

/** Mail the loop and noise guard kept out: no case, no acknowledgement, but visible to the operator. */
export const ignoredMailSchema = z.lazy(() =>
  z.object({
    messageId: z.string(),
    from: z.string(),
    subject: z.string(),
    /** The guard rule that fired, e.g. auto-submitted, delivery-report, own-support-address. */
    rule: z.string(),
    reason: z.string(),
    receivedAt: z.string(),
    recordedAt: z.iso.datetime(),
  }),
);
export type IgnoredMail = z.infer<typeof ignoredMailSchema>;

/** GET /api/intake/ignored: how many mails were kept out, and the latest of them. */
export const ignoredMailListSchema = z.lazy(() =>
  z.object({ count: z.number().int(), items: z.array(ignoredMailSchema) }),
);

export const ignoredMailQuerySchema = z.lazy(() =>
  z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
);
