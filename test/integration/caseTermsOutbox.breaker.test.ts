import { queueNames } from '../../shared/resourceNames';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';
import {
  caseOf,
  contoso,
  openAzureCase,
  refuseCaseTerms,
  savePlan,
  sweepLater,
  sweepTimerOf,
} from './caseTermsFixtures';
import { seedCase, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * Breaking the case-terms outbox (PUT /api/customers/{id}, PUT /api/offering, the SLA sweep's replay) as concurrent
 * clients, a slow store and a flaky queue would. The promise under test: a change of a customer's plan or of the
 * offering that was saved is never left without the recompute of the open cases' terms it owes.
 */

describe('breaking the case-terms outbox', () => {
  const clock = new ManualClock('2027-01-04T09:00:00Z');
  let desk: TestHost;
  let tenant: TenantKeys;

  beforeAll(async () => {
    desk = await startTestHost({ clock });
  });
  beforeEach(async () => {
    clock.advance(10 * 60_000);
    tenant = await tenantWithKeys(desk);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => desk.stop());

  it('given a PUT that keeps the stored plan racing a PUT that changes it, when the unchanged-plan write lands after the change was recomputed, then the open case follows the plan the customer holds (not the overwritten one)', async () => {
    const caseId = await openAzureCase(desk, tenant);
    expect((await savePlan(desk, tenant, 'standard')).status).toBe(201);
    await desk.host.idle();
    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ planId: 'standard' });

    // Client 1 (a CRM sync, say) writes `standard` again: it read the stored plan, found it unchanged, and its write is
    // slow. Meanwhile client 2 (an admin) changes the plan to premium, which is saved and recomputed.
    const put = desk.desk.customers.put.bind(desk.desk.customers);
    let entered!: () => void;
    const slowWriteEntered = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(desk.desk.customers, 'put').mockImplementation(async (...args) => {
      if (args[1].supportPlanId === 'standard') {
        entered();
        await released;
      }
      return put(...args);
    });
    const sync = savePlan(desk, tenant, 'standard');
    await slowWriteEntered;
    const admin = await savePlan(desk, tenant, 'premium');
    await desk.host.idle();
    expect(admin.status).toBe(200);
    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ planId: 'premium' });

    release();
    expect((await sync).status).toBe(200);
    await desk.host.idle();
    await sweepLater(desk, clock, 61_000);

    const stored = await desk.request('GET', `/api/customers/${contoso}`, { key: tenant.admin });
    expect(stored.body.supportPlanId).toBe('standard');
    // The customer holds standard; the open case must not stay on premium's entitlement and SLA targets.
    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ planId: 'standard' });
  });

  it('given a plan change whose save is slower than the outbox grace, when the SLA sweep runs during the save and the send after it fails, then a later sweep still queues the recompute', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const put = desk.desk.customers.put.bind(desk.desk.customers);
    jest.spyOn(desk.desk.customers, 'put').mockImplementation(async (...args) => {
      // Storage is slow (throttled, retried): a sweep on another instance runs past the entry's due time first.
      clock.advance(61_000);
      await desk.host.timers.runNow(sweepTimerOf(desk));
      return put(...args);
    });
    const refusing = refuseCaseTerms(desk.desk.publisher);

    const saved = await savePlan(desk, tenant, 'standard');
    expect(saved.status).toBe(201);
    jest.restoreAllMocks();
    refusing.mockRestore();
    await desk.host.idle();

    await sweepLater(desk, clock, 61_000);
    await sweepLater(desk, clock, 61_000);

    // The change was saved and its send failed, so some sweep must queue it (the one that ran during the save may
    // already have, if it was still running when the queue came back).
    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ customerKnown: true, planId: 'standard' });
  });

  it('given the queue refuses while an admin saves the plan 25 times, when the queue is back and the sweep runs, then one recompute gives the case the last plan and nothing stays owed', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const refusing = refuseCaseTerms(desk.desk.publisher);
    const plans = Array.from({ length: 25 }, (_, index) => (index % 2 === 0 ? 'premium' : 'standard'));
    for (const plan of plans) {
      clock.advance(1_000);
      expect((await savePlan(desk, tenant, plan)).status).toBeLessThan(300);
    }
    refusing.mockRestore();
    expect(await desk.desk.customers.owedCaseTerms(tenant.tenantId, contoso)).toHaveLength(25);
    const sends = jest.spyOn(desk.desk.publisher, 'publish');

    await sweepLater(desk, clock, 61_000);

    expect(sends.mock.calls.filter(([queue]) => queue === queueNames.caseTerms)).toHaveLength(1);
    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ planId: 'premium' });
    expect(await desk.desk.customers.owedCaseTerms(tenant.tenantId, contoso)).toEqual([]);
    const waiting = await desk.desk.caseTermsDue.dueBy(new Date(clock.now().getTime() + 24 * 60 * 60_000));
    expect(waiting.filter((entry) => entry.scope.tenantId === tenant.tenantId)).toEqual([]);
  });

  it('given an offering PUT whose send failed, when the client retries it with the same If-Match (412), then the save stands and the next sweep still gives the open case the new price', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const current = await desk.request('GET', '/api/offering', { key: tenant.admin });
    const offering = current.body;
    offering.services.azure.outOfPlan.pricePerIncident.amount = 317;
    const ifMatch = { 'if-match': current.headers.get('etag') ?? '' };
    const refusing = refuseCaseTerms(desk.desk.publisher);
    const first = await desk.request('PUT', '/api/offering', { key: tenant.admin, body: offering, headers: ifMatch });
    refusing.mockRestore();

    const retried = await desk.request('PUT', '/api/offering', { key: tenant.admin, body: offering, headers: ifMatch });
    await sweepLater(desk, clock, 61_000);

    expect([first.status, retried.status]).toEqual([200, 412]);
    expect((await caseOf(desk, tenant, caseId)).entitlement.price).toMatchObject({ amount: 317 });
  });

  it('given a plan saved with its owed recompute in one transaction, when its ETag is sent back as If-Match to change the plan again, then that PUT is 200 and the case follows it', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const created = await savePlan(desk, tenant, 'standard');
    const etag = created.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"datetime'[^'"]+'"$/);
    expect((await desk.request('GET', `/api/customers/${contoso}`, { key: tenant.admin })).headers.get('etag')).toBe(
      etag,
    );

    const changed = await savePlan(desk, tenant, 'premium', { 'if-match': etag });
    await desk.host.idle();

    expect(changed.status).toBe(200);
    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ planId: 'premium' });
  });

  it('given 40 tenants whose offering changes are all still owed, when one sweep runs, then every tenant’s change is queued once and nothing stays owed or filed', async () => {
    const admins: Array<{ tenantId: string; key: string }> = [];
    for (let index = 0; index < 40; index += 1) {
      const admin = await desk.newTenantKey('admin');
      await seedCase(desk, admin.tenantId, { status: 'in_progress' });
      admins.push(admin);
    }
    const refusing = refuseCaseTerms(desk.desk.publisher);
    await Promise.all(
      admins.map(async ({ key }) => {
        const current = await desk.request('GET', '/api/offering', { key });
        const saved = await desk.request('PUT', '/api/offering', {
          key,
          body: current.body,
          headers: { 'if-match': current.headers.get('etag') ?? '' },
        });
        expect(saved.status).toBe(200);
      }),
    );
    refusing.mockRestore();
    const sends = jest.spyOn(desk.desk.publisher, 'publish');

    await sweepLater(desk, clock, 61_000);

    const queuedFor = sends.mock.calls
      .filter(([queue]) => queue === queueNames.caseTerms)
      .map(([, message]) => (message.body as { tenantId: string }).tenantId)
      .sort();
    expect(queuedFor).toEqual(admins.map(({ tenantId }) => tenantId).sort());
    for (const { tenantId } of admins) expect(await desk.desk.tenants.owedCaseTerms(tenantId)).toEqual([]);
    const ours = new Set(admins.map(({ tenantId }) => tenantId));
    const waiting = await desk.desk.caseTermsDue.dueBy(new Date(clock.now().getTime() + 24 * 60 * 60_000));
    expect(waiting.filter((entry) => ours.has(entry.scope.tenantId))).toEqual([]);
  });
});
