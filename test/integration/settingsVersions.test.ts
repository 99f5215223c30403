import { randomUUID } from 'node:crypto';
import { defaultSupportOffering } from '../../shared/domain/offering';
import { startTestHost, type TestHost, type TestResponse } from '../support/testHost';

/**
 * Tenant settings (offering, triage rules, profile, customers) carry their version: GET and PUT answer with an ETag, a
 * PUT with If-Match applies only over that version (else 412 problem+json, nothing changed), a PUT without it still
 * replaces whatever is stored.
 */
describe('tenant settings versions: ETag and If-Match', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const offering = (price: number): unknown => {
    const changed = structuredClone(defaultSupportOffering());
    const premium = changed.services.azure.plans.find((plan) => plan.id === 'premium');
    if (!premium) throw new Error('the sample offering has no premium plan');
    premium.price = { amount: price, currency: 'EUR', per: 'month' };
    return JSON.parse(JSON.stringify(changed));
  };
  const rules = (id: string): unknown[] => [
    {
      id,
      description: `${id} tickets are severity B`,
      when: { keywords: { any: ['ERP'] } },
      set: { product: 'dynamics365', severity: 'B', category: 'technical' },
    },
  ];
  const customer = (name: string): unknown => ({
    name,
    domains: ['litware.example'],
    supportPlanId: 'premium',
    billingMode: 'included',
  });

  interface Setting {
    name: string;
    /** The path, and a body to put; `version` makes each body different. */
    path: (tenantId: string) => string;
    body: (version: number) => unknown;
    /** Whether a GET answers before the first PUT (defaults) or is a 404. */
    readableBeforeFirstPut: boolean;
    /** Picks what the test compares from a GET body. */
    pick: (body: any) => unknown;
  }

  const customerId = randomUUID();
  const settings: Setting[] = [
    {
      name: 'offering',
      path: () => '/api/offering',
      body: (version) => offering(1000 + version),
      readableBeforeFirstPut: true,
      pick: (body) => body.services.azure.plans,
    },
    {
      name: 'triage rules',
      path: () => '/api/triage-rules',
      body: (version) => rules(`rule-${version}`),
      readableBeforeFirstPut: true,
      pick: (body) => body[0].id,
    },
    {
      name: 'profile',
      path: () => '/api/tenant-profile',
      body: (version) => ({ name: `Partner ${version}`, supportAddresses: [] }),
      readableBeforeFirstPut: false,
      pick: (body) => body.name,
    },
    {
      name: 'customer',
      path: () => `/api/customers/${customerId}`,
      body: (version) => customer(`Litware ${version}`),
      readableBeforeFirstPut: false,
      pick: (body) => body.name,
    },
  ];

  const expectPreconditionFailed = (response: TestResponse): void => {
    expect(response.status).toBe(412);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 412 });
  };

  describe.each(settings)('$name', (setting) => {
    it('given two admins holding the same version, when both put with If-Match, then the first wins, the second gets 412 and nothing of it is stored', async () => {
      const { key: first, tenantId } = await desk.newTenantKey('admin');
      const { key: second } = await desk.newTenantKey('admin', tenantId);
      const path = setting.path(tenantId);
      expect((await desk.request('PUT', path, { key: first, body: setting.body(1) })).status).toBeLessThan(300);
      const read = await desk.request('GET', path, { key: first });
      const etag = read.headers.get('etag');
      expect(etag).toBeTruthy();

      const winner = await desk.request('PUT', path, {
        key: first,
        body: setting.body(2),
        headers: { 'if-match': etag ?? '' },
      });
      const loser = await desk.request('PUT', path, {
        key: second,
        body: setting.body(3),
        headers: { 'if-match': etag ?? '' },
      });

      expect(winner.status).toBe(200);
      expect(winner.headers.get('etag')).toBeTruthy();
      expect(winner.headers.get('etag')).not.toBe(etag);
      expectPreconditionFailed(loser);
      const now = await desk.request('GET', path, { key: second });
      expect(setting.pick(now.body)).toEqual(setting.pick(winner.body));
      expect(now.headers.get('etag')).toBe(winner.headers.get('etag'));
    });

    it('given the current version, when put with it, then 200 with a new ETag; a made-up If-Match is a 412; without If-Match the last writer still wins', async () => {
      const { key, tenantId } = await desk.newTenantKey('admin');
      const path = setting.path(tenantId);
      await desk.request('PUT', path, { key, body: setting.body(1) });
      const current = (await desk.request('GET', path, { key })).headers.get('etag') ?? '';

      const guarded = await desk.request('PUT', path, { key, body: setting.body(2), headers: { 'if-match': current } });
      const madeUp = await desk.request('PUT', path, {
        key,
        body: setting.body(3),
        headers: { 'if-match': '"not-a-version"' },
      });
      const unguarded = await desk.request('PUT', path, { key, body: setting.body(4) });

      expect(guarded.status).toBe(200);
      expectPreconditionFailed(madeUp);
      expect(unguarded.status).toBe(200);
      const read = await desk.request('GET', path, { key });
      expect(setting.pick(read.body)).toEqual(setting.pick(unguarded.body));
      expect(read.headers.get('etag')).toBe(unguarded.headers.get('etag'));
    });

    it(`given nothing stored yet, when read and put with If-Match, then ${setting.readableBeforeFirstPut ? 'the defaults’ version can be put over once' : 'a 404 has no version and any If-Match is a 412'}`, async () => {
      const { key, tenantId } = await desk.newTenantKey('admin');
      const path = setting.path(tenantId);
      const read = await desk.request('GET', path, { key });

      if (setting.readableBeforeFirstPut) {
        const defaults = read.headers.get('etag') ?? '';
        expect(read.status).toBe(200);
        expect(defaults).toBeTruthy();
        expect(
          (await desk.request('PUT', path, { key, body: setting.body(1), headers: { 'if-match': defaults } })).status,
        ).toBe(200);
        expectPreconditionFailed(
          await desk.request('PUT', path, { key, body: setting.body(2), headers: { 'if-match': defaults } }),
        );
      } else {
        expect(read.status).toBe(404);
        expect(read.headers.get('etag')).toBeNull();
        expectPreconditionFailed(
          await desk.request('PUT', path, {
            key,
            body: setting.body(1),
            headers: { 'if-match': 'W/"datetime\'2026-01-01T00%3A00%3A00.0000000Z\'"' },
          }),
        );
        expect((await desk.request('GET', path, { key })).status).toBe(404);
      }
    });
  });
});
