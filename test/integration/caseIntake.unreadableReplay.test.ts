import { startTestHost, type TestHost } from '../support/testHost';
import { makeCaseRowUnreadable, newCaseBody, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * Review probe of 5cb204b: a retry of POST /api/cases under the same Idempotency-Key answers the case opened first. When
 * that case's row has since become unreadable to this version, the retry must neither open a second case nor answer
 * 500: it is the 503 with Retry-After of UnreadableCaseError. On Azurite.
 */
describe('a retried case opening whose case row this version cannot read', () => {
  let desk: TestHost;
  let tenant: TenantKeys;

  beforeAll(async () => {
    desk = await startTestHost();
    tenant = await tenantWithKeys(desk);
  });
  afterAll(() => desk.stop());

  it('given a case opened under an Idempotency-Key whose row became unreadable, when the opening is retried with the same key and body, then 503 with Retry-After and no second case', async () => {
    const headers = { 'idempotency-key': `open-${Date.now()}` };
    const opened = await desk.request('POST', '/api/cases', { key: tenant.portal, body: newCaseBody, headers });
    expect(opened.status).toBe(201);
    await desk.host.idle();
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await makeCaseRowUnreadable(desk.desk.tables('cases'), tenant.tenantId, opened.body.id);

    const retried = await desk.request('POST', '/api/cases', { key: tenant.portal, body: newCaseBody, headers });
    errors.mockRestore();

    expect(retried.status).toBe(503);
    expect(retried.headers.get('retry-after')).toBe('60');
    const listed = await desk.request('GET', '/api/cases?pageSize=100', { key: tenant.agent });
    expect(listed.body.items).toEqual([]);
  });
});
