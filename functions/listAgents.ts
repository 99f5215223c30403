import { app } from '@azure/functions';
import { listAgentsEndpoint } from '../shared/api/catalogue/agentEndpoints';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/agents: every agent of the caller's tenant, active or not. */
export const listAgents = endpointHandler(listAgentsEndpoint, async ({ principal }, desk) => ({
  status: 200,
  body: { agents: await desk.agents.listAgents(principal.tenantId) },
}));

app.http(listAgentsEndpoint.name, { ...httpTrigger(listAgentsEndpoint), handler: listAgents });
