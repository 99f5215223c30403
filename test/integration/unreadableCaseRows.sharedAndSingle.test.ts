import type { SupportCase } from '../../shared/domain/case';
import { startTestHost, type TestHost } from '../support/testHost';
import { makeCaseRowUnreadable, openEscalation, seedCase, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * A case row that fails the case schema (written by a newer version during a rollout, or edited by hand) is left out of
 * lists, and the log names it (tableCaseStore.ts listedCaseOf): one row must not take a whole list down. The paged
 * GET /api/shared-cases and GET /api/escalations read the cases handed to a provider one by one (casesStillShared), so
 * one unreadable row of the origin tenant must not turn the provider's lists into 500s either. A read of that one case
 * is a 503 with Retry-After (UnreadableCaseError): an instance of the newer version can answer it. On Azurite.
 */
describe('a case row this version cannot read (written by a newer version, or edited by hand)', () => {
  let desk: TestHost;
  let provider: TenantKeys;
  let origin: TenantKeys;
  let readable: SupportCase;
  let broken: SupportCase;
  let errorSpy: jest.SpyInstance;

  /** A case of `origin` handed to the provider, with its share row. */
  async function handedCase(origin: string): Promise<SupportCase> {
    const supportCase = await seedCase(desk, origin, {
      status: 'in_progress',
      sharedWithTenantIds: [provider.tenantId],
      escalations: [openEscalation('esc-1')],
    });
    await desk.desk.caseShares.add(provider.tenantId, { originTenantId: origin, caseId: supportCase.id });
    return supportCase;
  }

  beforeAll(async () => {
    desk = await startTestHost();
    provider = await tenantWithKeys(desk);
    origin = await tenantWithKeys(desk);
    readable = await handedCase(origin.tenantId);
    broken = await handedCase(origin.tenantId);
    await makeCaseRowUnreadable(desk.desk.tables('cases'), origin.tenantId, broken.id);
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
