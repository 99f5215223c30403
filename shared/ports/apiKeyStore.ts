import type { ApiKeyRecord } from '../domain/apiKey';

export interface ApiKeyStore {
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  /** Stores (or replaces) the key with this hash. */
  save(hash: string, record: ApiKeyRecord): Promise<void>;
}
