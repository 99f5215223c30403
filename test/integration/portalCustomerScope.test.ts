import { startTestHost, type TestHost } from '../support/testHost';

/*
 * A portal key may serve only some of the tenant's customers, e.g. the key a customer's own service desk tool uses to
 * file and follow its cases with the partner. Such a key sees, lists and acts on its customers' cases only.
 */
const contoso = '4b1e3c2d-6f5a-4e7d-8c9b-0a1b2c3d4e5f';
const fabrikam = '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b';

const caseFor = (customerTenantId: string, name: string): Record<string, unknown> => ({
  title: `${name}: mailbox quota warnings`,
  description: 'Several users get quota warnings although their mailboxes are half empty.',
  product: 'microsoft365',
  customer: { tenantId: customerTenantId, name },
  contact: { name: 'Max Muster', email: `max@${name.toLowerCase()}.example` },
});

describe('portal keys that serve some of the tenant’s customers', () => {
  let desk: TestHost;
  let tenantId: string;
  let admin: string;
  let contosoPortal: string;
  let tenantPortal: string;
  let contosoCaseId: string;
  let fabrikamCaseId: string;

  beforeAll(async () => {
    desk = await startTestHost();
    ({ tenantId, key: admin } = await desk.newTenantKey('admin'));
    tenantPortal = (await desk.newTenantKey('portal', tenantId)).key;
    const issued = await desk.request('POST', '/api/keys', {
      key: admin,
      body: { role: 'portal', label: 'Contoso service desk', customerTenantIds: [contoso] },
    });
    contosoPortal = issued.body.secret;
    contosoCaseId = (
      await desk.request('POST', '/api/cases', { key: contosoPortal, body: caseFor(contoso, 'Contoso') })
    ).body.id;
    fabrikamCaseId = (
      await desk.request('POST', '/api/cases', { key: tenantPortal, body: caseFor(fabrikam, 'Fabrikam') })
    ).body.id;
  });
  afterAll(() => desk.stop());

  it('given an admin, when it issues a portal key for one customer, then the key record names that customer', async () => {
    const listed = await desk.request('GET', '/api/keys', { key: admin });

    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ role: 'portal', label: 'Contoso service desk', customerTenantIds: [contoso] }),
    );
    expect(contosoCaseId).toEqual(expect.any(String));
    expect(fabrikamCaseId).toEqual(expect.any(String));
  });

  it('given the customer-scoped key, when it opens a case for another customer, then 403 and nothing is stored', async () => {
    const before = (await desk.request('GET', '/api/cases', { key: tenantPortal })).body.items.length;

    const other = await desk.request('POST', '/api/cases', { key: contosoPortal, body: caseFor(fabrikam, 'Fabrikam') });

    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect((await desk.request('GET', '/api/cases', { key: tenantPortal })).body.items).toHaveLength(before);
  });

  it('given the customer-scoped key, when it reads or lists cases, then it sees only its customer’s; the tenant-wide portal key sees both', async () => {
    expect((await desk.request('GET', `/api/cases/${contosoCaseId}`, { key: contosoPortal })).status).toBe(200);
    expect((await desk.request('GET', `/api/cases/${fabrikamCaseId}`, { key: contosoPortal })).status).toBe(404);

    const scoped = await desk.request('GET', '/api/cases', { key: contosoPortal });
    const tenantWide = await desk.request('GET', '/api/cases', { key: tenantPortal });

    expect(scoped.body.items.map((item: { id: string }) => item.id)).toEqual([contosoCaseId]);
    expect(tenantWide.body.items.map((item: { id: string }) => item.id).sort()).toEqual(
      [contosoCaseId, fabrikamCaseId].sort(),
    );
  });

  it('given the customer-scoped key, when it replies on or moves another customer’s case, then 404 and the case is unchanged', async () => {
    const before = await desk.request('GET', `/api/cases/${fabrikamCaseId}`, { key: tenantPortal });

    const reply = await desk.request('POST', `/api/cases/${fabrikamCaseId}/customer-replies`, {
      key: contosoPortal,
      body: { text: 'Any news?' },
    });
    const close = await desk.request('POST', `/api/cases/${fabrikamCaseId}/transitions`, {
      key: contosoPortal,
      body: { to: 'closed' },
    });

    expect([reply.status, close.status]).toEqual([404, 404]);
    expect((await desk.request('GET', `/api/cases/${fabrikamCaseId}`, { key: tenantPortal })).headers.get('etag')).toBe(
      before.headers.get('etag'),
    );
    const own = await desk.request('POST', `/api/cases/${contosoCaseId}/customer-replies`, {
      key: contosoPortal,
      body: { text: 'Any news?' },
    });
    expect(own.status).toBe(201);
  });

  it('given an admin, when it limits an agent key to customers or names more than ten, then 400 names the field', async () => {
    const agent = await desk.request('POST', '/api/keys', {
      key: admin,
      body: { role: 'agent', customerTenantIds: [contoso] },
    });
    const tooMany = await desk.request('POST', '/api/keys', {
      key: admin,
      body: { role: 'portal', customerTenantIds: Array.from({ length: 11 }, (_, index) => `customer-${index}`) },
    });

    expect([agent.status, tooMany.status]).toEqual([400, 400]);
    expect(agent.body.errors).toEqual([expect.objectContaining({ field: 'customerTenantIds' })]);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'customerTenantIds' })]);
  });
});
