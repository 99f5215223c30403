import { app } from '@azure/functions';
import { listSharedCasesEndpoint } from '../shared/api/catalogue/caseEndpoints';
import { caseListItemFor } from '../shared/api/caseViews';
import { listSharedCasePage } from '../shared/services/caseAccess';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/**
 * GET /api/shared-cases: cases other tenants on this desk handed to the caller's tenant through their escalation
 * ladder, a page at a time.
 */
export const listSharedCases = endpointHandler(listSharedCasesEndpoint, async ({ principal, query }, desk) => {
  const page = await listSharedCasePage(desk, principal, query);
  return {
    status: 200,
    body: {
      items: page.cases.map((supportCase) => caseListItemFor(principal, supportCase)),
      continuationToken: page.continuationToken ?? null,
    },
  };
});

app.http(listSharedCasesEndpoint.name, { ...httpTrigger(listSharedCasesEndpoint), handler: listSharedCases });
