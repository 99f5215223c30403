import { app } from '@azure/functions';
import { addCaseNoteEndpoint } from '../shared/api/catalogue/caseEndpoints';
import { caseAnswer } from '../shared/api/caseViews';
import { noteOnCase, viewOf } from '../shared/services/caseWork';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** POST /api/cases/{id}/notes: an internal note for the partner's staff, never shown to the customer. */
export const addCaseNote = endpointHandler(
  addCaseNoteEndpoint,
  async ({ principal, path, body, ifMatch, idempotencyKey }, desk) => {
    const { stored, replayed } = await noteOnCase(desk, principal, path.id, body.text, { ifMatch, idempotencyKey });
    return { status: replayed ? 200 : 201, ...caseAnswer(principal, await viewOf(desk, principal, stored)) };
  },
);

app.http(addCaseNoteEndpoint.name, { ...httpTrigger(addCaseNoteEndpoint), handler: addCaseNote });
