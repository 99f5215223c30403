import type { Agent, EntraIdentity, PartnerTier } from '../domain/agent';
import type { Versioned } from './tenantDirectory';

/** Another agent (of this or another desk tenant) already holds the Entra identity: nothing was changed. */
export class EntraIdentityTakenError extends Error {
  override readonly name = 'EntraIdentityTakenError';

  constructor(readonly identity: EntraIdentity) {
    super(
      `The Microsoft Entra user ${identity.objectId} of tenant ${identity.tenantId} is already another agent on this desk.`,
    );
  }
}

/**
 * The people who work cases, per desk tenant, and who a signed-in Microsoft Entra user is. An Entra identity belongs
 * to at most one agent on the whole desk, so a signed-in user maps to one desk tenant and role.
 */
export interface AgentDirectory {
  /** The agent with its version (the ETag a client sends back as If-Match). */
  get(tenantId: string, agentId: string): Promise<Versioned<Agent> | undefined>;
  /** Every agent of the tenant, active or not, ordered by id; one small partition range, no scan. */
  listAgents(tenantId: string): Promise<Agent[]>;
  /** The agent an Entra user is, on any desk tenant; undefined for a user nobody added. */
  findByEntraIdentity(identity: EntraIdentity): Promise<Agent | undefined>;
  /**
   * Creates or replaces the agent and claims its Entra identity (releasing the one it held before). With `ifMatch`,
   * only over that version (else StaleVersionError); an identity another agent holds throws EntraIdentityTakenError.
   * Both change nothing. Returns the new version.
   */
  put(agent: Agent, ifMatch?: string): Promise<string>;
  /** The agent the tier's previous case went to under round robin (roundRobin.ts), if any. */
  lastAssigned(tenantId: string, tier: PartnerTier): Promise<string | undefined>;
  /**
   * Records who got the tier's latest case. Last writer wins: two cases enriched at the same instant may go to the
   * same agent, and the rotation moves on from there.
   */
  recordAssigned(tenantId: string, tier: PartnerTier, agentId: string): Promise<void>;
}
