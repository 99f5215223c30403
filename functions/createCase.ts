import { app } from '@azure/functions';
import { createCaseEndpoint } from '../shared/api/catalogue/caseEndpoints';
import { caseAnswer } from '../shared/api/caseViews';
import { caseLocation } from '../shared/http/caseResponses';
import { openCase } from '../shared/services/caseIntake';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** POST /api/cases: a portal (or an agent) opens a case; it is stored, numbered, queued for triage and acknowledged to the contact. */
export const createCase = endpointHandler(createCaseEndpoint, async ({ principal, body, idempotencyKey }, desk) => {
  const opened = await openCase(desk, principal, body, idempotencyKey);
  return {
    status: opened.outcome === 'created' ? 201 : 200,
    ...caseAnswer(principal, opened),
    location: caseLocation(opened.supportCase.id),
  };
});

app.http(createCaseEndpoint.name, { ...httpTrigger(createCaseEndpoint), handler: createCase });
