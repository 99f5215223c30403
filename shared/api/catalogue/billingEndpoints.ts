import { z } from 'zod';
import { billingExportSchema, billingMonthSchema } from '../../domain/billing';
import { timeZoneSchema } from '../../domain/serviceHours/calendar';
import { defineEndpoint, named, type Endpoint } from '../endpoint';

export const billingQuerySchema = z.lazy(() =>
  z.strictObject({
    month: billingMonthSchema,
    timeZone: timeZoneSchema
      .optional()
      .describe('The IANA time zone whose midnights bound the month, e.g. Europe/Berlin; UTC when absent'),
    format: z.enum(['json', 'csv']).default('json').describe('json (default) or csv, one row per case'),
  }),
);

export const getBillingExportEndpoint = defineEndpoint({
  name: 'getBillingExport',
  method: 'GET',
  route: 'billing',
  tag: 'Tenant administration',
  summary: 'Billable support of a month, per customer, to invoice from',
  description:
    'The cases opened in the month (UTC, or `timeZone`) that are billable now, per customer: plan, the plan rule that decided, price ' +
    'and currency, per-currency totals, and every correction that changed a case’s billing terms (who, when, why, what). ' +
    'Entitlements are recomputed on every correction, so a re-classified case is where its correction put it; cases a ' +
    'correction made not billable are listed apart (`removedByCorrection`). Reads the month’s cases, one key range.',
  access: 'billing:read',
  query: billingQuerySchema,
  responses: {
    200: {
      description: 'The export',
      body: named('BillingExport', billingExportSchema),
      text: { contentType: 'text/csv; charset=utf-8', description: 'format=csv: a header row, then one row per case' },
    },
  },
});

export const billingEndpoints: readonly Endpoint[] = [getBillingExportEndpoint];
