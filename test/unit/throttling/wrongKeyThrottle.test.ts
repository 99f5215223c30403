import { clientOf, WrongKeyThrottle } from '../../../shared/throttling/wrongKeyThrottle';

describe('WrongKeyThrottle', () => {
  let now = 0;
  const throttle = (): WrongKeyThrottle =>
    new WrongKeyThrottle({
      maxFailures: 3,
      windowMs: 60_000,
      maxClients: 100,
      maxKnownKeys: 100,
      knownKeyTtlMs: 600_000,
      now: () => now,
    });

  beforeEach(() => {
    now = 1_000_000;
  });

  it('given a client with as many failures as allowed, when it presents an unknown key, then it waits for the rest of its window', () => {
    const keys = throttle();
    for (let failure = 0; failure < 3; failure += 1) {
      expect(keys.retryAfterSeconds('a', 'hash')).toBeUndefined();
      keys.recordFailure('a');
    }
    now += 20_000;

    expect(keys.retryAfterSeconds('a', 'hash')).toBe(40);
    expect(keys.retryAfterSeconds('b', 'hash')).toBeUndefined();
    now += 40_000;
    expect(keys.retryAfterSeconds('a', 'hash')).toBeUndefined();
  });

  it('given a throttled client, when it presents a key that worked recently, then it may go on', () => {
    const keys = throttle();
    keys.recordSuccess('good');
    for (let failure = 0; failure < 3; failure += 1) keys.recordFailure('a');

    expect(keys.retryAfterSeconds('a', 'good')).toBeUndefined();
    expect(keys.retryAfterSeconds('a', 'other')).toBeGreaterThan(0);
  });

  it('given failures from far more clients than it remembers, then it remembers at most its bound', () => {
    const keys = throttle();
    for (let client = 0; client < 10_000; client += 1) keys.recordFailure(`client-${client}`);

    expect(keys.entries.clients).toBe(100);
  });
});

describe('clientOf', () => {
  const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

  it.each([
    [{ 'x-forwarded-for': '203.0.113.7:50123, 10.0.0.4' }, '203.0.113.7'],
    [{ 'x-forwarded-for': '[2001:db8::1]:443' }, '2001:db8::1'],
    [{ 'x-forwarded-for': '2001:DB8::2' }, '2001:db8::2'],
    [{ 'x-azure-socketip': '198.51.100.9' }, '198.51.100.9'],
    [{}, 'unknown'],
    [{ 'x-forwarded-for': 'x'.repeat(5_000) }, 'x'.repeat(64)],
  ])('given %j, then the client is %s', (values, client) => {
    expect(clientOf(headers(values))).toBe(client);
  });
});
