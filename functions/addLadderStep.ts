import { app } from '@azure/functions';
import { addLadderStepEndpoint } from '../shared/api/catalogue/escalationEndpoints';
import { caseAnswer } from '../shared/api/caseViews';
import { viewOf } from '../shared/services/caseWork';
import { requestLadderStep } from '../shared/services/escalationLadder';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** POST /api/cases/{id}/ladder-steps: an agent moves the case up one step of its tenant's escalation ladder. */
export const addLadderStep = endpointHandler(
  addLadderStepEndpoint,
  async ({ principal, path, body, ifMatch }, desk) => {
    const stored = await requestLadderStep(desk, principal, path.id, body.reason, ifMatch);
    return { status: 200, ...caseAnswer(principal, await viewOf(desk, principal, stored)) };
  },
);

app.http(addLadderStepEndpoint.name, { ...httpTrigger(addLadderStepEndpoint), handler: addLadderStep });
