import { app } from '@azure/functions';
import { createEscalationEndpoint } from '../shared/api/catalogue/escalationEndpoints';
import { escalateCase } from '../shared/services/microsoftEscalation';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** POST /api/cases/{id}/escalations: an agent escalates a case to Microsoft. */
export const createEscalation = endpointHandler(
  createEscalationEndpoint,
  async ({ principal, path, body, ifMatch }, desk) => {
    const { stored, escalation } = await escalateCase(desk, principal, path.id, body, ifMatch);
    return { status: 201, body: escalation, etag: stored.etag };
  },
);

app.http(createEscalationEndpoint.name, { ...httpTrigger(createEscalationEndpoint), handler: createEscalation });
