import { z } from 'zod';
import { caseFlagSchema } from './case';
import { caseStatusSchema } from './lifecycle/caseStatus';

/** Query parameters of GET /api/cases. */
export const caseListQuerySchema = z.strictObject({
  status: caseStatusSchema.optional(),
  /** Cases carrying a flag, e.g. `stuck`: what the watchdog could not bring to `enriched`. */
  flag: caseFlagSchema.optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  /** What the previous page returned; signed for this tenant and these filters, a few hundred characters. */
  continuationToken: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .describe('The continuationToken of the previous page, sent with the same filters; any other token is a 400'),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;
