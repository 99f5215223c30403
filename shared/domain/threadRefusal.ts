import { z } from 'zod';

/** One case a mail looked like it belonged to, and why the desk did not add it there. */
export const refusedThreadSchema = z.lazy(() =>
  z.object({
    caseId: z.string(),
    caseNumber: z.string(),
    matchedBy: z.enum(['token', 'inReplyTo', 'references', 'conversation']),
    reason: z.string(),
  }),
);

/**
 * A mail whose thread match the sender check refused: it opened a case of its own instead (`openedCaseId`), and the
 * cases it pointed at show nothing of it. Kept for the operator, who may still move it by hand.
 */
export const threadRefusalSchema = z.lazy(() =>
  z.object({
    messageId: z.string(),
    from: z.string(),
    subject: z.string(),
    refused: z.array(refusedThreadSchema),
    openedCaseId: z.string(),
    receivedAt: z.string(),
    recordedAt: z.iso.datetime(),
  }),
);
export type ThreadRefusal = z.infer<typeof threadRefusalSchema>;

/** GET /api/intake/thread-refusals: how many thread matches were refused, and the latest of them. */
export const threadRefusalListSchema = z.lazy(() =>
  z.object({ count: z.number().int(), items: z.array(threadRefusalSchema) }),
);

export const threadRefusalQuerySchema = z.lazy(() =>
  z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
);
