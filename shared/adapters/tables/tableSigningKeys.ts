import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { SigningKeys } from '../../ports/signingKeys';
import { isStatus } from './restErrors';
import type { TableClientFactory } from './tableClients';

/*
 * The keys sit beside the API key hashes, in the table that holds the desk's credentials:
 *   PartitionKey "signingKey", RowKey {purpose}  -> Key (32 random bytes, base64), CreatedAt
 * The first instance to need a key inserts it (insert-if-absent); an instance that loses that race reads the winner's.
 * Deleting the row rotates the key: tokens signed with the old one then answer 400, and clients start over.
 */
const signingKeyPartition = 'signingKey';
const keyBytes = 32;

export class TableSigningKeys implements SigningKeys {
  private readonly table: TableClient;
  /** One read per purpose and instance; a failed read is forgotten so the next request tries again. */
  private readonly loaded = new Map<string, Promise<Buffer>>();

  constructor(tables: TableClientFactory) {
    this.table = tables('apiKeys');
  }

  key(purpose: string): Promise<Buffer> {
    let key = this.loaded.get(purpose);
    if (!key) {
      key = this.readOrCreate(purpose);
      this.loaded.set(purpose, key);
      key.catch(() => this.loaded.delete(purpose));
    }
    return key;
  }

  private async readOrCreate(purpose: string): Promise<Buffer> {
    const existing = await this.read(purpose);
    if (existing) return existing;
    try {
      await this.table.createEntity({
        partitionKey: signingKeyPartition,
        rowKey: purpose,
        Key: randomBytes(keyBytes).toString('base64'),
        CreatedAt: new Date().toISOString(),
      });
    } catch (error) {
      // Another instance created it first: its key is the one everybody uses.
      if (!isStatus(error, 409)) throw error;
    }
    const created = await this.read(purpose);
    if (!created) throw new Error(`The signing key ${purpose} vanished right after it was created`);
    return created;
  }

  private async read(purpose: string): Promise<Buffer | undefined> {
    try {
      const entity = await this.table.getEntity<{ Key?: unknown }>(signingKeyPartition, purpose);
      const key = typeof entity.Key === 'string' ? Buffer.from(entity.Key, 'base64') : undefined;
      if (!key || key.length < keyBytes) throw new Error(`The signing key ${purpose} in storage is malformed`);
      return key;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
