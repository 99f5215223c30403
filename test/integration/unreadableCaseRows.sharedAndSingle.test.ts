import { toDocumentColumns } from '../../shared/adapters/tables/jsonColumns';
import type { SupportCase } from '../../shared/domain/case';
import type { Escalation } from '../../shared/domain/escalation';
import { startTestHost, type TestHost } from '../support/testHost';
import { seedCase, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * A case row that fails the case schema (written by a newer version during a rollout, or edited by hand) is left out of
 * lists, and the log names it (tableCaseStore.ts listedCaseOf): one row must not take a whole list down. The paged
 * GET /api/shared-cases and GET /api/escalations read the cases handed to a provider one by one (casesStillShared), so
 * one unreadable row of the origin tenant must not turn the provider's lists into 500s either. On Azurite.
 */
describe('a case row this version cannot read (written by a newer version, or edited by hand)', () => {
  let desk: TestHost;
  let provider: TenantKeys;
  let origin: TenantKeys;
  let readable: SupportCase;
  let broken: SupportCase;
  let errorSpy: jest.SpyInstance;

  const escalation = (id: string): Escalation => ({
    id,
    vehicle: 'commercialSupport',
    microsoftSeverity: 'moderate',
    reason: 'Billing dispute',
    requestedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
    requestedBy: 'key-agent',
    status: 'open',
    responseDueAt: new Date(Date.now() + 60 * 60_000).toISOString(),
    microsoftResponses: [],
  });

  /** A case of `origin` handed to the provider, with its share row. */
  async function handedCase(origin: string): Promise<SupportCase> {
    const supportCase = await seedCase(desk, origin, {
      status: 'in_progress',
      sharedWithTenantIds: [provider.tenantId],
      escalations: [escalation('esc-1')],
    });
    await desk.desk.caseShares.add(provider.tenantId, { originTenantId: origin, caseId: supportCase.id });
    return supportCase;
  }

  /** Gives the case row a status this version does not know, as a newer version might write it. */
  async function makeUnreadable(tenantId: string, caseId: string): Promise<void> {
    const cases = desk.desk.tables('cases');
    const row = await cases.getEntity<Record<string, unknown>>(tenantId, `case|${caseId}`);
    const document = JSON.parse(String(row.Doc0 ?? '{}')) as Record<string, unknown>;
    expect(Object.keys(document)).toContain('status');
    await cases.updateEntity(
      {
        partitionKey: tenantId,
        rowKey: `case|${caseId}`,
        ...toDocumentColumns({ ...document, status: 'onHoldByVendor' }),
      },
      'Merge',
    );
  }

  beforeAll(async () => {
    desk = await startTestHost();
    provider = await tenantWithKeys(desk);
    origin = await tenantWithKeys(desk);
    readable = await handedCase(origin.tenantId);
    broken = await handedCase(origin.tenantId);
    await makeUnreadable(origin.tenantId, broken.id);
  });
  afterAll(() => desk.stop());
  beforeEach(() => {
    errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => errorSpy.mockRestore());

  it('given a provider handed two cases, one of whose rows became unreadable, when it lists its shared cases, then 200 with the readable case', async () => {
    const page = await desk.request('GET', '/api/shared-cases?pageSize=10', { key: provider.agent });

    expect(page.status).toBe(200);
    expect(page.body.items.map((item: { id: string }) => item.id)).toEqual([readable.id]);
  });

  it('given a provider handed two escalated cases, one of whose rows became unreadable, when it lists escalations, then 200 with the readable case’s escalation', async () => {
    const page = await desk.request('GET', '/api/escalations?pageSize=10', { key: provider.agent });

    expect(page.status).toBe(200);
    expect(page.body.items.map((item: { caseId: string }) => item.caseId)).toEqual([readable.id]);
  });

  it('given a case row this version cannot read, when its own tenant or the provider reads the case, then 503 with Retry-After, not 500', async () => {
    for (const key of [origin.agent, provider.agent]) {
      const read = await desk.request('GET', `/api/cases/${broken.id}`, { key });

      expect(read.status).toBe(503);
      expect(read.headers.get('retry-after')).toBe('60');
      expect(read.body.detail).toBe(
        `Case ${broken.id} is stored in a shape this version of the desk cannot read; try again shortly.`,
      );
    }
  });
});
