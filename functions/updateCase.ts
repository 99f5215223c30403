import { app } from '@azure/functions';
import { updateCaseEndpoint } from '../shared/api/catalogue/caseEndpoints';
import { caseAnswer } from '../shared/api/caseViews';
import { correctCaseFields, viewOf } from '../shared/services/caseWork';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** PATCH /api/cases/{id}: an agent corrects severity, category, product, tier or assignee, saying why. */
export const updateCase = endpointHandler(updateCaseEndpoint, async ({ principal, path, body, ifMatch }, desk) => {
  const stored = await correctCaseFields(desk, principal, path.id, body, ifMatch);
  return { status: 200, ...caseAnswer(principal, await viewOf(desk, principal, stored)) };
});

app.http(updateCaseEndpoint.name, { ...httpTrigger(updateCaseEndpoint), handler: updateCase });
