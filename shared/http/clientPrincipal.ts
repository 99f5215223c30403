import { z } from 'zod';
import type { EntraIdentity } from '../domain/agent';
import { DeskError } from '../errors';

/**
 * The headers App Service Authentication (Easy Auth) puts on a request from a signed-in user, lowercase as HTTP/2 and
 * the Functions worker hand them over. The platform removes client-supplied copies before the app sees a request, but
 * only where authentication is enabled; see configure-authentication-user-identities:
 * https://learn.microsoft.com/azure/app-service/configure-authentication-user-identities
 */
export const clientPrincipalHeaders = {
  /** Base64 of the JSON `{ auth_typ, claims: [{ typ, val }], name_typ, role_typ }`. */
  principal: 'x-ms-client-principal',
  id: 'x-ms-client-principal-id',
  /** A human-readable name, e.g. the user principal name or email address. */
  name: 'x-ms-client-principal-name',
  /** The identity provider, `aad` for Microsoft Entra ID. */
  identityProvider: 'x-ms-client-principal-idp',
} as const;

/** Headers a client must never be able to set where the platform (or the local host) vouches for them. */
export function isPlatformIdentityHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('x-ms-client-principal') || lower.startsWith('x-ms-token-');
}

/**
 * Claim types of the tenant and object id: App Service maps the token's `tid` and `oid` to these long names, and may
 * pass the short ones through (https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference).
 */
export const entraClaimTypes = {
  tenantId: ['http://schemas.microsoft.com/identity/claims/tenantid', 'tid'],
  objectId: ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'],
} as const;

/** The provider name App Service uses for Microsoft Entra ID (auth_typ and X-MS-CLIENT-PRINCIPAL-IDP). */
export const entraProvider = 'aad';

const clientPrincipalSchema = z.lazy(() =>
  z.object({
    auth_typ: z.string(),
    claims: z.array(z.object({ typ: z.string(), val: z.string() })).max(500),
    name_typ: z.string().optional(),
    role_typ: z.string().optional(),
  }),
);
/** The decoded X-MS-CLIENT-PRINCIPAL header. */
export type ClientPrincipal = z.infer<typeof clientPrincipalSchema>;

/** A person the platform signed in with Microsoft Entra ID: their identity, and a name to address them by. */
export interface SignedInUser {
  identity: EntraIdentity;
  /** X-MS-CLIENT-PRINCIPAL-NAME, else the principal's name claim, else the object id. */
  displayName: string;
}

/** Base64 of the principal's JSON, as the platform sends it. */
export function encodeClientPrincipal(principal: ClientPrincipal): string {
  return Buffer.from(JSON.stringify(principal), 'utf8').toString('base64');
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;
/** Far above what App Service sends (a few KB of claims); a header this long is no principal of the platform's. */
const maxPrincipalLength = 64 * 1024;

const unreadable = (why: string): DeskError =>
  new DeskError('unauthenticated', `The sign-in could not be read (${why}); sign in again.`);

function claimOf(principal: ClientPrincipal, types: readonly string[]): string | undefined {
  return principal.claims.find((claim) => types.includes(claim.typ))?.val;
}

/**
 * The signed-in user of a request whose principal headers the platform vouches for, or undefined when the request
 * carries none. A header that is not base64 JSON of the documented shape, another provider than Microsoft Entra ID, or a
 * principal without a tenant and object id GUID is a 401: it names nobody the desk could map to an agent.
 */
export function signedInUserOf(headers: { get(name: string): string | null }): SignedInUser | undefined {
  const encoded = headers.get(clientPrincipalHeaders.principal)?.trim();
  if (!encoded) return undefined;
  if (encoded.length > maxPrincipalLength || !base64Pattern.test(encoded)) throw unreadable('not base64');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    throw unreadable('not JSON');
  }
  const parsed = clientPrincipalSchema.safeParse(decoded);
  if (!parsed.success) throw unreadable('not a client principal');
  const principal = parsed.data;
  if (principal.auth_typ !== entraProvider) {
    throw new DeskError(
      'unauthenticated',
      `Signed in with ${principal.auth_typ}; agents sign in with Microsoft Entra ID (${entraProvider}).`,
    );
  }
  const tenantId = claimOf(principal, entraClaimTypes.tenantId);
  const objectId = claimOf(principal, entraClaimTypes.objectId);
  if (!tenantId || !objectId || !guidPattern.test(tenantId) || !guidPattern.test(objectId)) {
    throw unreadable('no Microsoft Entra tenant and object id');
  }
  const nameClaim = principal.name_typ ? claimOf(principal, [principal.name_typ]) : undefined;
  const displayName = headers.get(clientPrincipalHeaders.name)?.trim() || nameClaim || objectId;
  return { identity: { tenantId: tenantId.toLowerCase(), objectId: objectId.toLowerCase() }, displayName };
}
