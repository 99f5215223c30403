import { app } from '@azure/functions';
import { caseViewResponse } from '../shared/api/caseViews';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { viewAccessibleCase } from '../shared/services/caseAccess';

/** GET /api/cases/{id}: one case with its timeline, as the caller's role may see it (portals: public entries only). */
export const getCase = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'cases:read');
  return caseViewResponse(principal, await viewAccessibleCase(desk, principal, request.params.id ?? ''));
});

app.http('getCase', { methods: ['GET'], route: 'cases/{id}', authLevel: 'anonymous', handler: getCase });
