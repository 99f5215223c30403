import { LRUCache } from 'lru-cache';

export interface WrongKeyThrottleOptions {
  /** Wrong keys a client may present in one window before it has to wait. */
  maxFailures: number;
  /** The window starts at a client's first wrong key; when it ends, the count starts again. */
  windowMs: number;
  /** Clients remembered at once (least recently failing go first), so a flood of addresses cannot grow memory. */
  maxClients: number;
  /** Keys that recently worked, remembered by hash, which a throttled client may still use. */
  maxKnownKeys: number;
  knownKeyTtlMs: number;
  now?: () => number;
}

interface Failures {
  count: number;
  windowEndsAt: number;
}

/**
 * Counts wrong API keys per client (per instance) and makes a client that sent too many wait: its next unknown keys
 * are refused with the seconds left in its window, without a storage lookup. A key that worked recently on this
 * instance still works from a throttled client (callers behind one proxy with someone guessing keys), and a working
 * key never counts.
 */
export class WrongKeyThrottle {
  private readonly failures: LRUCache<string, Failures>;
  private readonly knownKeys: LRUCache<string, true>;
  private readonly now: () => number;

  constructor(private readonly options: WrongKeyThrottleOptions) {
    this.failures = new LRUCache({ max: options.maxClients, ttl: options.windowMs });
    this.knownKeys = new LRUCache({ max: options.maxKnownKeys, ttl: options.knownKeyTtlMs });
    this.now = options.now ?? Date.now;
  }

  /** Seconds the client has to wait before this key is looked up; undefined when it may go on. */
  retryAfterSeconds(client: string, keyHash: string): number | undefined {
    const failures = this.failures.get(client);
    if (!failures) return undefined;
    const left = failures.windowEndsAt - this.now();
    if (left <= 0) {
      this.failures.delete(client);
      return undefined;
    }
    if (failures.count < this.options.maxFailures || this.knownKeys.has(keyHash)) return undefined;
    return Math.max(1, Math.ceil(left / 1000));
  }

  recordFailure(client: string): void {
    const now = this.now();
    const failures = this.failures.get(client);
    if (!failures || failures.windowEndsAt <= now)
      this.failures.set(client, { count: 1, windowEndsAt: now + this.options.windowMs });
    else failures.count += 1;
  }

  recordSuccess(keyHash: string): void {
    this.knownKeys.set(keyHash, true);
  }

  /** How many clients and keys are remembered now. */
  get entries(): { clients: number; knownKeys: number } {
    return { clients: this.failures.size, knownKeys: this.knownKeys.size };
  }
}

const maxClientLength = 64;

/**
 * Who is calling, for throttling: the first hop of X-Forwarded-For (the client as the Functions front end saw it) without
 * its port, else the socket address a host passes on, else one bucket for all callers without either.
 */
export function clientOf(headers: { get(name: string): string | null }): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const address = forwarded || headers.get('x-azure-socketip')?.trim() || headers.get('x-client-ip')?.trim();
  if (!address) return 'unknown';
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  const withoutPort = bracketed
    ? bracketed[1]
    : /^[^:]+:\d+$/.test(address)
      ? address.slice(0, address.lastIndexOf(':'))
      : address;
  return (withoutPort ?? address).toLowerCase().slice(0, maxClientLength);
}
