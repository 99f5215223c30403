import { defaultSupportOffering } from '../../shared/domain/offering';
import { triageCase } from '../../shared/services/caseTriage';
import { applyCaseTermsChange } from '../../shared/services/openCaseTerms';
import { billedOutOfPlan } from '../support/entitlements';
import { startTestHost, type TestHost } from '../support/testHost';
import { seedCase, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * Entitlement as a partner invoices from it: every write that changes what coverage depends on (the case's product,
 * category and severity, the customer's plan) leaves the case with the terms those inputs give, and bad plan ids are
 * refused rather than billed.
 */

const contoso = 'c0a1b2c3-d4e5-4f60-8a71-9b8c7d6e5f40';

describe('entitlement follows every change', () => {
  let desk: TestHost;
  let tenant: TenantKeys;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  beforeEach(async () => {
    tenant = await tenantWithKeys(desk);
  });
  afterAll(() => desk.stop());

  /** A technical severity B Azure case of Contoso, opened by the portal and taken through triage and enrichment. */
  async function openAzureCase(title: string, description: string): Promise<{ body: { id: string } }> {
    const opened = await desk.request('POST', '/api/cases', {
      key: tenant.portal,
      body: {
        title,
        description,
        product: 'azure',
        category: 'technical',
        severity: 'B',
        customer: { tenantId: contoso, name: 'Contoso Ltd' },
        contact: { name: 'Dev', email: 'dev@contoso.example' },
      },
    });
    await desk.host.idle();
    return opened;
  }

  it('given a plan id the offering does not sell, when an admin saves a customer with it, then 400 names supportPlanId and nothing is saved', async () => {
    const saved = await desk.request('PUT', `/api/customers/${contoso}`, {
      key: tenant.admin,
      body: { name: 'Contoso Ltd', supportPlanId: 'standrad' },
    });

    expect(saved.status).toBe(400);
    expect(saved.body.errors).toEqual([expect.objectContaining({ field: 'supportPlanId' })]);
    expect((await desk.request('GET', `/api/customers/${contoso}`, { key: tenant.admin })).status).toBe(404);
  });

  it('given a plan the offering sells, when an admin saves a customer with it, then it is saved', async () => {
    const saved = await desk.request('PUT', `/api/customers/${contoso}`, {
      key: tenant.admin,
      body: { name: 'Contoso Ltd', supportPlanId: 'standard' },
    });

    expect(saved.status).toBe(201);
  });

  it('given an agent corrected a new case before triage ran, when triage runs, then the correction stands and the entitlement is computed from it', async () => {
    const seeded = await seedCase(desk, tenant.tenantId, { status: 'new', slaHistory: [] });
    const patched = await desk.request('PATCH', `/api/cases/${seeded.id}`, {
      key: tenant.agent,
      body: { product: 'microsoft365', severity: 'C', category: 'technical', reason: 'Teams, one user' },
    });
    expect(patched.status).toBe(200);

    await triageCase(desk.desk, { tenantId: tenant.tenantId, caseId: seeded.id });
    await desk.host.idle();

    const supportCase = (await desk.request('GET', `/api/cases/${seeded.id}`, { key: tenant.agent })).body;
    expect(supportCase).toMatchObject({
      product: 'microsoft365',
      productDecidedBy: 'agent',
      severity: 'C',
      category: 'technical',
      // The seeded customer has no record: out of plan, and what makes it so is the agent's product and severity.
      entitlement: { covered: false, billable: true, rule: 'noPlan' },
    });
    expect(supportCase.entitlement.reason).toContain('microsoft365');
    const triaged = supportCase.timeline.find((entry: { type: string }) => entry.type === 'triaged');
    expect(triaged.summary).toMatch(/^Triaged as microsoft365 \/ technical \/ severity C, /);
    expect(triaged.summary).toContain(
      "kept the agent's earlier correction of product microsoft365, category technical, severity C",
    );
  });

  it('given a case of a customer the desk did not know yet, when an admin records the customer with its plan, then the open case is covered by that plan, the change is on its timeline and the export moves it', async () => {
    const opened = await openAzureCase(
      'App Service deployment fails',
      'Deployments to our App Service fail with a 409.',
    );
    const before = (await desk.request('GET', `/api/cases/${opened.body.id}`, { key: tenant.agent })).body;
    expect(before.entitlement).toMatchObject({ customerKnown: false, billable: true, rule: 'noPlan' });
    expect(before.flags).toEqual(expect.arrayContaining(['unknownCustomer', 'notCoveredByPlan']));

    const saved = await desk.request('PUT', `/api/customers/${contoso}`, {
      key: tenant.admin,
      body: { name: 'Contoso Ltd', supportPlanId: 'standard' },
      headers: { 'acted-by': 'Petra Admin' },
    });
    expect(saved.status).toBe(201);
    await desk.host.idle();

    const after = (await desk.request('GET', `/api/cases/${opened.body.id}`, { key: tenant.agent })).body;
    expect(after.entitlement).toMatchObject({
      customerKnown: true,
      planId: 'standard',
      covered: true,
      billable: false,
      rule: 'includedInPlan',
    });
    expect(after.flags).not.toContain('unknownCustomer');
    expect(after.flags).not.toContain('notCoveredByPlan');
    const changed = after.timeline.find((entry: { type: string }) => entry.type === 'entitlementChanged');
    expect(changed).toMatchObject({
      actor: { kind: 'admin', actedBy: 'Petra Admin' },
      data: { fields: [{ field: 'supportPlan', from: null, to: 'standard' }] },
    });
    // The clocks run on Standard's severity B targets now, no longer on those of a case out of plan.
    const standard = defaultSupportOffering().services.azure.plans.find((plan) => plan.id === 'standard');
    const firstResponse = after.sla.clocks.find((clock: { metric: string }) => clock.metric === 'firstResponse');
    expect(firstResponse.targetMinutes).toBe(standard?.targets.B?.firstResponseMinutes);

    const month = after.createdAt.slice(0, 7);
    const exported = (await desk.request('GET', `/api/billing?month=${month}`, { key: tenant.admin })).body;
    expect(exported.customers).toEqual([]);
    expect(exported.removedByCorrection).toEqual([
      expect.objectContaining({
        caseId: opened.body.id,
        corrections: [expect.objectContaining({ before: expect.objectContaining({ billable: true }) })],
      }),
    ]);
  });

  it("given a resolved case of a customer, when the admin changes the customer's plan, then the resolved case keeps the terms it was worked under", async () => {
    await desk.request('PUT', `/api/customers/${contoso}`, { key: tenant.admin, body: { name: 'Contoso Ltd' } });
    const seeded = await seedCase(desk, tenant.tenantId, {
      status: 'resolved',
      resolvedAt: new Date().toISOString(),
      customer: { tenantId: contoso, name: 'Contoso Ltd' },
      triage: {
        decidedAt: new Date().toISOString(),
        scope: 'basicSupport',
        escalationCandidate: false,
        matchedRuleIds: [],
      },
      entitlement: billedOutOfPlan(true),
    });

    await desk.request('PUT', `/api/customers/${contoso}`, {
      key: tenant.admin,
      body: { name: 'Contoso Ltd', supportPlanId: 'premium' },
    });
    await desk.host.idle();

    const after = (await desk.request('GET', `/api/cases/${seeded.id}`, { key: tenant.agent })).body;
    expect(after.entitlement).toMatchObject({ billable: true, rule: 'noPlan', changes: [] });
  });

  it('given an open case billed out of plan and a resolved one, when the admin saves an offering with a new out-of-plan price, then the open case is billed at the new price as a correction by the admin, the resolved one keeps its price, and saving the same offering again writes no case', async () => {
    const opened = await openAzureCase(
      'Storage account firewall blocks the backup',
      'Since the firewall change our nightly backup to the storage account fails.',
    );
    const resolved = await seedCase(desk, tenant.tenantId, {
      status: 'resolved',
      resolvedAt: new Date().toISOString(),
      customer: { tenantId: contoso, name: 'Contoso Ltd' },
      entitlement: billedOutOfPlan(false),
    });
    const current = await desk.request('GET', '/api/offering', { key: tenant.admin });
    const offering = current.body;
    offering.services.azure.outOfPlan.pricePerIncident.amount = 220;

    const saved = await desk.request('PUT', '/api/offering', {
      key: tenant.admin,
      body: offering,
      headers: { 'if-match': current.headers.get('etag') ?? '', 'acted-by': 'Petra Admin' },
    });

    expect(saved.status).toBe(200);
    await desk.host.idle();
    const after = await desk.request('GET', `/api/cases/${opened.body.id}`, { key: tenant.agent });
    expect(after.body.entitlement).toMatchObject({ billable: true, price: { amount: 220, currency: 'EUR' } });
    expect(after.body.timeline.find((entry: { type: string }) => entry.type === 'entitlementChanged')).toMatchObject({
      actor: { kind: 'admin', actedBy: 'Petra Admin' },
      data: { reason: 'the support offering changed' },
    });
    const untouched = (await desk.request('GET', `/api/cases/${resolved.id}`, { key: tenant.agent })).body;
    expect(untouched.entitlement).toMatchObject({ price: { amount: 180 }, changes: [] });

    const again = await desk.request('PUT', '/api/offering', {
      key: tenant.admin,
      body: offering,
      headers: { 'if-match': saved.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(200);
    await desk.host.idle();
    const unchanged = await desk.request('GET', `/api/cases/${opened.body.id}`, { key: tenant.agent });
    expect(unchanged.headers.get('etag')).toBe(after.headers.get('etag'));
  });

  it('given a customer-plan change already applied, when the same change is handled again (a redelivery), then no case is written again', async () => {
    const opened = await openAzureCase('VPN gateway drops', 'Our site-to-site VPN drops every hour.');
    await desk.request('PUT', `/api/customers/${contoso}`, {
      key: tenant.admin,
      body: { name: 'Contoso Ltd', supportPlanId: 'standard' },
    });
    await desk.host.idle();
    const applied = await desk.request('GET', `/api/cases/${opened.body.id}`, { key: tenant.agent });
    expect(applied.body.entitlement).toMatchObject({ planId: 'standard', customerKnown: true });

    await applyCaseTermsChange(desk.desk, {
      change: 'customerPlan',
      changeId: 'redelivered',
      tenantId: tenant.tenantId,
      customerTenantId: contoso,
      actor: { kind: 'admin', id: 'admin-key' },
    });

    const again = await desk.request('GET', `/api/cases/${opened.body.id}`, { key: tenant.agent });
    expect(again.headers.get('etag')).toBe(applied.headers.get('etag'));
  });

  it('given the store fails to save one open case, when a customer-plan change is handled, then it fails naming that case, and handling it again gives the case its terms', async () => {
    const opened = await openAzureCase(
      'Key Vault access denied',
      'Our app gets 403 from Key Vault since this morning.',
    );
    // Recorded straight in storage: through the API the change would be handled at once.
    await desk.desk.customers.put(tenant.tenantId, {
      customerTenantId: contoso,
      name: 'Contoso Ltd',
      supportPlanId: 'standard',
      domains: [],
      addresses: [],
      cspSubscriptions: [],
      billingMode: 'included',
      updatedAt: new Date().toISOString(),
    });
    const change = {
      change: 'customerPlan' as const,
      changeId: 'retried',
      tenantId: tenant.tenantId,
      customerTenantId: contoso,
      actor: { kind: 'admin' as const, id: 'admin-key' },
    };
    const update = jest.spyOn(desk.desk.cases, 'update').mockRejectedValueOnce(new Error('storage unavailable'));
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    try {
      await expect(applyCaseTermsChange(desk.desk, change)).rejects.toMatchObject({
        name: 'OpenCaseTermsError',
        caseIds: [opened.body.id],
      });
      await applyCaseTermsChange(desk.desk, change);
    } finally {
      update.mockRestore();
      logged.mockRestore();
    }

    const after = await desk.request('GET', `/api/cases/${opened.body.id}`, { key: tenant.agent });
    expect(after.body.entitlement).toMatchObject({ customerKnown: true, planId: 'standard' });
  });
});
