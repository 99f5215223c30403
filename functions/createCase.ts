import { app } from '@azure/functions';
import { newCaseRequestSchema } from '../shared/domain/newCase';
import { invalidRequest } from '../shared/errors';
import { caseLocation, caseResponse } from '../shared/http/caseResponses';
import { deskHttpHandler, principalOf } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { openCase } from '../shared/services/caseIntake';

const maxIdempotencyKeyLength = 200;

/** POST /api/cases: a portal opens a case; it is stored, numbered and queued for triage. */
export const createCase = deskHttpHandler(async (request, _context, desk) => {
  const principal = await principalOf(request, desk);
  const idempotencyKey = request.headers.get('idempotency-key') ?? undefined;
  if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > maxIdempotencyKeyLength)) {
    throw invalidRequest(`Idempotency-Key must be 1 to ${maxIdempotencyKeyLength} characters.`);
  }
  const body = await readJsonBody(request, newCaseRequestSchema);
  const opened = await openCase(desk, principal, body, idempotencyKey);
  return caseResponse(opened, opened.outcome === 'created' ? 201 : 200, { location: caseLocation(opened.supportCase.id) });
});

app.http('createCase', { methods: ['POST'], route: 'cases', authLevel: 'anonymous', handler: createCase });
