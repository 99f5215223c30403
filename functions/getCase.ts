import { app } from '@azure/functions';
import { getCaseEndpoint } from '../shared/api/catalogue/caseEndpoints';
import { caseAnswer } from '../shared/api/caseViews';
import { viewAccessibleCase } from '../shared/services/caseAccess';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/cases/{id}: one case with its timeline, as the caller's role may see it (portals: public entries only). */
export const getCase = endpointHandler(getCaseEndpoint, async ({ principal, path }, desk) => ({
  status: 200,
  ...caseAnswer(principal, await viewAccessibleCase(desk, principal, path.id)),
}));

app.http(getCaseEndpoint.name, { ...httpTrigger(getCaseEndpoint), handler: getCase });
