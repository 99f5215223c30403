import { z } from 'zod';
import { caseStatusSchema } from './lifecycle/caseStatus';

/** Query parameters of GET /api/cases. */
export const caseListQuerySchema = z.strictObject({
  status: caseStatusSchema.optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  continuationToken: z.string().min(1).optional(),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;
