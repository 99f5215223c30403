import type { SupportCase } from '../../shared/domain/case';
import { startTestHost, type TestHost } from '../support/testHost';
import { makeCaseRowUnreadable, newCaseBody, seedCase, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * Review of 5cb204b: TableCaseStore.get throws UnreadableCaseError (a 503) for a row that fails the case schema, and
 * lists leave such a row out. But readers that do not see the whole tenant (a providing tenant, a customer-scoped key)
 * have every linked case looked up through findAccessibleCase (caseAccess.ts readableCases), which calls get before it
 * decides whether the caller may see the case at all. So one unreadable linked case turns a readable case, and a whole
 * list, into a 503; and a customer-scoped key learns that another customer's case (or case number) exists, where it
 * must get a 404. On Azurite.
 */
describe('an unreadable case row seen by readers that do not see the whole tenant', () => {
  const otherCustomer = { tenantId: '0b8e6f1a-2c3d-4e5f-8a9b-1c2d3e4f5a6b', name: 'Contoso Ltd' };
  let desk: TestHost;
  let tenant: TenantKeys;
  let provider: TenantKeys;
  let scopedPortal: string;
  let errorSpy: jest.SpyInstance;

  beforeAll(async () => {
    desk = await startTestHost();
    tenant = await tenantWithKeys(desk);
    provider = await tenantWithKeys(desk);
    const issued = await desk.request('POST', '/api/keys', {
      key: tenant.admin,
      body: { role: 'portal', label: 'Fabrikam service desk', customerTenantIds: [newCaseBody.customer.tenantId] },
    });
    expect(issued.status).toBe(201);
    scopedPortal = issued.body.secret;
  });
  afterAll(() => desk.stop());
  beforeEach(() => {
    errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => errorSpy.mockRestore());

  /** A readable case linked (as a possible duplicate) to a case whose row is then made unreadable. */
  async function readableLinkedToUnreadable(
    overrides: Partial<SupportCase> = {},
  ): Promise<{ readable: SupportCase; broken: SupportCase }> {
    const broken = await seedCase(desk, tenant.tenantId, { title: 'Teams is down', ...overrides });
    const readable = await seedCase(desk, tenant.tenantId, {
      title: 'Teams is down again',
      linkedCaseIds: [broken.id],
      ...overrides,
    });
    await makeCaseRowUnreadable(desk.desk.tables('cases'), tenant.tenantId, broken.id);
    return { readable, broken };
  }

  it('given a customer-scoped portal key and a readable case of its customer linked to an unreadable one, when it reads the readable case, then 200 with that case, not 503', async () => {
    const { readable } = await readableLinkedToUnreadable();

    const read = await desk.request('GET', `/api/cases/${readable.id}`, { key: scopedPortal });

    expect(read.status).toBe(200);
    expect(read.body.id).toBe(readable.id);
  });

  it('given a customer-scoped portal key and a readable case of its customer linked to an unreadable one, when it lists cases, then 200 with the readable case, not 503', async () => {
    const { readable } = await readableLinkedToUnreadable();

    const list = await desk.request('GET', '/api/cases?pageSize=100', { key: scopedPortal });

    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(readable.id);
  });

  it('given a provider handed two cases, the readable one linked to the other whose row became unreadable, when it lists its shared cases, then 200 with the readable case, not 503', async () => {
    const shared = { status: 'in_progress' as const, sharedWithTenantIds: [provider.tenantId] };
    const { readable, broken } = await readableLinkedToUnreadable(shared);
    for (const supportCase of [broken, readable])
      await desk.desk.caseShares.add(provider.tenantId, { originTenantId: tenant.tenantId, caseId: supportCase.id });

    const page = await desk.request('GET', '/api/shared-cases?pageSize=100', { key: provider.agent });

    expect(page.status).toBe(200);
    expect(page.body.items.map((item: { id: string }) => item.id)).toEqual([readable.id]);
  });

  it('given a customer-scoped portal key and an unreadable case of another customer, when it reads that case by id, then 404 as for any case it may not see, not a 503 that says the case exists', async () => {
    const other = await seedCase(desk, tenant.tenantId, { customer: otherCustomer });
    await makeCaseRowUnreadable(desk.desk.tables('cases'), tenant.tenantId, other.id);

    const read = await desk.request('GET', `/api/cases/${other.id}`, { key: scopedPortal });

    expect(read.status).toBe(404);
  });

  it('given a customer-scoped portal key and an unreadable case of another customer, when it reads that case by number, then 404 as for a number never given out', async () => {
    const other = await seedCase(desk, tenant.tenantId, { customer: otherCustomer });
    await makeCaseRowUnreadable(desk.desk.tables('cases'), tenant.tenantId, other.id);

    const read = await desk.request('GET', `/api/case-numbers/${other.caseNumber}`, { key: scopedPortal });

    expect(read.status).toBe(404);
  });

  it('probe: given the tenant’s whole-tenant agent and a readable case linked to an unreadable one, when it reads the readable case, then 200 with the link kept', async () => {
    const { readable, broken } = await readableLinkedToUnreadable();

    const read = await desk.request('GET', `/api/cases/${readable.id}`, { key: tenant.agent });

    expect(read.status).toBe(200);
    expect(read.body.linkedCaseIds).toEqual([broken.id]);
  });
});
