import type { NewTimelineEvent, SupportCase } from '../domain/case';
import { withCustomerPlan, withOfferingChanged, type EntitlementCorrection } from '../domain/caseEntitlement';
import type { CaseTermsChange } from '../domain/caseTermsChange';
import type { CaseTermsScope } from '../domain/caseTermsOutbox';
import { withSlaRecomputed } from '../domain/caseSla';
import { isOpenStatus, openStatuses } from '../domain/lifecycle/caseStatus';
import type { SupportOffering } from '../domain/offering';
import type { Desk } from '../composition';
import type { CaseQuery } from '../ports/caseStore';
import { queueNames } from '../resourceNames';
import { changeCase } from './caseUpdates';
import { forEachConcurrently } from './concurrently';
import { fileNextDue, syncSlaDueIndex } from './slaDueFiling';

export type OpenCaseTermsDesk = Pick<Desk, 'cases' | 'tenants' | 'customers' | 'publisher' | 'clock' | 'slaDue'>;

const pageSize = 100;
const concurrency = 4;

/** A case's new terms after a change of what they depend on; undefined when they stay as they are. */
type TermsChange = (
  supportCase: SupportCase,
  change: Pick<EntitlementCorrection, 'at' | 'by'>,
) => { next: SupportCase; events: NewTimelineEvent[] } | undefined;

/** Some open cases could not be given their new terms; the others were. Handling the change again retries them. */
export class OpenCaseTermsError extends Error {
  override readonly name = 'OpenCaseTermsError';

  constructor(readonly caseIds: string[]) {
    super(`${caseIds.length} open case(s) keep their old terms for now: ${caseIds.slice(0, 10).join(', ')}`);
  }
}

/** The open cases (statuses before resolved) a change concerns: the customer's for a plan change, else the tenant's. */
function openCasesOf(scope: CaseTermsScope): Pick<CaseQuery, 'statuses' | 'customerTenantIds' | 'sort'> {
  return {
    statuses: openStatuses,
    ...(scope.change === 'customerPlan' ? { customerTenantIds: [scope.customerTenantId] } : {}),
    // By opening, which the change does not move (it moves due times), so paging neither skips nor repeats a case.
    sort: 'created',
  };
}

/**
 * Gives each open case the change concerns (openCasesOf) the entitlement `recompute` gives it under `offering`, and
 * the SLA targets that follow, as a correction by the change's actor.
 * Resolved and closed cases keep the terms they were worked and invoiced under. The open cases are read a page at a
 * time. A case that cannot be saved does not stop the others; the error names every such case once all were tried.
 * Errors: OpenCaseTermsError.
 */
async function recomputeOpenCases(
  desk: OpenCaseTermsDesk,
  change: CaseTermsChange,
  offering: SupportOffering,
  recompute: TermsChange,
): Promise<void> {
  const { tenantId, actor } = change;
  const failed: string[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await desk.cases.list(tenantId, { ...openCasesOf(change), pageSize, continuationToken });
    await forEachConcurrently(page.cases, concurrency, async ({ id }) => {
      try {
        const { before, stored } = await changeCase(
          desk.cases,
          tenantId,
          id,
          (current) => {
            // The case as it is now, not as listed: one resolved or closed since keeps its terms.
            if (!isOpenStatus(current.supportCase.status)) return undefined;
            const now = desk.clock.now();
            const changed = recompute(current.supportCase, { at: now.toISOString(), by: actor });
            if (!changed) return undefined;
            const next = withSlaRecomputed({ ...changed.next, updatedAt: now.toISOString() }, offering, now);
            return { next, events: changed.events };
          },
          { beforeSave: fileNextDue(desk), publisher: desk.publisher },
        );
        if (stored !== before) await syncSlaDueIndex(desk, before.supportCase, stored.supportCase);
      } catch (error) {
        console.error(
          `case ${id} of ${tenantId} keeps its terms until the change is handled again: ${error instanceof Error ? error.message : String(error)}`,
        );
        failed.push(id);
      }
    });
    continuationToken = page.continuationToken;
  } while (continuationToken !== undefined);
  if (failed.length > 0) throw new OpenCaseTermsError(failed);
}

/**
 * Gives the open cases a change concerns the terms that follow from it:
 * - `customerPlan`: each open case of the customer gets the entitlement and SLA targets of the plan the stored
 *   customer holds when the change is handled (withCustomerPlan); nothing while no customer is stored;
 * - `offering`: each open case of the tenant whose terms the offering as stored now changes (a plan's coverage or
 *   prices, out-of-plan prices) gets them (withOfferingChanged); a case whose terms stay is not written.
 * Handling a change again changes nothing the first handling did. Errors: OpenCaseTermsError.
 */
export async function applyCaseTermsChange(desk: OpenCaseTermsDesk, change: CaseTermsChange): Promise<void> {
  // Read from storage, not this instance's copies (up to 30 s old), and the plan the customer holds now: a change
  // handled late (redelivered after a later one) then still gives the latest terms.
  const offering = (await desk.tenants.versionedOffering(change.tenantId)).value;
  if (change.change === 'offering') {
    await recomputeOpenCases(desk, change, offering, (supportCase, correction) =>
      withOfferingChanged(supportCase, offering, correction),
    );
    return;
  }
  const customer = (await desk.customers.versioned(change.tenantId, change.customerTenantId))?.value;
  if (!customer) return;
  await recomputeOpenCases(desk, change, offering, (supportCase, correction) =>
    withCustomerPlan(supportCase, offering, customer.supportPlanId, correction),
  );
}

/** The change without its id, as the endpoint that made it knows it. */
export type CaseTermsChangeRequest =
  | Omit<Extract<CaseTermsChange, { change: 'customerPlan' }>, 'changeId'>
  | Omit<Extract<CaseTermsChange, { change: 'offering' }>, 'changeId'>;

/**
 * Puts a change on the `case-terms` queue, handled by the recomputeCaseTerms function, when any open case may follow
 * it: the write that made it answers at once, however many open cases follow, and a case that cannot be saved is
 * retried with the message. Without an open case there is nothing to recompute: a case enriched later reads the
 * customer and the offering as they are then. The change's id is the message's. Errors: those of the case store and
 * the publisher (services/caseTermsOutbox.ts keeps the change owed until this succeeds).
 */
export async function publishCaseTermsChange(
  desk: Pick<Desk, 'publisher' | 'cases'>,
  change: CaseTermsChange,
): Promise<void> {
  const open = await desk.cases.list(change.tenantId, { ...openCasesOf(change), pageSize: 1 });
  if (open.cases.length === 0 && open.continuationToken === undefined) return;
  await desk.publisher.publish(queueNames.caseTerms, {
    body: change,
    messageId: change.changeId,
    subject: change.change,
    contentType: 'application/json',
  });
}
