import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openSlaCase, runSweep, slaTenant, type SlaTenant } from '../fixtures/sla/slaDesk';
import { slaTestOffering } from '../fixtures/sla/slaOffering';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';
import { axeViolations, buildConsole, launchChromium, screenshot } from './consoleBrowser';

/*
 * The issue's story in one run, in a real browser against the local host on Azurite: an agent signs in, finds an
 * at-risk case from the home view, replies, adds a note, sets it pending, the customer answers through the portal API,
 * the agent resolves it; a lead opens the dashboard; an admin edits the service hours.
 *
 * The host runs on a manual clock (June 2037, a week no other file uses) so a case can be made at risk: service hours
 * as in slaTestOffering (Berlin, Monday to Friday 08:00-18:00), severity B answers within 60 business minutes with the
 * warning at 45; 50 minutes after it came in, the SLA sweep records the warning. The browsers' clocks are set to the
 * host's, so the SLA badges count down from the same instant. axe-core checks each page; a screenshot of each is saved.
 */
describe("the agent console's story in a browser", () => {
  const clock = new ManualClock('2037-06-08T09:00:00Z');
  let desk: TestHost;
  let browser: Browser;
  let tenant: SlaTenant;
  const pageErrors: string[] = [];

  /** A browser context of its own, on the host's time, signed in as `agentId` through the development sign-in. */
  async function signedIn(agentId: string, landing: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(10_000);
    await context.clock.setFixedTime(clock.now());
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    const signIn = new URLSearchParams({
      tenant: tenant.tenantId,
      agent: agentId,
      post_login_redirect_uri: landing,
    });
    await page.goto(`${desk.url}/.auth/login/dev?${signIn}`);
    return { context, page };
  }

  async function putAgent(id: string, name: string, role: 'agent' | 'admin'): Promise<void> {
    const saved = await desk.request('PUT', `/api/agents/${id}`, {
      key: tenant.adminKey,
      body: {
        name,
        email: `${id}@partner.example`,
        role,
        entra: { tenantId: randomUUID(), objectId: randomUUID() },
        tiers: ['tier1'],
      },
    });
    expect(saved.status).toBe(201);
  }

  beforeAll(async () => {
    buildConsole();
    desk = await startTestHost({ clock });
    browser = await launchChromium();
    tenant = await slaTenant(desk, slaTestOffering());
    await putAgent('dana', 'Dana Agent', 'agent');
    await putAgent('lena', 'Lena Lead', 'agent');
    await putAgent('sam', 'Sam Admin', 'admin');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await desk?.stop();
  });

  it('given a severity B case past its warning, when an agent, a lead and an admin do their day in the console, then each step shows and lands in the desk', async () => {
    // Given: one case at risk (severity B, 50 of its 60 minutes gone) beside one that is not (severity C).
    const atRisk = await openSlaCase(desk, tenant, 'B');
    await openSlaCase(desk, tenant, 'C');
    clock.set('2037-06-08T09:50:00Z');
    await runSweep(desk);
    await desk.host.idle();

    // The agent signs in and finds it from the home view.
    const { page } = await signedIn('dana', '/console/');
    const atRiskView = page.locator('.views li[data-view="atRisk"]');
    await atRiskView.waitFor();
    expect(await atRiskView.locator('[data-count]').textContent()).toBe('1');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'story-home');
    await atRiskView.getByRole('link').click();
    const row = page.locator(`table.cases tbody tr[data-case-id="${atRisk.id}"]`);
    await row.waitFor();
    expect(await page.locator('table.cases tbody tr').count()).toBe(1);
    expect(await row.locator('.badge').getAttribute('data-tone')).toBe('warning');
    expect(await row.locator('.badge').textContent()).toMatch(/^10m left \(at risk\)/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'story-at-risk');

    // It opens the case, replies and adds a note.
    await row.getByRole('link', { name: atRisk.caseNumber }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(atRisk.caseNumber) }).waitFor();
    await page.getByLabel('Reply to the customer').check();
    await page.getByLabel('Message').fill('We are checking which VM size suits your accounting workload.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.timeline > li').filter({ hasText: 'which VM size suits' }).waitFor();
    await page.getByLabel('Internal note').check();
    await page.getByLabel('Message').fill('Customer runs DATEV; ask about peak month-end load.');
    await page.getByRole('button', { name: 'Send' }).click();
    const note = page.locator('.timeline > li[data-type="note"]').filter({ hasText: 'Customer runs DATEV' });
    await note.waitFor();
    expect(await note.getAttribute('data-visibility')).toBe('internal');
    const answered = await desk.request('GET', `/api/cases?sla=atRisk`, { key: tenant.agentKey });
    expect(answered.body.items).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'story-case');

    // It waits on the customer, who answers through the portal API.
    // A reply does not move the case by itself: the agent starts work first.
    await page.getByRole('button', { name: 'Move to In progress' }).click();
    await page.getByText('The case is now In progress.').waitFor();
    await page.getByRole('button', { name: 'Move to Pending customer' }).click();
    await page.getByText('The case is now Pending customer.').waitFor();
    clock.set('2037-06-08T10:30:00Z');
    const { key: portalKey } = await desk.newTenantKey('portal', tenant.tenantId);
    const customerReply = await desk.request('POST', `/api/cases/${atRisk.id}/customer-replies`, {
      key: portalKey,
      body: { text: 'Month-end peaks at about 40 users; the D4s size sounds right.' },
    });
    expect(customerReply.status).toBe(201);
    await desk.host.idle();
    await page.context().clock.setFixedTime(clock.now());
    await page.reload();
    await page.locator('.timeline > li').filter({ hasText: 'Month-end peaks at about 40 users' }).waitFor();

    // It resolves the case.
    await page.getByLabel('Reason (shown to the customer)').fill('Recommended the D4s v5 size.');
    await page.getByRole('button', { name: 'Move to Resolved' }).click();
    await page.getByText('The case is now Resolved.').waitFor();
    const resolved = await desk.request('GET', `/api/cases/${atRisk.id}`, { key: tenant.agentKey });
    expect(resolved.body.status).toBe('resolved');
    await screenshot(page, 'story-case-resolved');

    // A lead opens the dashboard: the SLA report's numbers, drawn.
    const lead = await signedIn('lena', '/console/dashboard');
    await lead.page.locator('.chart canvas[height]:not([height="0"])').nth(2).waitFor();
    const from = await lead.page.getByLabel('From', { exact: true }).inputValue();
    const to = await lead.page.getByLabel('To', { exact: true }).inputValue();
    const report = await desk.request('GET', `/api/reports/sla?from=${from}&to=${to}`, { key: tenant.agentKey });
    expect(report.status).toBe(200);
    const backlog = await lead.page
      .locator('figure', { hasText: 'Open cases by age' })
      .locator('.chart-data td')
      .allTextContents();
    expect(backlog).toEqual(report.body.backlogByAge.map((bucket: { count: number }) => `${bucket.count} cases`));
    // Compliance by product: the week's share of Azure clocks met, as the report counts it.
    const weeks = report.body.weeks as { byProduct: { azure?: { metShare: number | null } } }[];
    expect(weeks.length).toBeGreaterThan(0);
    const azureShare = weeks[0]!.byProduct.azure?.metShare;
    expect(await lead.page.locator('[data-by-product] tbody tr').first().locator('td').first().textContent()).toBe(
      azureShare == null ? '–' : `${Math.round(azureShare * 100)} %`,
    );
    expect(await axeViolations(lead.page)).toEqual([]);
    await screenshot(lead.page, 'story-dashboard');

    // An admin edits the service hours: Monday opens earlier, Christmas Eve is closed.
    const admin = await signedIn('sam', '/console/admin/offering');
    await admin.page.getByLabel('Product').selectOption('azure');
    await admin.page.locator('tr[data-day="mon"]').getByLabel('Monday 1: opens').fill('07:00');
    await admin.page.getByLabel('Holiday', { exact: true }).fill('12-24');
    await admin.page.getByRole('button', { name: 'Add holiday' }).click();
    expect(await axeViolations(admin.page)).toEqual([]);
    await admin.page.getByRole('button', { name: 'Save service hours' }).click();
    await admin.page.getByText('The service hours are saved.').waitFor();
    await screenshot(admin.page, 'story-offering');
    const offering = await desk.request('GET', '/api/offering', { key: tenant.adminKey });
    const hours = offering.body.services.azure.serviceHours;
    expect(hours.weekly.filter((interval: { day: string }) => interval.day === 'mon')).toEqual([
      { day: 'mon', start: '07:00', end: '18:00' },
    ]);
    expect(hours.holidays).toContain('12-24');

    // No script error and no Content-Security-Policy violation on any page of the story.
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
