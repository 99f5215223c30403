import type { ApiKeyRecord } from '../domain/apiKey';

export interface ApiKeyStore {
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  /** Stores (or replaces) the key with this hash and lists it under its tenant. */
  save(hash: string, record: ApiKeyRecord): Promise<void>;
  /** The tenant's keys, without their hashes. */
  listForTenant(tenantId: string): Promise<ApiKeyRecord[]>;
  /** Deletes the tenant's key so the next request with it fails; false when the tenant has no key with this id. */
  revoke(tenantId: string, keyId: string): Promise<boolean>;
}
