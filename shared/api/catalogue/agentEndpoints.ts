import { z } from 'zod';
import { agentIdSchema, agentListSchema, agentRecordSchema, agentSchema, newAgentIdSchema } from '../../domain/agent';
import { defineEndpoint, named, type Endpoint } from '../endpoint';

const agent = named('Agent', agentRecordSchema);
const agentIdDescription = "The agent's id in the tenant, e.g. kim or the agent's Entra object id.";
const agentPath = z.strictObject({ agentId: agentIdSchema.describe(agentIdDescription) });
const newAgentPath = z.strictObject({ agentId: newAgentIdSchema.describe(agentIdDescription) });

export const listAgentsEndpoint = defineEndpoint({
  name: 'listAgents',
  method: 'GET',
  route: 'agents',
  tag: 'Tenant administration',
  summary: "The tenant's agents, active or not, ordered by id",
  description: 'The people who work cases and sign in with Microsoft Entra ID: role, support tiers and service hours.',
  access: 'agents:read',
  responses: { 200: { description: 'Every agent of the tenant', body: named('AgentList', agentListSchema) } },
});

export const getAgentEndpoint = defineEndpoint({
  name: 'getAgent',
  method: 'GET',
  route: 'agents/{agentId}',
  tag: 'Tenant administration',
  summary: 'An agent of the tenant',
  access: 'agents:read',
  path: agentPath,
  responses: {
    200: { description: 'The agent; the ETag is its version, for If-Match', body: agent, headers: ['ETag'] },
  },
});

export const putAgentEndpoint = defineEndpoint({
  name: 'putAgent',
  method: 'PUT',
  route: 'agents/{agentId}',
  tag: 'Tenant administration',
  summary: 'Create or replace an agent',
  description:
    'The Microsoft Entra identity (tenant id and object id) is how a signed-in person is recognised as this agent, with ' +
    'this role in this tenant. Set active to false to stop them signing in.',
  access: 'agents:manage',
  path: newAgentPath,
  requestHeaders: ['If-Match'],
  body: named('AgentRequest', agentSchema),
  responses: {
    201: { description: 'The new agent and its version', body: agent, headers: ['ETag'] },
    200: { description: 'The replaced agent and its new version', body: agent, headers: ['ETag'] },
  },
  conflicts: 'The Microsoft Entra identity belongs to another agent on this desk.',
});

export const agentEndpoints: readonly Endpoint[] = [listAgentsEndpoint, getAgentEndpoint, putAgentEndpoint];
