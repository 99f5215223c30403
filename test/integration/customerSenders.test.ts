import { randomUUID } from 'node:crypto';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * A mail domain or single address of a customer record says whose people write from it: mail from it opens cases of
 * that customer, which that customer's portal keys then read, and it may join that customer's threads. One address or
 * domain therefore names one customer of a tenant. A PUT /api/customers/{id} naming one that another customer holds is
 * a 409 that changes nothing, instead of silently taking the other customer's mail.
 */
describe("customers' mail domains and addresses", () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const putCustomer = (admin: string, id: string, body: Record<string, unknown>) =>
    desk.request('PUT', `/api/customers/${id}`, { key: admin, body });

  it('given a customer with a mail domain, when another customer is put with that domain, then 409 naming it, the other is not stored and the mail still finds the first', async () => {
    const { tenantId, key: admin } = await desk.newTenantKey('admin');
    const fabrikam = randomUUID();
    const tailspin = randomUUID();
    expect((await putCustomer(admin, fabrikam, { name: 'Fabrikam', domains: ['fabrikam.example'] })).status).toBe(201);

    const taken = await putCustomer(admin, tailspin, {
      name: 'Tailspin',
      domains: ['tailspin.example', 'fabrikam.example'],
    });

    expect(taken.status).toBe(409);
    expect(taken.headers.get('content-type')).toContain('application/problem+json');
    expect(taken.body.detail).toContain('fabrikam.example');
    expect((await desk.request('GET', `/api/customers/${tailspin}`, { key: admin })).status).toBe(404);
    expect((await desk.desk.customers.findBySender(tenantId, 'bob@fabrikam.example'))?.customerTenantId).toBe(fabrikam);
    expect(await desk.desk.customers.findBySender(tenantId, 'eve@tailspin.example')).toBeUndefined();
  });

  it('given a customer with a single address, when another customer is put with that address, then 409', async () => {
    const { key: admin } = await desk.newTenantKey('admin');
    await putCustomer(admin, randomUUID(), { name: 'Fabrikam', addresses: ['owner@freemail.example'] });

    const taken = await putCustomer(admin, randomUUID(), { name: 'Tailspin', addresses: ['Owner@Freemail.example'] });

    expect(taken.status).toBe(409);
    expect(taken.body.detail).toContain('owner@freemail.example');
  });

  it('given a customer put again with its own domain, then 200; once it dropped the domain, another customer may take it', async () => {
    const { tenantId, key: admin } = await desk.newTenantKey('admin');
    const fabrikam = randomUUID();
    const tailspin = randomUUID();
    await putCustomer(admin, fabrikam, { name: 'Fabrikam', domains: ['fabrikam.example'] });

    expect((await putCustomer(admin, fabrikam, { name: 'Fabrikam Ltd', domains: ['fabrikam.example'] })).status).toBe(
      200,
    );
    expect((await putCustomer(admin, fabrikam, { name: 'Fabrikam Ltd', domains: [] })).status).toBe(200);
    const moved = await putCustomer(admin, tailspin, { name: 'Tailspin', domains: ['fabrikam.example'] });

    expect(moved.status).toBe(201);
    expect((await desk.desk.customers.findBySender(tenantId, 'bob@fabrikam.example'))?.customerTenantId).toBe(tailspin);
  });

  it('given two tenants, when each puts a customer with the same domain, then both are stored: the rule holds within a tenant', async () => {
    const first = await desk.newTenantKey('admin');
    const second = await desk.newTenantKey('admin');

    const a = await putCustomer(first.key, randomUUID(), { name: 'Fabrikam', domains: ['fabrikam.example'] });
    const b = await putCustomer(second.key, randomUUID(), { name: 'Fabrikam', domains: ['fabrikam.example'] });

    expect([a.status, b.status]).toEqual([201, 201]);
  });
});
