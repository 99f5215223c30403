import type { Agent, AgentFields } from '../domain/agent';
import type { Principal } from '../domain/apiKey';
import { conflict, DeskError } from '../errors';
import type { SignedInUser } from '../http/clientPrincipal';
import { EntraIdentityTakenError, type AgentDirectory } from '../ports/agentDirectory';
import type { Clock } from '../ports/clock';
import type { Versioned } from '../ports/tenantDirectory';

/** The API key id a signed-in agent's requests carry: idempotency claims and audit fields are scoped by it. */
export const signedInKeyId = (agentId: string): string => `entra:${agentId}`;

/**
 * Creates or replaces an agent of the caller's tenant. If-Match guards a replace (StaleVersionError, a 412 through
 * guardedSettingsWrite); an Entra identity that another agent on the desk holds is a 409, and nothing changed.
 */
export async function saveAgent(
  deps: { agents: AgentDirectory; clock: Clock },
  tenantId: string,
  agentId: string,
  fields: AgentFields,
  ifMatch: string | undefined,
): Promise<{ agent: Agent; etag: string; created: boolean }> {
  const created = (await deps.agents.get(tenantId, agentId)) === undefined;
  const agent: Agent = {
    ...fields,
    id: agentId,
    tenantId,
    updatedAt: deps.clock.now().toISOString(),
  };
  try {
    const etag = await deps.agents.put(agent, ifMatch);
    return { agent: (await deps.agents.get(tenantId, agentId))?.value ?? agent, etag, created };
  } catch (error) {
    if (error instanceof EntraIdentityTakenError) {
      throw conflict(`${error.message} Change that agent first, or use another identity.`, {
        entra: error.identity,
      });
    }
    throw error;
  }
}

/** The agent and its version, or a 404. */
export async function agentOf(agents: AgentDirectory, tenantId: string, agentId: string): Promise<Versioned<Agent>> {
  const agent = await agents.get(tenantId, agentId);
  if (!agent) throw new DeskError('notFound', `No agent ${agentId}.`);
  return agent;
}

/**
 * Who a person signed in with Microsoft Entra ID is on the desk: the agent holding their (tenant id, object id), as a
 * principal of the agent's desk tenant and role, named by the agent's name on the timeline. A user no admin added, or
 * an inactive agent, is a 403 saying what to do.
 */
export async function agentPrincipal(agents: AgentDirectory, user: SignedInUser): Promise<Principal> {
  const agent = await agents.findByEntraIdentity(user.identity);
  if (!agent) {
    throw new DeskError(
      'forbidden',
      `You are signed in as ${user.displayName} but are not an agent of any desk tenant; ask your desk admin to add ` +
        `you (PUT /api/agents/{agentId} with your Microsoft Entra tenant id ${user.identity.tenantId} and object id ` +
        `${user.identity.objectId}).`,
      { entra: user.identity },
    );
  }
  if (!agent.active) {
    throw new DeskError(
      'forbidden',
      `You are signed in as ${user.displayName}, whose agent ${agent.id} is inactive; ask your desk admin to reactivate it.`,
    );
  }
  return {
    tenantId: agent.tenantId,
    role: agent.role,
    keyId: signedInKeyId(agent.id),
    label: agent.name,
    agentId: agent.id,
  };
}
