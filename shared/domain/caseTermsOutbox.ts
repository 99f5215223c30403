import { z } from 'zod';
import { caseTermsChangeSchema, type CaseTermsChange } from './caseTermsChange';
import { outboxGraceMs } from './outbox';

/** What a case-terms change covers: the open cases of one customer of the tenant, or every open case of the tenant. */
export type CaseTermsScope =
  { change: 'customerPlan'; tenantId: string; customerTenantId: string } | { change: 'offering'; tenantId: string };

/**
 * The recompute of open cases' terms a saved change owes them until it is on the case-terms queue: stored in the same
 * write as the change (with the customer record, with the offering), so it exists exactly when the change was saved,
 * and taken off once the queue took the change (services/caseTermsOutbox.ts).
 */
export const owedCaseTermsSchema = z.lazy(() =>
  z.object({
    change: caseTermsChangeSchema,
    /** When the change was made (ISO 8601). */
    addedAt: z.iso.datetime(),
  }),
);
export type OwedCaseTerms = z.infer<typeof owedCaseTermsSchema>;

/** The recompute `change`, made at `now`, owes. */
export function owedCaseTerms(change: CaseTermsChange, now: Date): OwedCaseTerms {
  return { change, addedAt: now.toISOString() };
}

/** The scope's key within its tenant: `offering`, or `customer|{customerTenantId}`. */
export function caseTermsScopeKey(scope: CaseTermsScope): string {
  return scope.change === 'offering' ? 'offering' : `customer|${scope.customerTenantId}`;
}

/**
 * When the SLA sweep queues a recompute still owed for a change made at `now` (ISO 8601): the queue normally takes it
 * within milliseconds of the save, so one still owed after the outbox's grace was not queued (a crash, a failed send).
 */
export function caseTermsDueAt(now: Date): string {
  return new Date(now.getTime() + outboxGraceMs).toISOString();
}

/**
 * The owed recompute to queue for a scope: the latest change's, whose actor the corrections name. One suffices for all:
 * the recompute reads the customer and the offering as stored when it is handled. Undefined when none is owed.
 */
export function latestOwed(owed: readonly OwedCaseTerms[]): OwedCaseTerms | undefined {
  return owed.reduce<OwedCaseTerms | undefined>(
    (latest, candidate) => (latest === undefined || candidate.addedAt > latest.addedAt ? candidate : latest),
    undefined,
  );
}
