import { odata, type TableClient } from '@azure/data-tables';
import { apiKeyRecordSchema, type ApiKeyRecord } from '../../domain/apiKey';
import type { ApiKeyStore } from '../../ports/apiKeyStore';
import { isStatus } from './restErrors';
import type { TableClientFactory } from './tableClients';

/*
 * Keys are found by the hash of the secret a caller presents, and listed per tenant:
 *   PartitionKey "hash",              RowKey SHA-256 hex of the secret  -> the key record
 *   PartitionKey "tenant|{tenantId}", RowKey keyId                      -> the key record and its hash
 * Authentication reads the hash row on every request, so deleting it revokes the key at once.
 */
const hashPartition = 'hash';
const tenantPartition = (tenantId: string): string => `tenant|${tenantId}`;

function recordColumns(record: ApiKeyRecord): Record<string, string | undefined> {
  return {
    KeyId: record.keyId,
    TenantId: record.tenantId,
    Role: record.role,
    Label: record.label,
    CustomerTenantIds: record.customerTenantIds && JSON.stringify(record.customerTenantIds),
    CreatedAt: record.createdAt,
  };
}

function recordOf(entity: Record<string, unknown>): ApiKeyRecord {
  return apiKeyRecordSchema.parse({
    keyId: entity.KeyId,
    tenantId: entity.TenantId,
    role: entity.Role,
    label: entity.Label ?? undefined,
    customerTenantIds: typeof entity.CustomerTenantIds === 'string' ? JSON.parse(entity.CustomerTenantIds) : undefined,
    createdAt: entity.CreatedAt,
  });
}

export class TableApiKeyStore implements ApiKeyStore {
  private readonly keys: TableClient;

  constructor(tables: TableClientFactory) {
    this.keys = tables('apiKeys');
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const entity = await this.read(hashPartition, hash);
    return entity ? recordOf(entity) : undefined;
  }

  async save(hash: string, record: ApiKeyRecord): Promise<void> {
    // The tenant's list first: a key that works but is not listed could not be found to be revoked.
    const listing = {
      partitionKey: tenantPartition(record.tenantId),
      rowKey: record.keyId,
      Hash: hash,
      ...recordColumns(record),
    };
    await this.keys.upsertEntity(listing, 'Replace');
    await this.keys.upsertEntity({ partitionKey: hashPartition, rowKey: hash, ...recordColumns(record) }, 'Replace');
  }

  async listForTenant(tenantId: string): Promise<ApiKeyRecord[]> {
    const records: ApiKeyRecord[] = [];
    const entities = this.keys.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${tenantPartition(tenantId)}` },
    });
    for await (const entity of entities) records.push(recordOf(entity));
    return records;
  }

  async revoke(tenantId: string, keyId: string): Promise<boolean> {
    const listed = await this.read(tenantPartition(tenantId), keyId);
    if (!listed) return false;
    // The hash row first: once it is gone the key no longer works, whatever happens to the listing.
    await this.deleteIfPresent(hashPartition, String(listed.Hash));
    await this.deleteIfPresent(tenantPartition(tenantId), keyId);
    return true;
  }

  private async read(partitionKey: string, rowKey: string): Promise<Record<string, unknown> | undefined> {
    try {
      return await this.keys.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  private async deleteIfPresent(partitionKey: string, rowKey: string): Promise<void> {
    try {
      await this.keys.deleteEntity(partitionKey, rowKey);
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  }
}
