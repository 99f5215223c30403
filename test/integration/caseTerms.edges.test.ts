import { queueNames } from '../../shared/resourceNames';
import { applyCaseTermsChange } from '../../shared/services/openCaseTerms';
import { startTestHost, type TestHost } from '../support/testHost';
import { contoso, openAzureCase } from './caseTermsFixtures';
import { tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * The case-terms queue as it is really delivered: late, twice, out of order, from another instance, or with a body
 * nobody should have written.
 */

const admin = { kind: 'admin' as const, id: 'admin-key' };

describe('case-terms changes delivered late, twice or malformed', () => {
  let desk: TestHost;
  let tenant: TenantKeys;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  beforeEach(async () => {
    tenant = await tenantWithKeys(desk);
  });
  afterAll(() => desk.stop());

  const saveCustomer = async (supportPlanId?: string): Promise<void> => {
    const saved = await desk.request('PUT', `/api/customers/${contoso}`, {
      key: tenant.admin,
      body: { name: 'Contoso Ltd', ...(supportPlanId ? { supportPlanId } : {}) },
    });
    expect([200, 201]).toContain(saved.status);
    await desk.host.idle();
  };

  it('given the customer moved from standard to premium, when the older change (to standard) is delivered again after the newer one, then the open case keeps premium', async () => {
    const caseId = await openAzureCase(desk, tenant);
    await saveCustomer('standard');
    await saveCustomer('premium');
    const applied = await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent });
    expect(applied.body.entitlement).toMatchObject({ planId: 'premium' });

    await applyCaseTermsChange(desk.desk, {
      change: 'customerPlan',
      changeId: 'first-save-redelivered',
      tenantId: tenant.tenantId,
      customerTenantId: contoso,
      actor: admin,
    });

    const after = await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent });
    expect(after.body.entitlement).toMatchObject({ planId: 'premium' });
    expect(after.headers.get('etag')).toBe(applied.headers.get('etag'));
  });

  it("given this instance's copy of the customer (up to 30 s old) still holds standard while another instance set premium, when an admin sets standard again here, then the open case follows to standard", async () => {
    const caseId = await openAzureCase(desk, tenant);
    await saveCustomer('standard');
    const staleCopy = await desk.desk.customers.get(tenant.tenantId, contoso);
    await saveCustomer('premium');
    const cachedCopy = jest.spyOn(desk.desk.customers, 'get').mockResolvedValue(staleCopy);

    try {
      await saveCustomer('standard');
    } finally {
      cachedCopy.mockRestore();
    }

    const after = (await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent })).body;
    expect(after.entitlement).toMatchObject({ planId: 'standard' });
  });

  it('given an open case an agent resolves after the change listed it, when the change reaches the case, then the resolved case keeps the terms it was worked under', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const list = desk.desk.cases.list.bind(desk.desk.cases);
    let resolvedMeanwhile = false;
    const listed = jest.spyOn(desk.desk.cases, 'list').mockImplementation(async (tenantId, query) => {
      const page = await list(tenantId, query);
      if (query.pageSize === 100 && !resolvedMeanwhile) {
        resolvedMeanwhile = true;
        for (const to of ['in_progress', 'resolved']) {
          const body = { to, reason: 'fixed by the customer' };
          const moved = await desk.request('POST', `/api/cases/${caseId}/transitions`, { key: tenant.agent, body });
          expect(moved.status).toBe(200);
        }
      }
      return page;
    });

    try {
      await saveCustomer('premium');
    } finally {
      listed.mockRestore();
    }

    expect(resolvedMeanwhile).toBe(true);
    const after = (await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent })).body;
    expect(after.status).toBe('resolved');
    expect(after.entitlement).toMatchObject({ customerKnown: false, changes: [] });
  });

  it('given the customer had a plan, when an admin saves it without one, then the open case is billed as a known customer without a plan', async () => {
    const caseId = await openAzureCase(desk, tenant);
    await saveCustomer('standard');

    await saveCustomer(undefined);

    const after = (await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent })).body;
    expect(after.entitlement).toMatchObject({ customerKnown: true, billable: true });
    expect(after.entitlement.planId).toBeUndefined();
  });

  it('given the instance that handles the queue read the offering before the admin saved a new one (its copy is up to 30 s old), when the offering change is handled, then the open case gets the offering as stored', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const current = await desk.request('GET', '/api/offering', { key: tenant.admin });
    const stale = structuredClone(current.body);
    const offering = current.body;
    offering.services.azure.outOfPlan.pricePerIncident.amount = 240;
    const cachedCopy = jest.spyOn(desk.desk.tenants, 'offering').mockResolvedValue(stale);

    try {
      const saved = await desk.request('PUT', '/api/offering', {
        key: tenant.admin,
        body: offering,
        headers: { 'if-match': current.headers.get('etag') ?? '' },
      });
      expect(saved.status).toBe(200);
      await desk.host.idle();
    } finally {
      cachedCopy.mockRestore();
    }

    const after = (await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent })).body;
    expect(after.entitlement).toMatchObject({ billable: true, price: { amount: 240 } });
  });

  it.each([
    ['an unknown change', { change: 'everything', changeId: 'x1', tenantId: 't', actor: admin }],
    [
      'an offering change with a plan',
      { change: 'offering', changeId: 'x2', tenantId: 't', planId: 'p', actor: admin },
    ],
    ['a tenant id of 300 characters', { change: 'offering', changeId: 'x3', tenantId: 't'.repeat(300), actor: admin }],
    [
      'a customer-plan change without its customer',
      { change: 'customerPlan', changeId: 'x4', tenantId: 't', actor: admin },
    ],
    ['a string', 'recompute everything'],
    ['null', null],
  ])(
    'given %s on the case-terms queue, when delivered, then it is dead-lettered at its first delivery',
    async (_, body) => {
      const messageId = `hostile-${Math.random().toString(36).slice(2)}`;

      const put = await desk.request('POST', `/admin/queues/${queueNames.caseTerms}/messages`, {
        body: { body, messageId },
      });
      expect(put.status).toBe(201);
      await desk.host.idle();

      const letters = (await desk.request('GET', `/admin/queues/${queueNames.caseTerms}/deadletter`)).body;
      expect(letters.filter((letter: { messageId: string }) => letter.messageId === messageId)).toEqual([
        expect.objectContaining({ deliveryCount: 1, deadLetterReason: 'InvalidMessage' }),
      ]);
      expect(desk.host.broker.queue(queueNames.caseTerms).depth).toBe(0);
    },
  );

  it.each([
    ['a slash', 'tenant/../other'],
    ['a hash', 'tenant#1'],
    ['a control character', 'tenant\u0001'],
  ])(
    'given an offering change for a tenant id with %s, which Table Storage cannot key, when delivered, then it is dead-lettered at its first delivery rather than retried',
    async (_, tenantId) => {
      const messageId = `unkeyable-${Math.random().toString(36).slice(2)}`;
      const body = { change: 'offering', changeId: messageId, tenantId, actor: admin };

      const put = await desk.request('POST', `/admin/queues/${queueNames.caseTerms}/messages`, {
        body: { body, messageId },
      });
      expect(put.status).toBe(201);
      await desk.host.idle();

      const letters = (await desk.request('GET', `/admin/queues/${queueNames.caseTerms}/deadletter`)).body;
      expect(letters.filter((letter: { messageId: string }) => letter.messageId === messageId)).toEqual([
        expect.objectContaining({ deliveryCount: 1, deadLetterReason: 'InvalidMessage' }),
      ]);
    },
  );

  it('given an offering change for a tenant id with a quote, when delivered, then it is handled once and touches no case', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const before = await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent });
    const messageId = `quoted-${Math.random().toString(36).slice(2)}`;
    const body = { change: 'offering', changeId: messageId, tenantId: "t' or PartitionKey ne '", actor: admin };

    const put = await desk.request('POST', `/admin/queues/${queueNames.caseTerms}/messages`, {
      body: { body, messageId },
    });
    expect(put.status).toBe(201);
    await desk.host.idle();

    expect(desk.host.broker.queue(queueNames.caseTerms).depth).toBe(0);
    const after = await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent });
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
  });

  it('given an offering change for another tenant carrying this admin as actor, when delivered, then no case of this tenant is written', async () => {
    const caseId = await openAzureCase(desk, tenant);
    const before = await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent });
    const other = await tenantWithKeys(desk);

    await applyCaseTermsChange(desk.desk, {
      change: 'offering',
      changeId: 'other',
      tenantId: other.tenantId,
      actor: admin,
    });

    const after = await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent });
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
  });
});
