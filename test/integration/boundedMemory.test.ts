import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tenantCacheLimits, type TableTenantDirectory } from '../../shared/adapters/tables/tableTenantDirectory';
import { startTestHost, type TestHost } from '../support/testHost';

/** The collector, without starting jest with --expose-gc: the flag may be set at run time and read from a fresh context. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Anonymous requests for tenants the desk does not serve must not grow the host's memory: every cache is bounded, and
 * unknown tenants do not fill the one the real tenants need. 1,500 requests (more than the bound of the unknown-tenant
 * cache) keep the suite quick; MEMORY_REQUESTS=20000 gives the figure. The heap growth is reported, not
 * asserted, since it depends on the machine and the collector.
 */
describe('bounded memory for anonymous unknown-tenant requests', () => {
  const requests = Number(process.env.MEMORY_REQUESTS ?? 1_500);
  const parallel = 32;
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  it(
    `given ${requests} public offering requests for unknown tenants, when served, then all are 404 and the tenant caches stay within their bounds`,
    async () => {
      const gc = collector();
      const directory = desk.desk.tenants as TableTenantDirectory;
      const { key: admin, tenantId } = await desk.newTenantKey('admin');
      expect(
        (
          await desk.request('PUT', '/api/tenant-profile', {
            key: admin,
            body: { name: 'Real Partner', supportAddresses: [] },
          })
        ).status,
      ).toBe(200);
      expect((await desk.request('GET', `/api/offering/${tenantId}/public`)).status).toBe(200);
      // Warm up the host's own lazy state (clients, pools, code) before the baseline.
      await Promise.all(
        Array.from({ length: parallel }, () =>
          fetch(`${desk.url}/api/offering/warm-${randomUUID()}/public`).then((r) => r.arrayBuffer()),
        ),
      );
      gc();
      const before = process.memoryUsage();

      const statuses = new Map<number, number>();
      let next = 0;
      const started = Date.now();
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          while (next < requests) {
            next += 1;
            const response = await fetch(`${desk.url}/api/offering/${randomUUID()}/public`);
            await response.arrayBuffer();
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          }
        }),
      );
      const elapsed = Date.now() - started;
      gc();
      gc();
      const after = process.memoryUsage();
      const entries = directory.cacheEntries();
      console.log(
        `${requests} unknown-tenant requests in ${elapsed} ms: heap ${megabytes(before.heapUsed)} -> ${megabytes(after.heapUsed)} ` +
          `(growth ${megabytes(after.heapUsed - before.heapUsed)}), rss growth ${megabytes(after.rss - before.rss)}; cache entries ${JSON.stringify(entries)}`,
      );

      expect(statuses.get(404)).toBe(requests);
      const limits = directory.cacheLimits();
      for (const [name, count] of Object.entries(entries))
        expect(count).toBeLessThanOrEqual(limits[name as keyof typeof limits]);
      // Unknown tenants are remembered only in their own small negative cache, never in the one real tenants use.
      expect(entries.profiles).toBeLessThanOrEqual(2);
      expect(entries.absentProfiles).toBeLessThan(requests);
      expect(entries.absentProfiles).toBeLessThanOrEqual(tenantCacheLimits.absentProfiles);
      // The real tenant is still served after the flood.
      expect((await desk.request('GET', `/api/offering/${tenantId}/public`)).status).toBe(200);
    },
    Math.max(300_000, requests * 100),
  );
});
