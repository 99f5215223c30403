import type { Principal } from '../domain/apiKey';

/**
 * The key a request's Idempotency-Key is stored under: the client's key, scoped to the API key that sent it. Two
 * portals of one tenant (say, two customers' service desks) may well both number their retries `1`, `2`, ...; scoped,
 * neither meets the other's claim, so neither gets the other's case back or a 409 naming it. Email intake stores its
 * own claims (`email:<Message-ID>`) unscoped: a mail is the same mail whoever delivers it.
 */
export function apiKeyClaimKey(principal: Principal, idempotencyKey: string): string {
  // JSON keeps the parts apart whatever characters a tenant id, key id or client key holds.
  return `apiKey:${JSON.stringify([principal.tenantId, principal.keyId, idempotencyKey])}`;
}
