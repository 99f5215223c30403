import type { Actor } from '../domain/case';
import { withCustomerPlan } from '../domain/caseEntitlement';
import { withSlaRecomputed } from '../domain/caseSla';
import { openStatuses } from '../domain/lifecycle/caseStatus';
import type { Desk } from '../composition';
import { changeCase } from './caseUpdates';
import { forEachConcurrently } from './concurrently';
import { fileNextDue, syncSlaDueIndex } from './slaDueFiling';

export type CustomerPlanDesk = Pick<Desk, 'cases' | 'tenants' | 'publisher' | 'clock' | 'slaDue'>;

const pageSize = 100;
const concurrency = 4;

/**
 * After the partner recorded a customer or changed its plan: each open case of the customer (statuses before resolved)
 * gets the entitlement and SLA targets of the plan the customer holds now, the change on its timeline as a correction
 * by `actor` (withCustomerPlan). Resolved and closed cases keep the terms they were worked and invoiced under. The open
 * cases are read from the work-queue rows of the customer, a page at a time. A case that cannot be saved is logged and
 * left as it was; the others still follow.
 */
export async function applyCustomerPlanToOpenCases(
  desk: CustomerPlanDesk,
  tenantId: string,
  customerTenantId: string,
  planId: string | undefined,
  actor: Actor,
): Promise<void> {
  const offering = await desk.tenants.offering(tenantId);
  let continuationToken: string | undefined;
  do {
    const page = await desk.cases.list(tenantId, {
      statuses: openStatuses,
      customerTenantIds: [customerTenantId],
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
            const changed = withCustomerPlan(current.supportCase, offering, planId, {
              at: now.toISOString(),
              by: actor,
            });
            if (!changed) return undefined;
            const next = withSlaRecomputed({ ...changed.next, updatedAt: now.toISOString() }, offering, now);
            return { next, events: changed.events };
          },
          { beforeSave: fileNextDue(desk), publisher: desk.publisher },
        );
        if (stored !== before) await syncSlaDueIndex(desk, before.supportCase, stored.supportCase);
      } catch (error) {
        console.error(
          `case ${id} of ${tenantId} keeps its entitlement after its customer's plan changed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
    continuationToken = page.continuationToken;
  } while (continuationToken !== undefined);
}
