import { app } from '@azure/functions';
import { caseListQuerySchema } from '../shared/domain/caseListQuery';
import { deskHttpHandler, principalOf } from '../shared/http/httpFunction';
import { validate } from '../shared/http/requestBody';
import { listCases as listTenantCases } from '../shared/services/caseQueries';

/** GET /api/cases: the caller's cases, optionally by status, a page at a time. */
export const listCases = deskHttpHandler(async (request, _context, desk) => {
  const principal = await principalOf(request, desk);
  const query = validate(caseListQuerySchema, Object.fromEntries(request.query.entries()), 'The query');
  const page = await listTenantCases(desk.cases, principal, query);
  return { status: 200, jsonBody: { items: page.cases, continuationToken: page.continuationToken ?? null } };
});

app.http('listCases', { methods: ['GET'], route: 'cases', authLevel: 'anonymous', handler: listCases });
