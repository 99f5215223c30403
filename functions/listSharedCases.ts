import { app } from '@azure/functions';
import { caseListItemFor } from '../shared/api/caseViews';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { listSharedCases as casesSharedWith } from '../shared/services/caseAccess';

/** GET /api/shared-cases: cases other tenants on this desk handed to the caller's tenant through their escalation ladder. */
export const listSharedCases = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'cases:readInternal');
  const cases = await casesSharedWith(desk, principal);
  return { status: 200, jsonBody: { items: cases.map((supportCase) => caseListItemFor(principal, supportCase)), continuationToken: null } };
});

app.http('listSharedCases', { methods: ['GET'], route: 'shared-cases', authLevel: 'anonymous', handler: listSharedCases });
