import { app } from '@azure/functions';
import { getSlaReportEndpoint } from '../shared/api/catalogue/reportEndpoints';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';
import { reportSla } from '../shared/services/slaReporting';

/** GET /api/reports/sla: what a support lead's dashboard charts, computed on the server. */
export const getSlaReport = endpointHandler(getSlaReportEndpoint, async ({ principal, query }, desk) => ({
  status: 200,
  body: await reportSla(desk, principal, query),
}));

app.http(getSlaReportEndpoint.name, { ...httpTrigger(getSlaReportEndpoint), handler: getSlaReport });
