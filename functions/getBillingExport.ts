import { app } from '@azure/functions';
import { getBillingExportEndpoint } from '../shared/api/catalogue/billingEndpoints';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';
import { billingCsv, exportBilling } from '../shared/services/billing';

/** GET /api/billing?month=2026-11: what to invoice for a month, per customer, as JSON or CSV. */
export const getBillingExport = endpointHandler(getBillingExportEndpoint, async ({ principal, query }, desk) => {
  const exported = await exportBilling(desk, principal, query.month, query.timeZone);
  return query.format === 'csv' ? { status: 200, text: billingCsv(exported) } : { status: 200, body: exported };
});

app.http(getBillingExportEndpoint.name, { ...httpTrigger(getBillingExportEndpoint), handler: getBillingExport });
