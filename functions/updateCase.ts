import { app } from '@azure/functions';
import { caseUpdateRequestSchema } from '../shared/api/caseRequests';
import { caseViewResponse } from '../shared/api/caseViews';
import { authorize, ifMatchOf } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { correctCaseFields, viewOf } from '../shared/services/caseWork';

/** PATCH /api/cases/{id}: an agent corrects severity, category, product, tier or assignee, saying why. */
export const updateCase = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'cases:update');
  const body = await readJsonBody(request, caseUpdateRequestSchema);
  const stored = await correctCaseFields(desk, principal, request.params.id ?? '', body, ifMatchOf(request));
  return caseViewResponse(principal, await viewOf(desk, principal, stored));
});

app.http('updateCase', { methods: ['PATCH'], route: 'cases/{id}', authLevel: 'anonymous', handler: updateCase });
