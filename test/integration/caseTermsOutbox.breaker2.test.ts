import { StaleVersionError } from '../../shared/ports/tenantDirectory';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';
import { caseOf, contoso, openAzureCase, savePlan, sweepLater } from './caseTermsFixtures';
import { tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * Breaking "a save refused as stale (412) takes its casetermsdue entry off at once" (services/caseTermsOutbox.ts). A
 * 412 proves only that the last attempt was refused, not that nothing was written: Table Storage answers a timeout
 * (or the connection drops) after it committed a transaction, the SDK's retry policy sends the same transaction again,
 * and its If-Match no longer holds, because the first attempt changed the ETag. The record and the owed recompute
 * stored with it stand; the due entry was the only thing that told the sweep to look.
 */
describe('breaking the case-terms outbox: a 412 whose save landed', () => {
  const clock = new ManualClock('2027-02-01T09:00:00Z');
  let desk: TestHost;
  let tenant: TenantKeys;

  beforeAll(async () => {
    desk = await startTestHost({ clock });
  });
  beforeEach(async () => {
    clock.advance(15 * 60_000);
    tenant = await tenantWithKeys(desk);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => desk.stop());

  it('given a plan change whose transaction committed but whose answer was lost, so the retried write was refused as stale (412), when the SLA sweep runs later, then the open case gets the plan the customer holds', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const created = await savePlan(desk, tenant, 'standard');
    expect(created.status).toBe(201);
    await desk.host.idle();
    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ planId: 'standard' });

    const put = desk.desk.customers.put.bind(desk.desk.customers);
    jest.spyOn(desk.desk.customers, 'put').mockImplementationOnce(async (...args) => {
      await put(...args); // committed, with the owed recompute beside the record
      throw new StaleVersionError('customer'); // what the retry of the same If-Match answers
    });
    const changed = await savePlan(desk, tenant, 'premium', { 'if-match': created.headers.get('etag') ?? '' });
    expect(changed.status).toBe(412);
    await desk.host.idle();

    const stored = await desk.request('GET', `/api/customers/${contoso}`, { key: tenant.admin });
    expect(stored.body.supportPlanId).toBe('premium');

    // The client re-reads, sees premium stored and is done: the refused PUT or the sweep must send what the save owes.
    await sweepLater(desk, clock, 61_000);
    await sweepLater(desk, clock, 11 * 60_000);

    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ planId: 'premium' });
    expect(await desk.desk.customers.owedCaseTerms(tenant.tenantId, contoso)).toEqual([]);
  });

  it('given a plan change refused as stale before anything was written, when the sweep runs later, then nothing is queued and the case keeps the stored plan (probe)', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const created = await savePlan(desk, tenant, 'standard');
    await desk.host.idle();

    const refused = await savePlan(desk, tenant, 'premium', {
      'if-match': 'W/"datetime\'2020-01-01T00%3A00%3A00.0000000Z\'"',
    });
    expect(refused.status).toBe(412);
    await sweepLater(desk, clock, 61_000);

    expect(created.status).toBe(201);
    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ planId: 'standard' });
    const waiting = await desk.desk.caseTermsDue.dueBy(new Date(clock.now().getTime() + 24 * 60 * 60_000));
    expect(waiting.filter((entry) => entry.scope.tenantId === tenant.tenantId)).toEqual([]);
  });
});
