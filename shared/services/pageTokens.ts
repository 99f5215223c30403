import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidRequest, type DeskError } from '../errors';
import type { SigningKeys } from '../ports/signingKeys';

/*
 * A continuation token as clients see it: `p1.<storage token, base64url>.<HMAC-SHA256, base64url>`. The HMAC covers
 * the storage token and the scope of the list that produced it (the tenant and every filter, the key's customers
 * included), so a token is only good for the very list it came from: one changed character, a token from another
 * tenant or one from a list with other filters fails the check, and the storage token inside never reaches Table
 * Storage unless the desk itself made it.
 */
const version = 'p1';
const signingKeyPurpose = 'pageTokens';
/** Table Storage tokens are a few hundred characters; anything much longer is not one of ours. */
export const maxPageTokenLength = 2048;

/** What a list is of: the tenant and the filters, whatever they are; a token only continues the list with the same scope. */
export type PageScope = Record<string, string | number | boolean | readonly string[] | undefined>;

/** The scope as one string that does not depend on property or array order. */
function canonicalScope(scope: PageScope): string {
  const entries = Object.entries(scope)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => [name, Array.isArray(value) ? [...(value as readonly string[])].sort() : value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

async function signatureOf(keys: SigningKeys, scope: PageScope, payload: string): Promise<Buffer> {
  const key = await keys.key(signingKeyPurpose);
  return createHmac('sha256', key)
    .update(`${version}\n${canonicalScope(scope)}\n${payload}`)
    .digest();
}

/** The token a client gets for the next page of a list: the storage token, signed for this list only. */
export async function sealPageToken(
  keys: SigningKeys,
  scope: PageScope,
  storageToken: string | undefined,
): Promise<string | undefined> {
  if (storageToken === undefined) return undefined;
  const payload = Buffer.from(storageToken, 'utf8').toString('base64url');
  return `${version}.${payload}.${(await signatureOf(keys, scope, payload)).toString('base64url')}`;
}

const notOurs = (): DeskError =>
  invalidRequest(
    'The continuationToken does not continue this list: send the one the previous page returned, with the same filters, or none to start over.',
    [{ field: 'continuationToken', message: 'not a continuation token of this list' }],
  );

/** The storage token inside a client's token, if the desk signed it for this very list; otherwise a 400. */
export async function openPageToken(
  keys: SigningKeys,
  scope: PageScope,
  token: string | undefined,
): Promise<string | undefined> {
  if (token === undefined) return undefined;
  const parts = token.length <= maxPageTokenLength ? token.split('.') : [];
  const [tokenVersion, payload, signature] = parts;
  if (
    parts.length !== 3 ||
    tokenVersion !== version ||
    !payload ||
    !signature ||
    !/^[A-Za-z0-9_-]+$/.test(payload + signature)
  )
    throw notOurs();
  const expected = await signatureOf(keys, scope, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw notOurs();
  return Buffer.from(payload, 'base64url').toString('utf8');
}
