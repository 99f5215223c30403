import { z } from 'zod';

/**
 * Where a case stands. The pipeline takes a new case through triage and enrichment; agents work it from there.
 * `pending_customer` waits on the customer; `resolved` is fixed but may still be reopened; `closed` is final
 * unless reopened within the tenant's reopen window.
 */
export const caseStatusSchema = z.enum([
  'new',
  'triaged',
  'enriched',
  'in_progress',
  'pending_customer',
  'resolved',
  'closed',
]);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/**
 * Who moves a case: the pipeline (`system`), the partner's support staff (`agent`), or the customer through the
 * portal or a reply by email (`customer`). A reply processed by email intake is recorded as the customer's move.
 */
export const caseActorSchema = z.enum(['system', 'agent', 'customer']);
export type CaseActor = z.infer<typeof caseActorSchema>;

/** A reopen brings a resolved or closed case back into work. */
export function isReopen(from: CaseStatus, to: CaseStatus): boolean {
  return (from === 'resolved' || from === 'closed') && to === 'in_progress';
}

/** Statuses in which a case is still being worked: every status before `resolved`. */
export const openStatuses: readonly CaseStatus[] = ['new', 'triaged', 'enriched', 'in_progress', 'pending_customer'];

/** Whether a case is still being worked (status before `resolved`): the cases the work queues show. */
export const isOpenStatus = (status: CaseStatus): boolean => openStatuses.includes(status);
