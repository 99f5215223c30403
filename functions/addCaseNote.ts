import { app } from '@azure/functions';
import { noteRequestSchema } from '../shared/api/caseRequests';
import { caseViewResponse } from '../shared/api/caseViews';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { writeConditionsOf } from '../shared/http/writeConditions';
import { noteOnCase, viewOf } from '../shared/services/caseWork';

/** POST /api/cases/{id}/notes: an internal note for the partner's staff, never shown to the customer. */
export const addCaseNote = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'cases:addNote');
  const body = await readJsonBody(request, noteRequestSchema);
  const { stored, replayed } = await noteOnCase(desk, principal, request.params.id ?? '', body.text, writeConditionsOf(request));
  return caseViewResponse(principal, await viewOf(desk, principal, stored), replayed ? 200 : 201);
});

app.http('addCaseNote', { methods: ['POST'], route: 'cases/{id}/notes', authLevel: 'anonymous', handler: addCaseNote });
