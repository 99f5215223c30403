import { app } from '@azure/functions';
import { caseViewResponse } from '../shared/api/caseViews';
import { authorize, ifMatchOf } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { viewOf } from '../shared/services/caseWork';
import { ladderStepRequestSchema, requestLadderStep } from '../shared/services/escalationLadder';

/** POST /api/cases/{id}/ladder-steps: an agent moves the case up one step of its tenant's escalation ladder. */
export const addLadderStep = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'escalations:request');
  const { reason } = await readJsonBody(request, ladderStepRequestSchema);
  const stored = await requestLadderStep(desk, principal, request.params.id ?? '', reason, ifMatchOf(request));
  return caseViewResponse(principal, await viewOf(desk, principal, stored));
});

app.http('addLadderStep', { methods: ['POST'], route: 'cases/{id}/ladder-steps', authLevel: 'anonymous', handler: addLadderStep });
