import { queueNames } from '../../shared/resourceNames';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';
import { caseOf, contoso, openAzureCase, refuseCaseTerms, savePlan, sweepLater } from './caseTermsFixtures';
import { tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * A change of a customer's plan or of the support offering owes the open cases a recompute of their terms. The
 * recompute is saved with the change and sent after it, like intake's outbox: a send that fails, or a process that
 * stops in between, leaves it to the SLA sweep, and the PUT still answers the save.
 */

const entitlementChanges = (supportCase: { timeline: Array<{ type: string }> }): number =>
  supportCase.timeline.filter((entry) => entry.type === 'entitlementChanged').length;

describe('the case-terms outbox', () => {
  const clock = new ManualClock('2026-12-01T09:00:00Z');
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

  it('given the queue refuses the change when an admin records a customer with its plan, when the SLA sweep runs a minute later, then the PUT was answered 201 with the record and the open case is covered by the plan', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const refusing = refuseCaseTerms(desk.desk.publisher);

    const saved = await savePlan(desk, tenant, 'standard');
    await desk.host.idle();
    refusing.mockRestore();

    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ customerTenantId: contoso, supportPlanId: 'standard' });
    expect(saved.headers.get('etag')).toBeTruthy();
    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ customerKnown: false });

    await sweepLater(desk, clock, 61_000);

    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({
      customerKnown: true,
      planId: 'standard',
      covered: true,
    });
  });

  it('given the queue refuses the change when an admin saves a new offering, when the SLA sweep runs a minute later, then the PUT was answered 200 and the open case carries the new price', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const current = await desk.request('GET', '/api/offering', { key: tenant.admin });
    const offering = current.body;
    offering.services.azure.outOfPlan.pricePerIncident.amount = 240;
    const refusing = refuseCaseTerms(desk.desk.publisher);

    const saved = await desk.request('PUT', '/api/offering', {
      key: tenant.admin,
      body: offering,
      headers: { 'if-match': current.headers.get('etag') ?? '' },
    });
    await desk.host.idle();
    refusing.mockRestore();

    expect(saved.status).toBe(200);
    expect((await desk.request('GET', '/api/offering', { key: tenant.admin })).headers.get('etag')).toBe(
      saved.headers.get('etag'),
    );
    expect((await caseOf(desk, tenant, caseId)).entitlement.price).not.toMatchObject({ amount: 240 });

    await sweepLater(desk, clock, 61_000);

    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ billable: true, price: { amount: 240 } });
  });

  it('given the queue refused the change, when the admin retries the same PUT, then the retry queues it at once and the open case gets the plan without waiting for the sweep', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const refusing = refuseCaseTerms(desk.desk.publisher);
    const failed = await savePlan(desk, tenant, 'premium');
    refusing.mockRestore();

    const retried = await savePlan(desk, tenant, 'premium');
    await desk.host.idle();

    expect([failed.status, retried.status]).toEqual([201, 200]);
    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ customerKnown: true, planId: 'premium' });
  });

  it('given the queue still refuses when the first sweep runs, when the next sweep runs a minute later, then the change is queued then', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const refusing = refuseCaseTerms(desk.desk.publisher);
    expect((await savePlan(desk, tenant, 'standard')).status).toBe(201);

    await sweepLater(desk, clock, 61_000);
    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ customerKnown: false });
    refusing.mockRestore();
    await sweepLater(desk, clock, 60_000);

    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ customerKnown: true, planId: 'standard' });
  });

  it('given storage stored the customer but its answer was lost, when the SLA sweep runs a minute later, then the open case gets the plan', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const put = desk.desk.customers.put.bind(desk.desk.customers);
    jest.spyOn(desk.desk.customers, 'put').mockImplementation(async (...args) => {
      await put(...args);
      throw new Error('socket hang up');
    });

    // Whatever the PUT answered: the client does not know whether the customer was saved.
    await savePlan(desk, tenant, 'standard');
    jest.restoreAllMocks();
    await desk.host.idle();
    expect((await desk.request('GET', `/api/customers/${contoso}`, { key: tenant.admin })).body).toMatchObject({
      supportPlanId: 'standard',
    });
    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ customerKnown: false });

    await sweepLater(desk, clock, 61_000);

    expect((await caseOf(desk, tenant, caseId)).entitlement).toMatchObject({ customerKnown: true, planId: 'standard' });
  });

  it('given the queue took the change but its answer was lost, when the sweep sends it again, then the open case is corrected once', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const publish = desk.desk.publisher.publish.bind(desk.desk.publisher);
    const answerLost = jest.spyOn(desk.desk.publisher, 'publish').mockImplementation(async (queue, message) => {
      await publish(queue, message);
      if (queue === queueNames.caseTerms) throw new Error('connection reset after send');
    });

    const saved = await savePlan(desk, tenant, 'premium');
    await desk.host.idle();
    answerLost.mockRestore();
    const corrected = await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent });
    const sends = jest.spyOn(desk.desk.publisher, 'publish');
    await sweepLater(desk, clock, 61_000);

    expect(saved.status).toBe(201);
    expect(sends.mock.calls.filter(([queue]) => queue === queueNames.caseTerms)).toHaveLength(1);
    const after = await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent });
    expect(after.body.entitlement).toMatchObject({ customerKnown: true, planId: 'premium' });
    expect(entitlementChanges(after.body)).toBe(1);
    expect(after.headers.get('etag')).toBe(corrected.headers.get('etag'));
  });

  it('given a PUT refused as stale (412), when the SLA sweep runs a minute later, then it owes nothing: no change is queued and no entry waits', async () => {
    await openAzureCase(desk, tenant);
    expect((await savePlan(desk, tenant, 'standard')).status).toBe(201);
    await desk.host.idle();
    const sends = jest.spyOn(desk.desk.publisher, 'publish');

    const stale = await desk.request('PUT', `/api/customers/${contoso}`, {
      key: tenant.admin,
      body: { name: 'Contoso Ltd', supportPlanId: 'premium' },
      headers: { 'if-match': 'W/"datetime\'2020-01-01T00%3A00%3A00.0000000Z\'"' },
    });
    await sweepLater(desk, clock, 61_000);

    expect(stale.status).toBe(412);
    expect(sends.mock.calls.filter(([queue]) => queue === queueNames.caseTerms)).toEqual([]);
    const waiting = await desk.desk.caseTermsDue.dueBy(new Date(clock.now().getTime() + 24 * 60 * 60_000));
    expect(waiting.filter((entry) => entry.scope.tenantId === tenant.tenantId)).toEqual([]);
  });
});

describe('a process that stops between saving a change and sending it', () => {
  it('given the host stops after saving a customer plan and before the case-terms queue took it, when a new host runs the SLA sweep a minute later, then the open case gets the plan', async () => {
    const clock = new ManualClock('2026-12-02T09:00:00Z');
    const first = await startTestHost({ clock });
    const tenant = await tenantWithKeys(first);
    const caseId = await openAzureCase(first, tenant);
    // The send never completes: the process goes away while it is under way.
    let reachedSend!: () => void;
    const sending = new Promise<void>((resolve) => (reachedSend = resolve));
    const publish = first.desk.publisher.publish.bind(first.desk.publisher);
    jest.spyOn(first.desk.publisher, 'publish').mockImplementation((queue, message) => {
      if (queue !== queueNames.caseTerms) return publish(queue, message);
      reachedSend();
      return new Promise(() => undefined);
    });
    const unanswered = savePlan(first, tenant, 'standard').catch(() => undefined);
    await sending;
    await first.stop();
    await unanswered;
    jest.restoreAllMocks();

    const second = await startTestHost({ clock });
    try {
      await sweepLater(second, clock, 61_000);

      expect((await caseOf(second, tenant, caseId)).entitlement).toMatchObject({
        customerKnown: true,
        planId: 'standard',
      });
    } finally {
      await second.stop();
    }
  });
});
