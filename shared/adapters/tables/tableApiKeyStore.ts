import type { TableClient } from '@azure/data-tables';
import { apiKeyRecordSchema, type ApiKeyRecord } from '../../domain/apiKey';
import type { ApiKeyStore } from '../../ports/apiKeyStore';
import { isStatus } from './restErrors';
import type { TableClientFactory } from './tableClients';

/** Keys are found by the hash of the secret a caller presents: PartitionKey "hash", RowKey the SHA-256 hex digest. */
const hashPartition = 'hash';

export class TableApiKeyStore implements ApiKeyStore {
  private readonly keys: TableClient;

  constructor(tables: TableClientFactory) {
    this.keys = tables('apiKeys');
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    try {
      const entity = await this.keys.getEntity<Record<string, unknown>>(hashPartition, hash);
      return apiKeyRecordSchema.parse({
        keyId: entity.KeyId,
        tenantId: entity.TenantId,
        role: entity.Role,
        label: entity.Label ?? undefined,
        createdAt: entity.CreatedAt,
      });
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async save(hash: string, record: ApiKeyRecord): Promise<void> {
    await this.keys.upsertEntity(
      {
        partitionKey: hashPartition,
        rowKey: hash,
        KeyId: record.keyId,
        TenantId: record.tenantId,
        Role: record.role,
        Label: record.label,
        CreatedAt: record.createdAt,
      },
      'Replace',
    );
  }
}
