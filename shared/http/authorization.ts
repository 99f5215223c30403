import type { HttpRequest } from '@azure/functions';
import { hashApiKey, type Principal } from '../domain/apiKey';
import { can, refusalFor, type Permission } from '../domain/permissions';
import { DeskError, invalidRequest } from '../errors';
import type { Desk } from '../composition';
import { clientOf, WrongKeyThrottle } from '../throttling/wrongKeyThrottle';
import { agentPrincipal } from '../services/agents';
import { authenticate } from '../services/authentication';
import { signedInUserOf } from './clientPrincipal';

/**
 * Wrong API keys per client and instance: after 10 in five minutes, the client's further unknown keys answer 429 until
 * the five minutes are over, without a storage lookup. Keys that worked recently keep working; at most 10,000 clients
 * and 10,000 keys are remembered.
 */
function wrongKeyThrottle(): WrongKeyThrottle {
  // Made at the first request, not at load: its caches allocate their 10,000 slots up front, which every function's
  // cold start, timers and queues included, would pay for.
  throttle ??= new WrongKeyThrottle({
    maxFailures: 10,
    windowMs: 5 * 60_000,
    maxClients: 10_000,
    maxKnownKeys: 10_000,
    knownKeyTtlMs: 10 * 60_000,
  });
  return throttle;
}

let throttle: WrongKeyThrottle | undefined;

/**
 * The caller, if their role holds `permission`: a person signed in with Microsoft Entra ID, else the request's API key.
 * The platform's client-principal headers count only where the app trusts them (AUTH_CLIENT_PRINCIPAL=trusted, set
 * where App Service Authentication or the local host removes client-supplied copies); then they win over an API key
 * the same request carries, since they name the person. A signed-in user who is no active agent is a 403 (see
 * agentPrincipal). Without either, or with an unknown (or revoked) key, a 401; a role without the permission a 403. It
 * runs before anything is looked up, so a 403 says nothing about whether the object asked for exists. A client that
 * sent too many wrong keys gets a 429 with Retry-After instead.
 */
export async function authorize(request: HttpRequest, desk: Desk, permission: Permission): Promise<Principal> {
  const signedIn = desk.config.clientPrincipal === 'trusted' ? signedInUserOf(request.headers) : undefined;
  const principal = signedIn ? await agentPrincipal(desk.agents, signedIn) : await keyPrincipal(request, desk);
  if (!can(principal.role, permission))
    throw new DeskError('forbidden', refusalFor(principal.role, permission), { permission });
  return principal;
}

/** The caller behind the request's API key, throttling clients that keep sending wrong keys. */
async function keyPrincipal(request: HttpRequest, desk: Desk): Promise<Principal> {
  const presented = request.headers.get('x-api-key');
  const keyHash = presented ? hashApiKey(presented) : undefined;
  const client = clientOf(request.headers);
  if (keyHash !== undefined) {
    const retryAfterSeconds = wrongKeyThrottle().retryAfterSeconds(client, keyHash);
    if (retryAfterSeconds !== undefined) {
      throw new DeskError(
        'tooManyRequests',
        `Too many wrong API keys from this client; try again in ${retryAfterSeconds} s.`,
        { retryAfterSeconds },
      );
    }
  }
  let principal: Principal;
  try {
    principal = await authenticate(desk.apiKeys, presented);
  } catch (error) {
    if (keyHash !== undefined && error instanceof DeskError && error.kind === 'unauthenticated')
      wrongKeyThrottle().recordFailure(client);
    throw error;
  }
  if (keyHash !== undefined) wrongKeyThrottle().recordSuccess(keyHash);
  return principal;
}

/** The version a person's write is based on; `*` (any version) asks for no check, like no header at all. */
export function ifMatchOf(request: HttpRequest): string | undefined {
  const value = request.headers.get('if-match')?.trim();
  return value && value !== '*' ? value : undefined;
}

const maxActedByLength = 200;
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;
/**
 * Characters that change how a name displays or breaks without being part of it: direction marks, overrides and
 * isolates (a Trojan Source trick), line and paragraph separators, zero-width spaces, word joiners and the byte order
 * mark. The zero-width (non-)joiners stay allowed: Persian and Indic names and emoji sequences need them.
 */
const formatCharacters = /[\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/**
 * The person acting through the key, from the `Acted-By` header: a portal or integration sharing one key names its
 * user there, so the timeline says who wrote. HTTP headers carry Latin-1 only, so a name with other characters is sent
 * percent-encoded UTF-8 (`encodeURIComponent`). 1 to 200 characters after decoding, at least one letter or digit, no control or
 * direction-override characters; anything else is a 400. The desk records the name as given; it cannot verify it. A
 * signed-in agent sending it is a 400 too: the sign-in already names them, and a second name could only contradict it.
 */
export function actedByOf(request: HttpRequest, caller: Principal): string | undefined {
  const raw = request.headers.get('acted-by');
  if (raw === null) return undefined;
  if (caller.agentId !== undefined) {
    throw invalidRequest('Acted-By names the person behind a shared API key; a signed-in agent acts as themselves.', [
      { field: 'Acted-By', message: 'not sent with a Microsoft Entra sign-in' },
    ]);
  }
  const refused = (): DeskError =>
    invalidRequest('Acted-By names the person acting through the key.', [
      {
        field: 'Acted-By',
        message: `1 to ${maxActedByLength} characters, percent-encoded UTF-8 where not Latin-1, no control characters`,
      },
    ]);
  let value: string;
  try {
    value = decodeURIComponent(raw).trim();
  } catch {
    throw refused();
  }
  // A name must show: one that is only format characters (zero-width spaces, direction overrides) names nobody.
  const visible = /[\p{L}\p{N}]/u.test(value);
  if (!visible || value.length > maxActedByLength || controlCharacters.test(value) || formatCharacters.test(value)) {
    throw refused();
  }
  return value;
}
