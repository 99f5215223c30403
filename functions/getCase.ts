import { app } from '@azure/functions';
import { caseResponse } from '../shared/http/caseResponses';
import { deskHttpHandler, principalOf } from '../shared/http/httpFunction';
import { viewCase } from '../shared/services/caseQueries';

/** GET /api/cases/{id}: one case of the caller's tenant, with its timeline. */
export const getCase = deskHttpHandler(async (request, _context, desk) => {
  const principal = await principalOf(request, desk);
  return caseResponse(await viewCase(desk.cases, principal, request.params.id ?? ''));
});

app.http('getCase', { methods: ['GET'], route: 'cases/{id}', authLevel: 'anonymous', handler: getCase });
