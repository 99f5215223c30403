import { app } from '@azure/functions';
import { transitionRequestSchema } from '../shared/api/caseRequests';
import { caseViewResponse } from '../shared/api/caseViews';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { writeConditionsOf } from '../shared/http/writeConditions';
import { transitionCase as moveCase, viewOf } from '../shared/services/caseWork';

/** POST /api/cases/{id}/transitions: agents move a case through its lifecycle; a portal closes or reopens it for the customer. */
export const transitionCase = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'cases:transition');
  const body = await readJsonBody(request, transitionRequestSchema);
  const { stored } = await moveCase(desk, principal, request.params.id ?? '', body, writeConditionsOf(request));
  return caseViewResponse(principal, await viewOf(desk, principal, stored));
});

app.http('transitionCase', { methods: ['POST'], route: 'cases/{id}/transitions', authLevel: 'anonymous', handler: transitionCase });
