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
 * How long after its filing the SLA sweep keeps a due entry whose change it does not find saved: the save may still be
 * on its way (slow, throttled and retried storage). A save runs inside its PUT's invocation, which the Functions host
 * ends at host.json's `functionTimeout` (5 minutes; test/unit/caseTerms guards that it stays below this), so a change
 * not saved by then never will be.
 */
export const unsavedChangeKeptMs = 10 * 60_000;

/** Whether the sweep may forget a due entry whose change it did not find saved (see unsavedChangeKeptMs). */
export function unsavedChangeForgotten(entry: { dueAt: string }, now: Date): boolean {
  const filedAt = Date.parse(entry.dueAt) - outboxGraceMs;
  return now.getTime() - filedAt >= unsavedChangeKeptMs;
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
