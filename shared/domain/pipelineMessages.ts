import { z } from 'zod';

/** Asks the next pipeline stage (triage, then enrichment) to take a case further. */
export const caseStageMessageSchema = z.strictObject({
  tenantId: z.string().min(1),
  caseId: z.string().min(1),
});
export type CaseStageMessage = z.infer<typeof caseStageMessageSchema>;

/** Ids make a second copy of a stage message a duplicate that Service Bus (and the local transport) drops. */
export const triageMessageId = (caseId: string): string => `triage-${caseId}`;
export const enrichmentMessageId = (caseId: string): string => `enrich-${caseId}`;
