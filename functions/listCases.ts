import { app } from '@azure/functions';
import { caseListItemFor } from '../shared/api/caseViews';
import { caseListQuerySchema } from '../shared/domain/caseListQuery';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { validate } from '../shared/http/requestBody';
import { listCases as listTenantCases } from '../shared/services/caseQueries';

/** GET /api/cases: the caller's cases, optionally by status, a page at a time, each as the caller's role may see it. */
export const listCases = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'cases:read');
  const query = validate(caseListQuerySchema, Object.fromEntries(request.query.entries()), 'The query');
  const page = await listTenantCases(desk, principal, query);
  const items = page.cases.map((supportCase) => caseListItemFor(principal, supportCase));
  return { status: 200, jsonBody: { items, continuationToken: page.continuationToken ?? null } };
});

app.http('listCases', { methods: ['GET'], route: 'cases', authLevel: 'anonymous', handler: listCases });
