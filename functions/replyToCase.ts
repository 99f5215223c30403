import { app } from '@azure/functions';
import { agentReplyRequestSchema } from '../shared/api/caseRequests';
import { caseViewResponse } from '../shared/api/caseViews';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { writeConditionsOf } from '../shared/http/writeConditions';
import { replyOnCase, viewOf } from '../shared/services/caseWork';

/** POST /api/cases/{id}/replies: an agent answers the customer; the answer is mailed and stops the response clocks. */
export const replyToCase = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'cases:replyAsAgent');
  const body = await readJsonBody(request, agentReplyRequestSchema);
  const { stored, replayed } = await replyOnCase(desk, principal, request.params.id ?? '', body.text, writeConditionsOf(request));
  return caseViewResponse(principal, await viewOf(desk, principal, stored), replayed ? 200 : 201);
});

app.http('replyToCase', { methods: ['POST'], route: 'cases/{id}/replies', authLevel: 'anonymous', handler: replyToCase });
