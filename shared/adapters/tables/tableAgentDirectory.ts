import { odata, type TableClient } from '@azure/data-tables';
import {
  agentRecordSchema,
  normalisedEntraIdentity,
  sameEntraIdentity,
  type Agent,
  type EntraIdentity,
  type PartnerTier,
} from '../../domain/agent';
import { EntraIdentityTakenError, type AgentDirectory } from '../../ports/agentDirectory';
import type { Clock } from '../../ports/clock';
import { StaleVersionError, type Versioned } from '../../ports/tenantDirectory';
import { fromDocumentColumns, toDocumentColumns } from './jsonColumns';
import { isStatus } from './restErrors';
import type { TableClientFactory } from './tableClients';

/*
 * tenants table:
 *   PartitionKey tenantId,              RowKey agent|{agentId}   -> the agent (a JSON document, its ETag the version)
 *   PartitionKey entra|{entraTenantId}, RowKey {objectId}        -> { TenantId, AgentId, ClaimedAt }: who the Entra
 *                                                                   user is; created only if absent, so one agent holds
 *                                                                   an identity across the whole desk
 *   PartitionKey tenantId,              RowKey rotation|{tier}   -> { AgentId }: who got the tier's latest case
 * The agent row is the truth: a pointer counts only while the agent it names still holds that identity.
 */
const agentRowPrefix = 'agent|';
const agentRow = (agentId: string): string => `${agentRowPrefix}${agentId}`;
const identityPartition = (identity: EntraIdentity): string => `entra|${identity.tenantId}`;
/**
 * A pointer whose agent row was never written (the writer failed in between) blocks its identity this long; after it,
 * another agent may take the identity. Long enough that a claim in progress is never taken over.
 */
const orphanedClaimMs = 5 * 60_000;
const maxClaimAttempts = 3;

interface IdentityPointer {
  tenantId: string;
  agentId: string;
  claimedAt: string;
  etag: string;
}

export class TableAgentDirectory implements AgentDirectory {
  private readonly tenants: TableClient;

  constructor(
    tables: TableClientFactory,
    private readonly clock: Clock,
  ) {
    this.tenants = tables('tenants');
  }

  async get(tenantId: string, agentId: string): Promise<Versioned<Agent> | undefined> {
    try {
      const entity = await this.tenants.getEntity<Record<string, unknown>>(tenantId, agentRow(agentId));
      return { value: agentRecordSchema.parse(fromDocumentColumns(entity)), etag: String(entity.etag) };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async listAgents(tenantId: string): Promise<Agent[]> {
    // One range within the tenant's partition: the rows after "agent|" and before "agent}".
    const end = `${agentRowPrefix.slice(0, -1)}}`;
    const filter = odata`PartitionKey eq ${tenantId} and RowKey gt ${agentRowPrefix} and RowKey lt ${end}`;
    const agents: Agent[] = [];
    for await (const entity of this.tenants.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      agents.push(agentRecordSchema.parse(fromDocumentColumns(entity)));
    }
    return agents;
  }

  async lastAssigned(tenantId: string, tier: PartnerTier): Promise<string | undefined> {
    try {
      const entity = await this.tenants.getEntity<{ AgentId: string }>(tenantId, `rotation|${tier}`);
      return entity.AgentId;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async recordAssigned(tenantId: string, tier: PartnerTier, agentId: string): Promise<void> {
    await this.tenants.upsertEntity(
      { partitionKey: tenantId, rowKey: `rotation|${tier}`, AgentId: agentId },
      'Replace',
    );
  }

  async findByEntraIdentity(identity: EntraIdentity): Promise<Agent | undefined> {
    const key = normalisedEntraIdentity(identity);
    const pointer = await this.readPointer(key);
    if (!pointer) return undefined;
    const agent = (await this.get(pointer.tenantId, pointer.agentId))?.value;
    return agent && sameEntraIdentity(agent.entra, key) ? agent : undefined;
  }

  async put(agent: Agent, ifMatch?: string): Promise<string> {
    const stored: Agent = { ...agent, entra: normalisedEntraIdentity(agent.entra) };
    const current = await this.get(stored.tenantId, stored.id);
    if (ifMatch !== undefined && ifMatch !== current?.etag) throw new StaleVersionError('agent');
    const previous = current?.value.entra;
    const claimed = await this.claim(stored.entra, stored);
    let etag: string;
    try {
      etag = await this.writeAgent(stored, ifMatch);
    } catch (error) {
      if (claimed === 'new') await this.release(stored.entra, stored).catch(() => undefined);
      throw error;
    }
    if (previous && !sameEntraIdentity(previous, stored.entra)) await this.release(previous, stored);
    return etag;
  }

  private async writeAgent(agent: Agent, ifMatch: string | undefined): Promise<string> {
    const entity = { partitionKey: agent.tenantId, rowKey: agentRow(agent.id), ...toDocumentColumns(agent) };
    try {
      const result =
        ifMatch === undefined
          ? await this.tenants.upsertEntity(entity, 'Replace')
          : await this.tenants.updateEntity(entity, 'Replace', { etag: ifMatch });
      if (!result.etag) throw new Error('Table Storage answered a write without an ETag');
      return result.etag;
    } catch (error) {
      if (ifMatch !== undefined && isStatus(error, 404, 412)) throw new StaleVersionError('agent');
      throw error;
    }
  }

  /**
   * Points the identity at the agent: creates the pointer if absent, keeps one that already names the agent, and takes
   * over one whose agent no longer holds the identity (or whose agent row was never written). `new` when this call
   * made the pointer name the agent, so a failed agent write can release it again.
   */
  private async claim(identity: EntraIdentity, agent: Agent): Promise<'new' | 'held'> {
    const columns = { TenantId: agent.tenantId, AgentId: agent.id, ClaimedAt: this.clock.now().toISOString() };
    for (let attempt = 0; attempt < maxClaimAttempts; attempt += 1) {
      const pointer = await this.readPointer(identity);
      if (pointer && pointer.tenantId === agent.tenantId && pointer.agentId === agent.id) return 'held';
      if (pointer && !(await this.orphaned(pointer, identity))) throw new EntraIdentityTakenError(identity);
      const entity = { partitionKey: identityPartition(identity), rowKey: identity.objectId, ...columns };
      try {
        if (pointer) await this.tenants.updateEntity(entity, 'Replace', { etag: pointer.etag });
        else await this.tenants.createEntity(entity);
        return 'new';
      } catch (error) {
        if (!isStatus(error, 404, 409, 412)) throw error; // someone else wrote it in between: read it again
      }
    }
    throw new EntraIdentityTakenError(identity);
  }

  /** Whether the pointer's agent does not hold the identity: it names another one, or was never written in time. */
  private async orphaned(pointer: IdentityPointer, identity: EntraIdentity): Promise<boolean> {
    const holder = (await this.get(pointer.tenantId, pointer.agentId))?.value;
    if (holder) return !sameEntraIdentity(holder.entra, identity);
    return this.clock.now().getTime() - Date.parse(pointer.claimedAt) > orphanedClaimMs;
  }

  /** Deletes the identity's pointer while it still names the agent. */
  private async release(identity: EntraIdentity, agent: Agent): Promise<void> {
    const pointer = await this.readPointer(identity);
    if (pointer?.tenantId !== agent.tenantId || pointer.agentId !== agent.id) return;
    try {
      await this.tenants.deleteEntity(identityPartition(identity), identity.objectId, { etag: pointer.etag });
    } catch (error) {
      if (!isStatus(error, 404, 412)) throw error; // gone, or claimed by another agent in between: theirs now
    }
  }

  private async readPointer(identity: EntraIdentity): Promise<IdentityPointer | undefined> {
    try {
      const entity = await this.tenants.getEntity<Record<string, unknown>>(
        identityPartition(identity),
        identity.objectId,
      );
      return {
        tenantId: String(entity.TenantId),
        agentId: String(entity.AgentId),
        claimedAt: String(entity.ClaimedAt),
        etag: String(entity.etag),
      };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
