import { z } from 'zod';
import { queueNames } from '../resourceNames';
import { outboxMessage, type OutboxMessage } from './outbox';
import { tableKeySchema } from './tableKeys';

/** Asks the next pipeline stage (triage, then enrichment) to take a case further; both ids key the case's rows. */
export const caseStageMessageSchema = z.strictObject({
  tenantId: tableKeySchema,
  caseId: tableKeySchema,
});
export type CaseStageMessage = z.infer<typeof caseStageMessageSchema>;

/** Ids make a second copy of a stage message a duplicate that Service Bus (and the local transport) drops. */
export const triageMessageId = (caseId: string): string => `triage-${caseId}`;
export const enrichmentMessageId = (caseId: string): string => `enrich-${caseId}`;

const stageMessage = (queue: string, messageId: string, tenantId: string, caseId: string, now: Date): OutboxMessage => {
  const body: CaseStageMessage = { tenantId, caseId };
  return outboxMessage(queue, { body, messageId, contentType: 'application/json', correlationId: caseId }, now);
};

/**
 * The request for triage of a new case. A retry by the watchdog (`attempt` 1, 2, ...) gets an id of its own, as the queue
 * would drop the first id again while it is within its duplicate-detection window.
 */
export function triageRequestMessage(tenantId: string, caseId: string, now: Date, attempt = 0): OutboxMessage {
  const id = triageMessageId(caseId);
  return stageMessage(queueNames.caseTriage, attempt === 0 ? id : `${id}-retry${attempt}`, tenantId, caseId, now);
}

/** The request for enrichment of a triaged case; `attempt` as for triageRequestMessage. */
export function enrichmentRequestMessage(tenantId: string, caseId: string, now: Date, attempt = 0): OutboxMessage {
  const id = enrichmentMessageId(caseId);
  return stageMessage(queueNames.caseEnrichment, attempt === 0 ? id : `${id}-retry${attempt}`, tenantId, caseId, now);
}
