import { stringify } from 'csv-stringify/sync';
import type { Principal } from '../domain/apiKey';
import { billingExport, billingRows, monthRange, type BillingExport } from '../domain/billing';
import type { Clock } from '../ports/clock';
import type { CaseStore } from '../ports/caseStore';

export interface BillingDesk {
  cases: CaseStore;
  clock: Clock;
}

/** The billable-support export of `month` (YYYY-MM) for the caller's tenant; see billingExport. */
export async function exportBilling(desk: BillingDesk, principal: Principal, month: string): Promise<BillingExport> {
  const { from, to } = monthRange(month);
  const cases = await desk.cases.openedBetween(principal.tenantId, from, to);
  return billingExport(
    month,
    cases.map((stored) => stored.supportCase),
    desk.clock.now(),
  );
}

/** The export as CSV (RFC 4180, with a header row), one row per case, for a spreadsheet or an invoicing tool. */
export function billingCsv(exported: BillingExport): string {
  return stringify(billingRows(exported));
}
