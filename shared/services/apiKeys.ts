import { randomBytes } from 'node:crypto';
import { hashApiKey, type ApiKeyRecord, type ApiKeyRole, type Principal } from '../domain/apiKey';
import { conflict, invalidRequest, notFound } from '../errors';
import type { ApiKeyStore } from '../ports/apiKeyStore';
import type { Clock } from '../ports/clock';

export interface ApiKeyDependencies {
  apiKeys: ApiKeyStore;
  clock: Clock;
}

/** A new key: the secret is shown to whoever asked for it now and never again, since only its hash is stored. */
export interface IssuedApiKey {
  record: ApiKeyRecord;
  secret: string;
}

export interface ApiKeyRequest {
  tenantId: string;
  role: ApiKeyRole;
  label?: string;
  /** Only for portal keys: the customers the key serves. */
  customerTenantIds?: string[];
}

/** Issues a key for the tenant: 256 random bits, prefixed so a leaked secret is recognisable in logs and scanners. */
export async function issueApiKey(deps: ApiKeyDependencies, request: ApiKeyRequest): Promise<IssuedApiKey> {
  if (request.customerTenantIds && request.role !== 'portal') {
    throw invalidRequest(
      'Only a portal key can be limited to customers; agents and admins work for the whole tenant.',
      [{ field: 'customerTenantIds', message: `not allowed for the role ${request.role}` }],
    );
  }
  const secret = `csd_${randomBytes(32).toString('base64url')}`;
  const record: ApiKeyRecord = {
    keyId: `key-${randomBytes(6).toString('hex')}`,
    tenantId: request.tenantId,
    role: request.role,
    label: request.label,
    customerTenantIds: request.customerTenantIds,
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.apiKeys.save(hashApiKey(secret), record);
  return { record, secret };
}

export function listApiKeys(apiKeys: ApiKeyStore, tenantId: string): Promise<ApiKeyRecord[]> {
  return apiKeys.listForTenant(tenantId);
}

/**
 * Revokes one of the caller's tenant's keys; it stops working with the next request. The key making the request cannot
 * revoke itself, so an admin rotating keys always holds a working one (issue the new key first, then revoke the old).
 */
export async function revokeApiKey(apiKeys: ApiKeyStore, principal: Principal, keyId: string): Promise<void> {
  if (keyId === principal.keyId) throw conflict('A key cannot revoke itself; revoke it with another admin key.');
  if (!(await apiKeys.revoke(principal.tenantId, keyId))) throw notFound(`No API key ${keyId}.`);
}
