import { app } from '@azure/functions';
import { listEscalationsEndpoint } from '../shared/api/catalogue/escalationEndpoints';
import { watchEscalations } from '../shared/services/microsoftEscalation';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/escalations?status=open: what waits on Microsoft (or on the partner), and for how long. */
export const listEscalations = endpointHandler(listEscalationsEndpoint, async ({ principal, query }, desk) => {
  const asOf = desk.clock.now().toISOString();
  const items = await watchEscalations(desk, principal, query.status);
  return { status: 200, body: { asOf, items } };
});

app.http(listEscalationsEndpoint.name, { ...httpTrigger(listEscalationsEndpoint), handler: listEscalations });
