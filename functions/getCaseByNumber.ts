import { app } from '@azure/functions';
import { getCaseByNumberEndpoint } from '../shared/api/catalogue/queueEndpoints';
import { caseAnswer } from '../shared/api/caseViews';
import { viewCaseByNumber } from '../shared/services/caseAccess';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/case-numbers/{caseNumber}: the case a customer quotes by number, as GET /api/cases/{id} answers it. */
export const getCaseByNumber = endpointHandler(getCaseByNumberEndpoint, async ({ principal, path }, desk) => ({
  status: 200,
  ...caseAnswer(principal, await viewCaseByNumber(desk, principal, path.caseNumber)),
}));

app.http(getCaseByNumberEndpoint.name, { ...httpTrigger(getCaseByNumberEndpoint), handler: getCaseByNumber });
