import { app } from '@azure/functions';
import { addCustomerReplyEndpoint } from '../shared/api/catalogue/caseEndpoints';
import { caseAnswer } from '../shared/api/caseViews';
import { customerReplyOnCase, viewOf } from '../shared/services/caseWork';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** POST /api/cases/{id}/customer-replies: the portal adds what the customer wrote; a case pending on them resumes. */
export const addCustomerReply = endpointHandler(
  addCustomerReplyEndpoint,
  async ({ principal, path, body, ifMatch, idempotencyKey }, desk) => {
    const { stored, replayed } = await customerReplyOnCase(desk, principal, path.id, body.text, {
      ifMatch,
      idempotencyKey,
    });
    return { status: replayed ? 200 : 201, ...caseAnswer(principal, await viewOf(desk, principal, stored)) };
  },
);

app.http(addCustomerReplyEndpoint.name, { ...httpTrigger(addCustomerReplyEndpoint), handler: addCustomerReply });
