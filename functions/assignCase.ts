import { app } from '@azure/functions';
import { assignCaseEndpoint } from '../shared/api/catalogue/queueEndpoints';
import { caseAnswer } from '../shared/api/caseViews';
import { assignCase as assign, viewOf } from '../shared/services/caseWork';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** POST /api/cases/{id}/assignment: an agent or admin gives the case to an agent of the tenant, or to nobody. */
export const assignCase = endpointHandler(assignCaseEndpoint, async ({ principal, path, body, ifMatch }, desk) => {
  const stored = await assign(desk, principal, path.id, body, ifMatch);
  return { status: 200, ...caseAnswer(principal, await viewOf(desk, principal, stored)) };
});

app.http(assignCaseEndpoint.name, { ...httpTrigger(assignCaseEndpoint), handler: assignCase });
