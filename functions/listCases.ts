import { app } from '@azure/functions';
import { listCasesEndpoint } from '../shared/api/catalogue/caseEndpoints';
import { caseListItemFor } from '../shared/api/caseViews';
import { listCases as listTenantCases } from '../shared/services/caseQueries';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/cases: the caller's cases, optionally by status, a page at a time, each as the caller's role may see it. */
export const listCases = endpointHandler(listCasesEndpoint, async ({ principal, query }, desk) => {
  const page = await listTenantCases(desk, principal, query);
  const items = page.cases.map((supportCase) => caseListItemFor(principal, supportCase));
  return { status: 200, body: { items, continuationToken: page.continuationToken ?? null } };
});

app.http(listCasesEndpoint.name, { ...httpTrigger(listCasesEndpoint), handler: listCases });
