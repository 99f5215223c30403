import { hashApiKey, type Principal } from '../domain/apiKey';
import { DeskError } from '../errors';
import type { ApiKeyStore } from '../ports/apiKeyStore';

/** Finds the tenant and role behind the key a caller presents; a missing or unknown key is a 401. */
export async function authenticate(apiKeys: ApiKeyStore, presentedKey: string | null | undefined): Promise<Principal> {
  if (!presentedKey) throw new DeskError('unauthenticated', 'Send your API key in the x-api-key header.');
  const record = await apiKeys.findByHash(hashApiKey(presentedKey));
  if (!record) throw new DeskError('unauthenticated', 'The API key is not valid.');
  return {
    tenantId: record.tenantId,
    role: record.role,
    keyId: record.keyId,
    customerTenantIds: record.customerTenantIds,
    ...(record.label !== undefined ? { label: record.label } : {}),
  };
}
