import { app } from '@azure/functions';
import { listSharedCasesEndpoint } from '../shared/api/catalogue/caseEndpoints';
import { caseListItemFor } from '../shared/api/caseViews';
import { listSharedCases as casesSharedWith } from '../shared/services/caseAccess';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/shared-cases: cases other tenants on this desk handed to the caller's tenant through their escalation ladder. */
export const listSharedCases = endpointHandler(listSharedCasesEndpoint, async ({ principal }, desk) => {
  const cases = await casesSharedWith(desk, principal);
  return {
    status: 200,
    body: { items: cases.map((supportCase) => caseListItemFor(principal, supportCase)), continuationToken: null },
  };
});

app.http(listSharedCasesEndpoint.name, { ...httpTrigger(listSharedCasesEndpoint), handler: listSharedCases });
