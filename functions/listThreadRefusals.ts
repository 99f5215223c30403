import { app } from '@azure/functions';
import { listThreadRefusalsEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/intake/thread-refusals: mail that pointed at a case its sender is not on, and the case it opened instead. */
export const listThreadRefusals = endpointHandler(listThreadRefusalsEndpoint, async ({ principal, query }, desk) => ({
  status: 200,
  body: await desk.intakeLog.listThreadRefusals(principal.tenantId, query.limit),
}));

app.http(listThreadRefusalsEndpoint.name, { ...httpTrigger(listThreadRefusalsEndpoint), handler: listThreadRefusals });
