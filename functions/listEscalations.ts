import { app } from '@azure/functions';
import { listEscalationsEndpoint } from '../shared/api/catalogue/escalationEndpoints';
import { watchEscalationPage } from '../shared/services/microsoftEscalation';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/**
 * GET /api/escalations?status=open&overdue=true: what waits on Microsoft (or on the partner), and for how long, a page
 * at a time; `asOf` is the instant the page's `overdue` was decided at.
 */
export const listEscalations = endpointHandler(listEscalationsEndpoint, async ({ principal, query }, desk) => {
  const page = await watchEscalationPage(desk, principal, query);
  return {
    status: 200,
    body: { asOf: page.asOf.toISOString(), items: page.items, continuationToken: page.continuationToken ?? null },
  };
});

app.http(listEscalationsEndpoint.name, { ...httpTrigger(listEscalationsEndpoint), handler: listEscalations });
