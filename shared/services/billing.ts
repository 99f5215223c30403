import type * as CsvStringify from 'csv-stringify/sync';
import type { Principal } from '../domain/apiKey';
import { billingExport, billingRows, monthRange, type BillingExport } from '../domain/billing';
import type { Clock } from '../ports/clock';
import type { CaseStore } from '../ports/caseStore';

export interface BillingDesk {
  cases: CaseStore;
  clock: Clock;
}

/**
 * The billable-support export of `month` (YYYY-MM) for the caller's tenant, the month's bounds midnights in
 * `timeZone` (IANA; UTC when absent); see billingExport.
 */
export async function exportBilling(
  desk: BillingDesk,
  principal: Principal,
  month: string,
  timeZone = 'UTC',
): Promise<BillingExport> {
  const { from, to } = monthRange(month, timeZone);
  const { cases, unreadableCaseIds } = await desk.cases.openedBetween(principal.tenantId, from, to);
  return billingExport(
    month,
    cases.map((stored) => stored.supportCase),
    desk.clock.now(),
    unreadableCaseIds,
    timeZone,
  );
}

/**
 * A cell a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return) gets a leading
 * apostrophe, so a customer's case title such as `=HYPERLINK(...)` stays text. Source: OWASP, CSV Injection.
 */
function inertCell(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The export as CSV (RFC 4180, with a header row), one row per case, for a spreadsheet or an invoicing tool. */
export function billingCsv(exported: BillingExport): string {
  // Required on the first export, not at load: in the package it is a bundle of its own (LAZY_PACKAGES).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { stringify } = require('csv-stringify/sync') as typeof CsvStringify;
  return stringify(billingRows(exported).map((row) => row.map(inertCell)));
}
