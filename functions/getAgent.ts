import { app } from '@azure/functions';
import { getAgentEndpoint } from '../shared/api/catalogue/agentEndpoints';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';
import { agentOf } from '../shared/services/agents';

/** GET /api/agents/{agentId}: an agent of the caller's tenant, with its ETag. */
export const getAgent = endpointHandler(getAgentEndpoint, async ({ principal, path }, desk) => {
  const agent = await agentOf(desk.agents, principal.tenantId, path.agentId);
  return { status: 200, body: agent.value, etag: agent.etag };
});

app.http(getAgentEndpoint.name, { ...httpTrigger(getAgentEndpoint), handler: getAgent });
