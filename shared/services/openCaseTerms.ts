import type { NewTimelineEvent, SupportCase } from '../domain/case';
import { withCustomerAdopted } from '../domain/caseAdoption';
import { withCustomerPlan, withOfferingChanged, type EntitlementCorrection } from '../domain/caseEntitlement';
import type { CaseTermsChange } from '../domain/caseTermsChange';
import type { CaseTermsScope } from '../domain/caseTermsOutbox';
import { withSlaRecomputed } from '../domain/caseSla';
import { isOpenStatus, openStatuses } from '../domain/lifecycle/caseStatus';
import type { Customer } from '../domain/customer';
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

/**
 * Open cases (statuses before resolved) by opening, which no change here moves: a page starts after the last case of
 * the one before, so paging neither skips nor repeats a case, even as adopted cases leave the list of those without a
 * customer.
 */
const openCases = { statuses: openStatuses, sort: 'created' } as const;

type OpenCaseQuery = Pick<CaseQuery, 'statuses' | 'customerTenantIds' | 'withoutCustomer' | 'sort'>;

/** The open cases whose terms a change recomputes: the customer's for a customer change, else the tenant's. */
function openCasesOf(scope: CaseTermsScope): OpenCaseQuery {
  return scope.change === 'customerPlan' ? { ...openCases, customerTenantIds: [scope.customerTenantId] } : openCases;
}

/**
 * The open cases a customer change may adopt: those of no known customer. Their index rows carry the customer column
 * (empty for none), so this is a filter on the range of every open case, as the customer's own cases are: no scan
 * beyond the tenant's open cases, and only the rows of cases without a customer leave storage.
 */
const openCasesWithoutCustomer: OpenCaseQuery = { ...openCases, withoutCustomer: true };

/** Every query of open cases a change concerns (openCasesOf, and for a customer change those it may adopt). */
const openCaseQueriesOf = (scope: CaseTermsScope): OpenCaseQuery[] =>
  scope.change === 'customerPlan' ? [openCasesOf(scope), openCasesWithoutCustomer] : [openCasesOf(scope)];

/**
 * What a change does to one listed case: its new terms as a pure change of the case as it stands (TermsChange), or
 * undefined to leave it; may read storage first (whose customer the case's sender is).
 */
type TermsFor = (listed: SupportCase) => Promise<TermsChange | undefined>;

/**
 * Gives each open case of `query` the terms `termsFor` decides under `offering`, and the SLA targets that follow, as a
 * correction by the change's actor. Resolved and closed cases keep the terms they were worked and invoiced under. The
 * open cases are read a page at a time. A case that cannot be saved does not stop the others; answers the ids of every
 * such case once all were tried.
 */
async function recomputeOpenCases(
  desk: OpenCaseTermsDesk,
  change: CaseTermsChange,
  offering: SupportOffering,
  query: OpenCaseQuery,
  termsFor: TermsFor,
): Promise<string[]> {
  const { tenantId, actor } = change;
  const failed: string[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await desk.cases.list(tenantId, { ...query, pageSize, continuationToken });
    await forEachConcurrently(page.cases, concurrency, async (listed) => {
      const { id } = listed;
      try {
        const recompute = await termsFor(listed);
        if (!recompute) return;
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
  return failed;
}

/**
 * Adopts a listed case of no known customer for `customer` when intake would now give its contact's mail to that
 * customer: the same rule (CustomerDirectory.findBySender, the address a customer lists before the domain another one
 * lists), read from storage once per address a handling meets. A case whose sender intake gives to another customer,
 * or to none, is left as it is.
 */
function adoptionBy(
  desk: OpenCaseTermsDesk,
  tenantId: string,
  customer: Customer,
  offering: SupportOffering,
): TermsFor {
  const owners = new Map<string, Promise<Customer | undefined>>();
  return async (listed) => {
    const sender = listed.contact.email.toLowerCase();
    let owner = owners.get(sender);
    if (owner === undefined) {
      owner = desk.customers.findBySender(tenantId, sender);
      owners.set(sender, owner);
    }
    if ((await owner)?.customerTenantId !== customer.customerTenantId) return undefined;
    return (supportCase, correction) => withCustomerAdopted(supportCase, { customer, sender }, offering, correction);
  };
}

/**
 * Gives the open cases a change concerns the terms that follow from it:
 * - `customerPlan` (the customer was saved): each open case of the customer gets the entitlement and SLA targets of
 *   the plan the stored customer holds when the change is handled (withCustomerPlan); then each open case of no known
 *   customer whose contact's mail intake would now give to this customer (adoptionBy) becomes its case, with those
 *   terms (withCustomerAdopted); nothing while no customer is stored;
 * - `offering`: each open case of the tenant whose terms the offering as stored now changes (a plan's coverage or
 *   prices, out-of-plan prices) gets them (withOfferingChanged); a case whose terms stay is not written.
 * The message names neither plan nor senders: both are read from the stored customer, so a message an earlier version
 * wrote adopts as well, and this version's messages are the shape an earlier version reads (which recomputes the
 * plan only). Handling a change again changes nothing the first handling did. Errors: OpenCaseTermsError, once every
 * case was tried.
 */
export async function applyCaseTermsChange(desk: OpenCaseTermsDesk, change: CaseTermsChange): Promise<void> {
  // Read from storage, not this instance's copies (up to 30 s old), and the plan the customer holds now: a change
  // handled late (redelivered after a later one) then still gives the latest terms.
  const offering = (await desk.tenants.versionedOffering(change.tenantId)).value;
  let failed: string[];
  if (change.change === 'offering') {
    failed = await recomputeOpenCases(
      desk,
      change,
      offering,
      openCasesOf(change),
      async () => (supportCase, correction) => withOfferingChanged(supportCase, offering, correction),
    );
  } else {
    const customer = (await desk.customers.versioned(change.tenantId, change.customerTenantId))?.value;
    if (!customer) return;
    const planOfCustomer: TermsChange = (supportCase, correction) =>
      withCustomerPlan(supportCase, offering, customer.supportPlanId, correction);
    failed = await recomputeOpenCases(desk, change, offering, openCasesOf(change), async () => planOfCustomer);
    // A customer that names no sender is given no case by intake, so it adopts none either.
    if (customer.domains.length > 0 || customer.addresses.length > 0) {
      const adoption = adoptionBy(desk, change.tenantId, customer, offering);
      failed.push(...(await recomputeOpenCases(desk, change, offering, openCasesWithoutCustomer, adoption)));
    }
  }
  if (failed.length > 0) throw new OpenCaseTermsError(failed);
}

/** The change without its id, as the endpoint that made it knows it. */
export type CaseTermsChangeRequest =
  | Omit<Extract<CaseTermsChange, { change: 'customerPlan' }>, 'changeId'>
  | Omit<Extract<CaseTermsChange, { change: 'offering' }>, 'changeId'>;

/**
 * Puts a change on the `case-terms` queue, handled by the recomputeCaseTerms function, when any open case may follow
 * it (for a customer change: one of the customer's, or one of no known customer it may adopt): the write that made it
 * answers at once, however many open cases follow, and a case that cannot be saved is retried with the message. Without
 * such an open case there is nothing to recompute: a case enriched later reads the customer and the offering as they
 * are then. The change's id is the message's. Errors: those of the case store and
 * the publisher (services/caseTermsOutbox.ts keeps the change owed until this succeeds).
 */
export async function publishCaseTermsChange(
  desk: Pick<Desk, 'publisher' | 'cases'>,
  change: CaseTermsChange,
): Promise<void> {
  const found = await Promise.all(
    openCaseQueriesOf(change).map(async (query) => {
      const open = await desk.cases.list(change.tenantId, { ...query, pageSize: 1 });
      return open.cases.length > 0 || open.continuationToken !== undefined;
    }),
  );
  if (!found.includes(true)) return;
  await desk.publisher.publish(queueNames.caseTerms, {
    body: change,
    messageId: change.changeId,
    subject: change.change,
    contentType: 'application/json',
  });
}
