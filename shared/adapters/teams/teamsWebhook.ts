import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressInside, pointsInside } from '../../domain/offering/webhookAddress';
import { PermanentMessageError } from '../../messaging/messageFailure';

/** Teams refused the post for good (the workflow was deleted, the URL is wrong, the card is invalid). */
export class TeamsWebhookRefusedError extends PermanentMessageError {
  override readonly name = 'TeamsWebhookRefusedError';

  constructor(status: number, detail: string) {
    super('TeamsWebhookRefused', `The Teams webhook answered ${status}: ${detail.slice(0, 500)}`);
  }
}

/**
 * The webhook's host is, or resolves to, this machine, a private network or Azure's platform (`addressInside`): the
 * desk does not post there, now or on a redelivery. The URL is not in the message: it carries the workflow's signature.
 */
export class TeamsWebhookNotPublicError extends PermanentMessageError {
  override readonly name = 'TeamsWebhookNotPublicError';

  constructor(host: string, insideAddresses: readonly string[]) {
    const where = insideAddresses.length > 0 ? `resolves to ${insideAddresses.join(', ')}, ` : 'is ';
    super(
      'TeamsWebhookNotPublic',
      `The Teams webhook host ${host} ${where}not a public address: the desk does not post there`,
    );
  }
}

/** Teams could not take the post now (throttled, unavailable); a later delivery may. */
export class TeamsWebhookUnavailableError extends Error {
  override readonly name = 'TeamsWebhookUnavailableError';

  constructor(
    readonly status: number,
    /** Seconds Teams asked to wait (Retry-After), when it said. */
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(`The Teams webhook answered ${status}${retryAfterSeconds ? `; retry after ${retryAfterSeconds} s` : ''}`);
  }
}

/** One address a host name resolves to, as `dns.lookup` answers it. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to; rejects when it resolves to none. */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system's resolver (getaddrinfo, /etc/hosts included), as a connection would use it, in its own order. */
const systemResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface TeamsPostOptions {
  /**
   * Whether the webhook may be on this machine or a private network: only in the local host (`runsInLocalHost`), whose
   * tests post to a receiver on 127.0.0.1.
   */
  insideAllowed: boolean;
  /** Resolves the webhook's host name; the system's resolver unless a test answers for a name. */
  resolve?: HostResolver;
}

/** The addresses to connect to: the URL's own IP address, or every address its host name resolves to. */
async function addressesOf(url: URL, resolve: HostResolver): Promise<readonly ResolvedAddress[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(host);
  if (family !== 0) return [{ address: host, family }];
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    throw new Error(`The Teams webhook host ${host} did not resolve: ${(error as Error).message}`, { cause: error });
  }
  if (addresses.length === 0) throw new Error(`The Teams webhook host ${host} resolved to no address`);
  return addresses;
}

/** A `lookup` for one connection that answers only the addresses already checked, so nothing is looked up again. */
function checkedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      callback(
        null,
        addresses.map(({ address, family }) => ({ address, family })),
      );
      return;
    }
    const [first] = addresses as [ResolvedAddress];
    callback(null, first.address, first.family);
  };
}

interface TeamsAnswer {
  status: number;
  retryAfter: string | undefined;
  detail: string;
}

/** How much of a refusal's body is kept for its error: Teams explains itself in a few hundred bytes. */
const detailBytes = 2048;

/**
 * Sends the post on its own connection (no pooled socket another lookup opened) to the checked addresses only; the URL
 * still names the host, so TLS checks its certificate and the Host header names it. Never follows a redirect.
 */
function send(url: URL, body: string, addresses: readonly ResolvedAddress[]): Promise<TeamsAnswer> {
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        lookup: checkedLookup(addresses),
        agent: false,
        signal: AbortSignal.timeout(10_000),
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < detailBytes) chunks.push(chunk);
          kept += chunk.length;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers['retry-after'],
            detail: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * Posts a message to a Teams Workflows webhook. Outside the local host, a webhook whose host is inside (`pointsInside`)
 * or resolves to any inside address (`addressInside`) is refused before anything is sent (TeamsWebhookNotPublicError,
 * permanent); the post then connects only to the addresses that were checked, so a DNS answer that changes between
 * check and connect (rebinding) cannot move it. Workflows answers 202 Accepted (200 on older connectors). 408, 429 and
 * 5xx are worth another delivery (TeamsWebhookUnavailableError); any other status is permanent (TeamsWebhookRefusedError),
 * a redirect included: a webhook URL answers itself, and following one would let a tenant's setting send the desk's
 * requests to an address the check never saw. A host that does not resolve, a timeout (10 s) or a broken connection
 * is a plain Error: transient.
 */
export async function postToTeams(webhookUrl: string, message: unknown, options: TeamsPostOptions): Promise<void> {
  const url = new URL(webhookUrl);
  if (!options.insideAllowed && pointsInside(webhookUrl)) throw new TeamsWebhookNotPublicError(url.hostname, []);
  const addresses = await addressesOf(url, options.resolve ?? systemResolver);
  if (!options.insideAllowed) {
    const inside = addresses.filter(({ address }) => addressInside(address)).map(({ address }) => address);
    if (inside.length > 0) throw new TeamsWebhookNotPublicError(url.hostname, inside);
  }
  const answer = await send(url, JSON.stringify(message), addresses);
  if (answer.status >= 200 && answer.status < 300) return;
  if (answer.status === 408 || answer.status === 429 || answer.status >= 500) {
    const retryAfter = Number(answer.retryAfter);
    throw new TeamsWebhookUnavailableError(
      answer.status,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  throw new TeamsWebhookRefusedError(answer.status, answer.detail);
}
