import { randomUUID } from 'node:crypto';
import { startTestHost, type TestHost } from '../support/testHost';

/**
 * Repeated wrong API keys are throttled per client (the first X-Forwarded-For hop): after 10 in a window, the client's
 * next unknown keys answer 429 problem+json with Retry-After. Working keys and other clients are not affected.
 */
describe('wrong API keys are throttled per client', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const from = (client: string, key: string | undefined) =>
    desk.request('GET', '/api/cases', { key, headers: { 'x-forwarded-for': `${client}:50123, 10.0.0.4` } });

  /** A client address of its own per test, so the tests do not share a window. */
  let next = 10;
  const client = (): string => {
    next += 1;
    return `198.51.100.${next}`;
  };

  it('given a client that sent 10 wrong keys (each a 401), when it sends another, then 429 problem+json with Retry-After', async () => {
    const attacker = client();
    const first: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1)
      first.push((await from(attacker, `guess-${randomUUID()}`)).status);

    const throttled = await from(attacker, `guess-${randomUUID()}`);

    expect(first).toEqual(Array(10).fill(401));
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(300);
    expect(throttled.body).toMatchObject({ status: 429, retryAfterSeconds: retryAfter });
  });

  it('given a throttled client, then its working key still works, and other clients are unaffected, wrong or right', async () => {
    const { key } = await desk.newTenantKey('agent');
    const shared = client();
    expect((await from(shared, key)).status).toBe(200);
    for (let attempt = 0; attempt < 10; attempt += 1) await from(shared, `guess-${randomUUID()}`);
    expect((await from(shared, `guess-${randomUUID()}`)).status).toBe(429);

    expect((await from(shared, key)).status).toBe(200);
    const neighbour = client();
    expect((await from(neighbour, `typo-${randomUUID()}`)).status).toBe(401);
    expect((await from(neighbour, key)).status).toBe(200);
  });

  it('given a client with a working key, when it calls many times, and one without any key, then neither is ever throttled', async () => {
    const { key } = await desk.newTenantKey('agent');
    const busy = client();
    const keyless = client();

    const statuses: number[] = [];
    for (let call = 0; call < 15; call += 1)
      statuses.push((await from(busy, key)).status, (await from(keyless, undefined)).status);

    expect(statuses.filter((_status, index) => index % 2 === 0)).toEqual(Array(15).fill(200));
    expect(statuses.filter((_status, index) => index % 2 === 1)).toEqual(Array(15).fill(401));
  });
});
