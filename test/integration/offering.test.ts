import {
  defaultSupportOffering,
  publicOfferingView,
  supportOfferingSchema,
  type SupportOffering,
} from '../../shared/domain/offering';
import { startTestHost, type TestHost } from '../support/testHost';

/** The sample offering with Premium repriced and a reseller ladder, as a partner would publish its own. */
function partnerOffering(): SupportOffering {
  const offering = structuredClone(defaultSupportOffering());
  const premium = offering.services.azure.plans.find((plan) => plan.id === 'premium');
  if (!premium) throw new Error('the sample offering has no premium plan');
  premium.price = { amount: 1990, currency: 'EUR', per: 'month' };
  offering.settings.escalationLadder = [
    { kind: 'tier', tier: 'tier1' },
    { kind: 'partnerTenant', tenantId: 'contoso-distribution', name: 'Contoso Distribution' },
    { kind: 'microsoft' },
  ];
  offering.settings.technicalEntitlements = ['advancedSupportForPartners'];
  return offering;
}

describe('support offering API', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  it('given a tenant that never published an offering, when an agent reads it, then it gets the sample offering with its settings', async () => {
    const { key } = await desk.newTenantKey('agent');

    const response = await desk.request('GET', '/api/offering', { key });

    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(defaultSupportOffering())));
  });

  it('given an admin, when it puts a valid offering, then agents read it back exactly and the public view shows it without the settings', async () => {
    const admin = await desk.newTenantKey('admin');
    const agent = await desk.newTenantKey('agent', admin.tenantId);
    const offering = partnerOffering();

    const put = await desk.request('PUT', '/api/offering', { key: admin.key, body: offering });
    const read = await desk.request('GET', '/api/offering', { key: agent.key });
    const published = await desk.request('GET', `/api/offering/${admin.tenantId}/public`);

    expect(put.status).toBe(200);
    expect(read.body).toEqual(JSON.parse(JSON.stringify(supportOfferingSchema.parse(offering))));
    expect(published.status).toBe(200);
    expect(published.body).toEqual(JSON.parse(JSON.stringify(publicOfferingView(offering))));
    expect(published.body).not.toHaveProperty('settings');
    expect(published.text).not.toContain('contoso-distribution');
    const premium = published.body.services.azure.plans.find((plan: { id: string }) => plan.id === 'premium');
    expect(premium).toMatchObject({
      price: { amount: 1990, currency: 'EUR', per: 'month' },
      severitiesCovered: ['A', 'B', 'C'],
    });
  });

  it('given an offering with unknown currency and Microsoft in the middle of the ladder, when put, then 400 names both fields and nothing changes', async () => {
    const admin = await desk.newTenantKey('admin');
    const offering = partnerOffering();
    offering.services.azure.plans[0]!.price.currency = 'EUX';
    offering.settings.escalationLadder = [{ kind: 'microsoft' }, { kind: 'tier', tier: 'tier1' }];

    const put = await desk.request('PUT', '/api/offering', { key: admin.key, body: offering });

    expect(put.status).toBe(400);
    expect(put.headers.get('content-type')).toContain('application/problem+json');
    const fields = put.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['services.azure.plans.0.price.currency', 'settings.escalationLadder']),
    );
    expect((await desk.request('GET', '/api/offering', { key: admin.key })).body).toEqual(
      JSON.parse(JSON.stringify(defaultSupportOffering())),
    );
  });

  it('given keys without the right role, then agents may not change the offering and portals may not read its settings', async () => {
    const agent = await desk.newTenantKey('agent');
    const portal = await desk.newTenantKey('portal', agent.tenantId);

    const agentPut = await desk.request('PUT', '/api/offering', { key: agent.key, body: partnerOffering() });
    const portalGet = await desk.request('GET', '/api/offering', { key: portal.key });
    const anonymous = await desk.request('GET', '/api/offering');

    expect([agentPut.status, portalGet.status, anonymous.status]).toEqual([403, 403, 401]);
    expect((await desk.request('GET', '/api/offering', { key: agent.key })).body).toEqual(
      JSON.parse(JSON.stringify(defaultSupportOffering())),
    );
  });

  it('given a tenant the desk does not serve, when its public offering is asked for, then 404 rather than a sample offering', async () => {
    const response = await desk.request('GET', '/api/offering/no-such-partner/public');

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
