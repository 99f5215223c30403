import { app } from '@azure/functions';
import { putAgentEndpoint } from '../shared/api/catalogue/agentEndpoints';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';
import { guardedSettingsWrite } from '../shared/http/writeConditions';
import { saveAgent } from '../shared/services/agents';

/** PUT /api/agents/{agentId}: creates or replaces an agent; 201 when it is new; If-Match guards a replace. */
export const putAgent = endpointHandler(putAgentEndpoint, async ({ principal, path, body, ifMatch }, desk) => {
  const saved = await guardedSettingsWrite(() => saveAgent(desk, principal.tenantId, path.agentId, body, ifMatch));
  return { status: saved.created ? 201 : 200, body: saved.agent, etag: saved.etag };
});

app.http(putAgentEndpoint.name, { ...httpTrigger(putAgentEndpoint), handler: putAgent });
