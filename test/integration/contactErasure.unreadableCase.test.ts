import { startTestHost, type TestHost } from '../support/testHost';
import { makeCaseRowUnreadable, newCaseBody, tenantWithKeys } from './caseWorkFixtures';

/*
 * Review probe of 5cb204b: POST /api/contacts/erase reads each of the person's cases with TableCaseStore.get, which now
 * throws UnreadableCaseError for a row this version cannot read. The erasure must then answer the 503 with Retry-After
 * and log no erasure (the person's index rows stay, so the retry finds every case again), not claim it is done.
 * On Azurite.
 */
describe('an erasure that meets a case row this version cannot read', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  it('given a contact of two cases, one of whose rows became unreadable, when an admin erases her, then 503 with Retry-After and no erasure is logged', async () => {
    const tenant = await tenantWithKeys(desk);
    const first = await desk.request('POST', '/api/cases', { key: tenant.portal, body: newCaseBody });
    const second = await desk.request('POST', '/api/cases', { key: tenant.portal, body: newCaseBody });
    await desk.host.idle();
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await makeCaseRowUnreadable(desk.desk.tables('cases'), tenant.tenantId, second.body.id);

    const erased = await desk.request('POST', '/api/contacts/erase', {
      key: tenant.admin,
      body: { email: newCaseBody.contact.email },
    });
    errors.mockRestore();

    expect(first.status).toBe(201);
    expect(erased.status).toBe(503);
    expect(erased.headers.get('retry-after')).toBe('60');
    const log = await desk.request('GET', '/api/contacts/erasures', { key: tenant.admin });
    expect(log.body.items).toEqual([]);
  });
});
