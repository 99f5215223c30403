import type { Actor, NewTimelineEvent, SupportCase } from '../domain/case';
import { withCustomerPlan, withOfferingChanged, type EntitlementCorrection } from '../domain/caseEntitlement';
import { withSlaRecomputed } from '../domain/caseSla';
import { openStatuses } from '../domain/lifecycle/caseStatus';
import type { SupportOffering } from '../domain/offering';
import type { Desk } from '../composition';
import { changeCase } from './caseUpdates';
import { forEachConcurrently } from './concurrently';
import { fileNextDue, syncSlaDueIndex } from './slaDueFiling';

export type OpenCaseTermsDesk = Pick<Desk, 'cases' | 'tenants' | 'publisher' | 'clock' | 'slaDue'>;

const pageSize = 100;
const concurrency = 4;

/** A case's new terms after a change of what they depend on; undefined when they stay as they are. */
type TermsChange = (
  supportCase: SupportCase,
  change: Pick<EntitlementCorrection, 'at' | 'by'>,
) => { next: SupportCase; events: NewTimelineEvent[] } | undefined;

/**
 * Gives each open case (statuses before resolved) of the tenant, or of its customers `customerTenantIds`, the
 * entitlement `recompute` gives it under `offering`, and the SLA targets that follow, as a correction by `actor`.
 * Resolved and closed cases keep the terms they were worked and invoiced under. The open cases are read a page at a
 * time; a case that cannot be saved is logged and left as it was, and the others still follow.
 */
async function recomputeOpenCases(
  desk: OpenCaseTermsDesk,
  tenantId: string,
  customerTenantIds: string[] | undefined,
  offering: SupportOffering,
  recompute: TermsChange,
  actor: Actor,
): Promise<void> {
  let continuationToken: string | undefined;
  do {
    const page = await desk.cases.list(tenantId, {
      statuses: openStatuses,
      ...(customerTenantIds ? { customerTenantIds } : {}),
      // By opening, which the change does not move (it moves due times), so paging neither skips nor repeats a case.
      sort: 'created',
      pageSize,
      continuationToken,
    });
    await forEachConcurrently(page.cases, concurrency, async ({ id }) => {
      try {
        const { before, stored } = await changeCase(
          desk.cases,
          tenantId,
          id,
          (current) => {
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
          `case ${id} of ${tenantId} keeps its entitlement after a change of its terms: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
    continuationToken = page.continuationToken;
  } while (continuationToken !== undefined);
}

/**
 * After the partner recorded a customer or changed its plan (PUT /api/customers/{id}): each open case of the customer
 * gets the entitlement and SLA targets of the plan the customer holds now (withCustomerPlan).
 */
export async function applyCustomerPlanToOpenCases(
  desk: OpenCaseTermsDesk,
  tenantId: string,
  customerTenantId: string,
  planId: string | undefined,
  actor: Actor,
): Promise<void> {
  const offering = await desk.tenants.offering(tenantId);
  await recomputeOpenCases(
    desk,
    tenantId,
    [customerTenantId],
    offering,
    (supportCase, change) => withCustomerPlan(supportCase, offering, planId, change),
    actor,
  );
}

/**
 * After the partner saved a new support offering (PUT /api/offering): each open case of the tenant whose terms the new
 * offering changes (a plan's coverage or prices, out-of-plan prices) gets them, with the SLA targets that follow
 * (withOfferingChanged). A case whose terms stay is not written.
 */
export async function applyOfferingToOpenCases(
  desk: OpenCaseTermsDesk,
  tenantId: string,
  offering: SupportOffering,
  actor: Actor,
): Promise<void> {
  await recomputeOpenCases(
    desk,
    tenantId,
    undefined,
    offering,
    (supportCase, change) => withOfferingChanged(supportCase, offering, change),
    actor,
  );
}
