import { app } from '@azure/functions';
import { transitionCaseEndpoint } from '../shared/api/catalogue/caseEndpoints';
import { caseAnswer } from '../shared/api/caseViews';
import { transitionCase as moveCase, viewOf } from '../shared/services/caseWork';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** POST /api/cases/{id}/transitions: agents move a case through its lifecycle; a portal closes or reopens it for the customer. */
export const transitionCase = endpointHandler(
  transitionCaseEndpoint,
  async ({ principal, path, body, ifMatch, idempotencyKey }, desk) => {
    const { stored } = await moveCase(desk, principal, path.id, body, { ifMatch, idempotencyKey });
    return { status: 200, ...caseAnswer(principal, await viewOf(desk, principal, stored)) };
  },
);

app.http(transitionCaseEndpoint.name, { ...httpTrigger(transitionCaseEndpoint), handler: transitionCase });
