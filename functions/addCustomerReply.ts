import { app } from '@azure/functions';
import { customerReplyRequestSchema } from '../shared/api/caseRequests';
import { caseViewResponse } from '../shared/api/caseViews';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { writeConditionsOf } from '../shared/http/writeConditions';
import { customerReplyOnCase, viewOf } from '../shared/services/caseWork';

/** POST /api/cases/{id}/customer-replies: the portal adds what the customer wrote; a case pending on them resumes. */
export const addCustomerReply = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'cases:replyAsCustomer');
  const body = await readJsonBody(request, customerReplyRequestSchema);
  const { stored, replayed } = await customerReplyOnCase(desk, principal, request.params.id ?? '', body.text, writeConditionsOf(request));
  return caseViewResponse(principal, await viewOf(desk, principal, stored), replayed ? 200 : 201);
});

app.http('addCustomerReply', { methods: ['POST'], route: 'cases/{id}/customer-replies', authLevel: 'anonymous', handler: addCustomerReply });
