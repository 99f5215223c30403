import { app } from '@azure/functions';
import { newCaseRequestSchema } from '../shared/domain/newCase';
import { caseViewResponse } from '../shared/api/caseViews';
import { authorize } from '../shared/http/authorization';
import { caseLocation } from '../shared/http/caseResponses';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { idempotencyKeyOf } from '../shared/http/writeConditions';
import { openCase } from '../shared/services/caseIntake';

/** POST /api/cases: a portal (or an agent) opens a case; it is stored, numbered, queued for triage and acknowledged to the contact. */
export const createCase = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'cases:create');
  const idempotencyKey = idempotencyKeyOf(request);
  const body = await readJsonBody(request, newCaseRequestSchema);
  const opened = await openCase(desk, principal, body, idempotencyKey);
  return caseViewResponse(principal, opened, opened.outcome === 'created' ? 201 : 200, { location: caseLocation(opened.supportCase.id) });
});

app.http('createCase', { methods: ['POST'], route: 'cases', authLevel: 'anonymous', handler: createCase });
