import type * as Luxon from 'luxon';
import { z } from 'zod';
import { casePriceSchema, entitlementChangeSchema, type EntitlementChange, type SupportCase } from './case';
import { categorySchema, productSchema, severitySchema } from './caseFields';
import { caseStatusSchema } from './lifecycle/caseStatus';
import { entitlementRuleSchema } from './offering/entitlement';
import { loadLuxon } from './serviceHours/luxon';
import { built } from './builtSchema';

/** A calendar month as YYYY-MM; its cases are those opened in it, in UTC unless a time zone is given (monthRange). */
export const billingMonthSchema = z.lazy(() =>
  z
    .string()
    .max(7)
    .regex(/^2\d{3}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM from 2000 on, e.g. 2026-11')
    .describe('The month whose opened cases are listed, as YYYY-MM (UTC)')
    .meta({ examples: ['2026-11'] }),
);

/**
 * The first instant of the 1st of `month` (1-12) of `year` in `zone`: its midnight; the earlier one where midnight is
 * repeated (a clock set back from 01:00 to 00:00); the moment the clock jumps where midnight is skipped (a clock set
 * forward at 00:00). luxon's DateTime.fromObject reads a repeated midnight by the offset in force when it runs, and
 * DateTime.plus keeps a skipped midnight's later clock time, so bounds built from them could leave an hour between one
 * month and the next, or count it in both.
 */
function firstInstantOfMonth(year: number, month: number, zone: Luxon.IANAZone): number {
  const wallMidnight = Date.UTC(year, month - 1, 1);
  // The midnight read at the offset in force a day before or a day after it: a change of offset lies in between.
  const offsets = [zone.offset(wallMidnight - 86_400_000), zone.offset(wallMidnight + 86_400_000)];
  const earlier = wallMidnight - Math.max(...offsets) * 60_000;
  const later = wallMidnight - Math.min(...offsets) * 60_000;
  return earlier + zone.offset(earlier) * 60_000 >= wallMidnight ? earlier : later;
}

/**
 * The instants a month starts and ends (exclusive): the first instant of its first day and of the next month's, in
 * `timeZone` (an IANA name, already validated; UTC when absent), so a partner invoicing in Berlin time bills a case
 * opened at 00:30 on 1 December in December. A month ends where the next starts, whatever the clock does at midnight.
 */
export function monthRange(month: string, timeZone = 'UTC'): { from: Date; to: Date } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const zone = loadLuxon().IANAZone.create(timeZone);
  return {
    from: new Date(firstInstantOfMonth(year, monthNumber, zone)),
    to: new Date(firstInstantOfMonth(monthNumber === 12 ? year + 1 : year, (monthNumber % 12) + 1, zone)),
  };
}

/** One case on a customer's invoice: what it was, the plan rule that made it billable, and the corrections that moved it. */
export const billingLineSchema = z.lazy(() =>
  z.object({
    caseId: z.string(),
    caseNumber: z.string(),
    title: z.string(),
    product: productSchema,
    category: categorySchema.optional(),
    severity: severitySchema.optional(),
    status: caseStatusSchema,
    openedAt: z.iso.datetime(),
    billable: z.boolean(),
    planId: z.string().optional(),
    rule: entitlementRuleSchema.optional(),
    reason: z.string(),
    price: casePriceSchema.optional(),
    /** Every correction that changed the case's billing terms, oldest first, with who, when, why and what. */
    corrections: z.array(entitlementChangeSchema),
  }),
);
export type BillingLine = z.infer<typeof billingLineSchema>;

const billedCustomerSchema = z.lazy(() => z.object({ tenantId: z.string().optional(), name: z.string() }));

export const billingCustomerSchema = z.lazy(() =>
  z.object({
    customer: billedCustomerSchema,
    lines: z.array(billingLineSchema),
    /** Per currency: the per-incident amounts summed, and how many cases are billed by the hour (hours are not tracked). */
    totals: z.array(
      z.object({
        currency: z.string(),
        perIncidentAmount: z.number(),
        perIncidentCases: z.number(),
        hourlyCases: z.number(),
      }),
    ),
  }),
);

export const billingExportSchema = z.lazy(() =>
  z.object({
    month: z.string(),
    /** The time zone the month's bounds are midnights in (the `timeZone` asked for, else UTC). */
    timeZone: z.string(),
    /** The month's bounds: cases opened at or after `from` and before `to`. */
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    generatedAt: z.iso.datetime(),
    customers: z.array(billingCustomerSchema),
    /** Cases of the month a correction made not billable: off the invoice, listed with the correction that moved them. */
    removedByCorrection: z.array(built(billingLineSchema).extend({ customer: billedCustomerSchema })),
    /**
     * Cases of the month whose stored rows this version cannot read (written by a newer version during a rollout, or
     * edited by hand): whether they are billable is unknown, so the export is incomplete until they are repaired.
     */
    unreadableCaseIds: z.array(z.string()),
  }),
);
export type BillingExport = z.infer<typeof billingExportSchema>;

function lineOf(supportCase: SupportCase): BillingLine | undefined {
  const entitlement = supportCase.entitlement;
  if (!entitlement) return undefined;
  return {
    caseId: supportCase.id,
    caseNumber: supportCase.caseNumber,
    title: supportCase.title,
    product: supportCase.product,
    category: supportCase.category,
    severity: supportCase.severity,
    status: supportCase.status,
    openedAt: supportCase.createdAt,
    billable: entitlement.billable,
    planId: entitlement.planId,
    rule: entitlement.rule,
    reason: entitlement.reason,
    price: entitlement.price,
    corrections: entitlement.changes,
  };
}

const wasBillable = (changes: readonly EntitlementChange[]): boolean =>
  changes.some((change) => change.before.billable);

function totalsOf(lines: readonly BillingLine[]): BillingExport['customers'][number]['totals'] {
  const byCurrency = new Map<string, { perIncidentAmount: number; perIncidentCases: number; hourlyCases: number }>();
  for (const { price } of lines) {
    if (!price) continue;
    const total = byCurrency.get(price.currency) ?? { perIncidentAmount: 0, perIncidentCases: 0, hourlyCases: 0 };
    if (price.per === 'incident') {
      total.perIncidentAmount = Math.round((total.perIncidentAmount + price.amount) * 100) / 100;
      total.perIncidentCases += 1;
    } else total.hourlyCases += 1;
    byCurrency.set(price.currency, total);
  }
  return [...byCurrency].sort(([a], [b]) => a.localeCompare(b)).map(([currency, total]) => ({ currency, ...total }));
}

/**
 * The billable-support export of a month: per customer, the cases opened in the month that are billable now, with the
 * plan, the rule that decided, the price and every correction of their terms; and the cases a correction took off.
 * Entitlements are recomputed on every correction, so a case re-classified after the fact is where its correction
 * put it. `cases` are the month's cases, in any order; `unreadableCaseIds` those of the month the store could not read.
 */
export function billingExport(
  month: string,
  cases: readonly SupportCase[],
  now: Date,
  unreadableCaseIds: readonly string[] = [],
  timeZone = 'UTC',
): BillingExport {
  const { from, to } = monthRange(month, timeZone);
  const byCustomer = new Map<string, { customer: SupportCase['customer']; lines: BillingLine[] }>();
  const removedByCorrection: BillingExport['removedByCorrection'] = [];
  const ordered = [...cases].sort((a, b) => a.caseNumber.localeCompare(b.caseNumber));
  for (const supportCase of ordered) {
    const line = lineOf(supportCase);
    if (!line) continue;
    if (!line.billable) {
      if (wasBillable(line.corrections)) removedByCorrection.push({ ...line, customer: supportCase.customer });
      continue;
    }
    const key = supportCase.customer.tenantId ?? `name:${supportCase.customer.name}`;
    const entry = byCustomer.get(key) ?? { customer: supportCase.customer, lines: [] };
    entry.lines.push(line);
    byCustomer.set(key, entry);
  }
  const customers = [...byCustomer.values()]
    .sort((a, b) => a.customer.name.localeCompare(b.customer.name))
    .map(({ customer, lines }) => ({ customer, lines, totals: totalsOf(lines) }));
  return {
    month,
    timeZone,
    from: from.toISOString(),
    to: to.toISOString(),
    generatedAt: now.toISOString(),
    customers,
    removedByCorrection,
    unreadableCaseIds: [...unreadableCaseIds],
  };
}

/**
 * One CSV row per line: the customer, the case, its terms, and its corrections in words; last, a row per unreadable case
 * with `billable` "unknown" and the case id in `title`.
 */
export function billingRows(exported: BillingExport): string[][] {
  const header = [
    'month',
    'customerTenantId',
    'customerName',
    'caseNumber',
    'title',
    'product',
    'category',
    'severity',
    'status',
    'openedAt',
    'billable',
    'plan',
    'rule',
    'amount',
    'currency',
    'per',
    'corrections',
  ];
  const row = (customer: { tenantId?: string; name: string }, line: BillingLine): string[] => [
    exported.month,
    customer.tenantId ?? '',
    customer.name,
    line.caseNumber,
    line.title,
    line.product,
    line.category ?? '',
    line.severity ?? '',
    line.status,
    line.openedAt,
    String(line.billable),
    line.planId ?? '',
    line.rule ?? '',
    line.price ? String(line.price.amount) : '',
    line.price?.currency ?? '',
    line.price?.per ?? '',
    line.corrections.map(correctionText).join('; '),
  ];
  return [
    header,
    ...exported.customers.flatMap(({ customer, lines }) => lines.map((line) => row(customer, line))),
    ...exported.removedByCorrection.map((line) => row(line.customer, line)),
    // Loud, not left out: an invoice built from this file must not pass over a case nobody could read.
    ...exported.unreadableCaseIds.map((caseId) => {
      const cells = header.map(() => '');
      cells[0] = exported.month;
      cells[header.indexOf('title')] = `unreadable case row ${caseId}: repair it and export again`;
      cells[header.indexOf('billable')] = 'unknown';
      return cells;
    }),
  ];
}

function correctionText(change: EntitlementChange): string {
  const who = change.by.actedBy ?? change.by.name ?? change.by.id ?? change.by.kind;
  // An offering change names no field of the case: the reason says what changed.
  const what = change.fields
    .map(({ field, from, to }) => `${field} ${from ?? '(none)'} -> ${to ?? '(none)'}`)
    .join(', ');
  const terms = (billable: boolean): string => (billable ? 'billable' : 'not billable');
  return `${change.at} ${who}: ${what ? `${what} ` : ''}(${terms(change.before.billable)} -> ${terms(change.after.billable)}): ${change.reason}`;
}
