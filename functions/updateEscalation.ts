import { app } from '@azure/functions';
import { updateEscalationEndpoint } from '../shared/api/catalogue/escalationEndpoints';
import { recordEscalationUpdate } from '../shared/services/microsoftEscalation';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** PATCH /api/cases/{id}/escalations/{escalationId}: Microsoft's ticket number, an answer from Microsoft, or a new status. */
export const updateEscalation = endpointHandler(
  updateEscalationEndpoint,
  async ({ principal, path, body, ifMatch }, desk) => {
    const { stored, escalation } = await recordEscalationUpdate(
      desk,
      principal,
      path.id,
      path.escalationId,
      body,
      ifMatch,
    );
    return { status: 200, body: escalation, etag: stored.etag };
  },
);

app.http(updateEscalationEndpoint.name, { ...httpTrigger(updateEscalationEndpoint), handler: updateEscalation });
