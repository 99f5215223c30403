import { app } from '@azure/functions';
import { listIgnoredMailEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/intake/ignored: mail the loop and noise guard kept out (auto-replies, bounces, lists), newest first. */
export const listIgnoredMail = endpointHandler(listIgnoredMailEndpoint, async ({ principal, query }, desk) => ({
  status: 200,
  body: await desk.intakeLog.listIgnored(principal.tenantId, query.limit),
}));

app.http(listIgnoredMailEndpoint.name, { ...httpTrigger(listIgnoredMailEndpoint), handler: listIgnoredMail });
