import { startTestHost, type TestHost } from '../support/testHost';
import { tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * A partner invoices its customers from the desk: the month's billable cases per customer, with the plan rule and
 * price, and the corrections that moved a case on or off the invoice.
 */

const fabrikam = '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b';
const northwind = '2b1c0d9e-8f7a-4b6c-9d5e-4f3a2b1c0d9e';

describe('the billable-support export', () => {
  let desk: TestHost;
  let tenant: TenantKeys;
  const month = new Date().toISOString().slice(0, 7);
  const ids: Record<string, string> = {};

  const open = async (name: string, body: Record<string, unknown>): Promise<void> => {
    const response = await desk.request('POST', '/api/cases', { key: tenant.portal, body });
    expect(response.status).toBe(201);
    ids[name] = response.body.id;
  };
  const customerOf = (tenantId: string, name: string, email: string) => ({
    customer: { tenantId, name },
    contact: { name: 'Contact', email },
  });

  beforeAll(async () => {
    desk = await startTestHost();
    tenant = await tenantWithKeys(desk);
    const updatedAt = new Date().toISOString();
    const customer = { addresses: [], cspSubscriptions: [], billingMode: 'included' as const, updatedAt };
    await desk.desk.customers.put(tenant.tenantId, {
      ...customer,
      customerTenantId: fabrikam,
      name: 'Fabrikam GmbH',
      domains: ['fabrikam.example'],
      supportPlanId: 'standard',
    });
    await desk.desk.customers.put(tenant.tenantId, {
      ...customer,
      customerTenantId: northwind,
      name: 'Northwind Traders',
      domains: ['northwind.example'],
    });

    await open('billingMail', {
      title: 'Rechnung Oktober doppelt belastet',
      description: 'Hallo, die Rechnung für Oktober wurde uns zweimal abgebucht. Bitte prüfen und gutschreiben.',
      // The portal's "other" product: Standard is not sold for it, yet billing questions are included in Standard.
      product: 'other',
      ...customerOf(fabrikam, 'Fabrikam GmbH', 'jana@fabrikam.example'),
    });
    await open('outage', {
      title: 'Production VM down',
      description: 'Our ERP VM does not boot since the platform update; the whole company cannot invoice.',
      product: 'azure',
      category: 'technical',
      severity: 'A',
      ...customerOf(fabrikam, 'Fabrikam GmbH', 'ops@fabrikam.example'),
    });
    await open('noPlan', {
      title: 'App Service deployment fails',
      description: 'Deployments to our App Service fail with a 409 since yesterday.',
      product: 'azure',
      category: 'technical',
      severity: 'B',
      ...customerOf(northwind, 'Northwind Traders', 'dev@northwind.example'),
    });
    await open('corrected', {
      title: 'Outlook search broken',
      description: 'Search in Outlook returns nothing for our sales team since Monday.',
      product: 'microsoft365',
      category: 'technical',
      severity: 'A',
      ...customerOf(fabrikam, 'Fabrikam GmbH', 'max@fabrikam.example'),
    });
    await desk.host.idle();
    const patched = await desk.request('PATCH', `/api/cases/${ids.corrected}`, {
      key: tenant.agent,
      body: { severity: 'B', reason: 'The sales team searches on the web meanwhile' },
      headers: { 'acted-by': 'Dana Agent' },
    });
    expect(patched.status).toBe(200);
  });
  afterAll(() => desk.stop());

  it('given a severity correction of an enriched case, when read back, then its entitlement and flags follow the correction', async () => {
    const supportCase = (await desk.request('GET', `/api/cases/${ids.corrected}`, { key: tenant.agent })).body;

    expect(supportCase.entitlement).toMatchObject({ covered: true, billable: false, rule: 'includedInPlan' });
    expect(supportCase.flags).not.toContain('notCoveredByPlan');
    expect(supportCase.timeline.map((entry: { type: string }) => entry.type)).toContain('entitlementChanged');
  });

  it('given the German billing mail of a Standard customer, then it is not billed: billing questions are included in the plan', async () => {
    const supportCase = (await desk.request('GET', `/api/cases/${ids.billingMail}`, { key: tenant.agent })).body;

    expect(supportCase.category).toBe('billing');
    expect(supportCase.entitlement).toMatchObject({
      covered: true,
      billable: false,
      rule: 'commercialMattersIncluded',
    });
    expect(supportCase.flags).not.toContain('notCoveredByPlan');
  });

  it('given the month, when an admin exports it as JSON, then each customer lists its billable cases with plan rule, price and totals, and the corrected case is listed apart with its correction', async () => {
    const response = await desk.request('GET', `/api/billing?month=${month}`, { key: tenant.admin });
    expect(response.status).toBe(200);
    const exported = response.body;

    expect(
      exported.customers.map((entry: { customer: { name: string }; lines: { caseId: string; rule: string }[] }) => ({
        customer: entry.customer.name,
        lines: entry.lines.map((line) => [line.caseId, line.rule]),
      })),
    ).toEqual([
      { customer: 'Fabrikam GmbH', lines: [[ids.outage, 'severityNotCovered']] },
      { customer: 'Northwind Traders', lines: [[ids.noPlan, 'noPlan']] },
    ]);
    expect(exported.customers[0].lines[0].price).toEqual({ amount: 180, currency: 'EUR', per: 'incident' });
    expect(exported.customers[0].totals).toEqual([
      { currency: 'EUR', perIncidentAmount: 180, perIncidentCases: 1, hourlyCases: 0 },
    ]);
    expect(exported.removedByCorrection).toHaveLength(1);
    expect(exported.removedByCorrection[0]).toMatchObject({
      caseId: ids.corrected,
      billable: false,
      customer: { name: 'Fabrikam GmbH' },
      corrections: [
        {
          by: { kind: 'agent', actedBy: 'Dana Agent' },
          reason: 'The sales team searches on the web meanwhile',
          fields: [{ field: 'severity', from: 'A', to: 'B' }],
          before: { billable: true },
          after: { billable: false },
        },
      ],
    });
  });

  it('given format=csv, then the same lines come as CSV with a header row and the correction in words', async () => {
    const response = await desk.request('GET', `/api/billing?month=${month}&format=csv`, { key: tenant.admin });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const rows = response.text.trim().split('\n');
    expect(rows[0]).toBe(
      'month,customerTenantId,customerName,caseNumber,title,product,category,severity,status,openedAt,billable,plan,rule,amount,currency,per,corrections',
    );
    expect(rows).toHaveLength(4);
    expect(rows.find((row) => row.includes('severityNotCovered'))).toContain(',180,EUR,incident,');
    expect(rows.at(-1)).toContain(
      'Dana Agent: severity A -> B (billable -> not billable): The sales team searches on the web meanwhile',
    );
  });

  it.each(['0099-12', '1999-12', '2026-13'])('given the month %s, then it is a 400 naming month', async (month) => {
    const response = await desk.request('GET', `/api/billing?month=${month}`, { key: tenant.admin });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'month' })]);
  });

  it('given another month, then the export is empty', async () => {
    const response = await desk.request('GET', '/api/billing?month=2020-01', { key: tenant.admin });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ month: '2020-01', customers: [], removedByCorrection: [] });
  });

  it('given an agent key, then the export is refused: invoicing is an admin matter', async () => {
    const response = await desk.request('GET', `/api/billing?month=${month}`, { key: tenant.agent });

    expect(response.status).toBe(403);
  });
});
