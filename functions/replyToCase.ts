import { app } from '@azure/functions';
import { replyToCaseEndpoint } from '../shared/api/catalogue/caseEndpoints';
import { caseAnswer } from '../shared/api/caseViews';
import { replyOnCase, viewOf } from '../shared/services/caseWork';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** POST /api/cases/{id}/replies: an agent answers the customer; the answer is mailed and stops the response clocks. */
export const replyToCase = endpointHandler(
  replyToCaseEndpoint,
  async ({ principal, path, body, ifMatch, idempotencyKey }, desk) => {
    const { stored, replayed } = await replyOnCase(desk, principal, path.id, body.text, { ifMatch, idempotencyKey });
    return { status: replayed ? 200 : 201, ...caseAnswer(principal, await viewOf(desk, principal, stored)) };
  },
);

app.http(replyToCaseEndpoint.name, { ...httpTrigger(replyToCaseEndpoint), handler: replyToCase });
