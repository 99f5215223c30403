import { app } from '@azure/functions';
import { listEscalationsEndpoint } from '../shared/api/catalogue/escalationEndpoints';
import { watchEscalationPage } from '../shared/services/microsoftEscalation';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/escalations?status=open: what waits on Microsoft (or on the partner), and for how long, a page at a time. */
export const listEscalations = endpointHandler(listEscalationsEndpoint, async ({ principal, query }, desk) => {
  const asOf = desk.clock.now().toISOString();
  const page = await watchEscalationPage(desk, principal, query);
  return { status: 200, body: { asOf, items: page.items, continuationToken: page.continuationToken ?? null } };
});

app.http(listEscalationsEndpoint.name, { ...httpTrigger(listEscalationsEndpoint), handler: listEscalations });
