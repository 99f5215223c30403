import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestHost, type TestHost } from '../support/testHost';
import { axeViolations, buildConsole, launchChromium, screenshot } from './consoleBrowser';

/*
 * An agent works in the console in a real browser (Debian's Chromium, headless) against the local host on Azurite:
 * signs in through the development sign-in, sees the work queues with the API's counts, opens a view and a case, writes
 * an internal note, moves the case, and meets a conflict when someone else changed the case meanwhile. axe-core checks
 * the home and case pages. Each test's data is a fresh tenant of its own.
 */

interface Seeded {
  tenantId: string;
  agentKey: string;
  caseIds: string[];
}

describe('the agent console in a browser', () => {
  let desk: TestHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seeded: Seeded;
  const pageErrors: string[] = [];

  /**
   * Collects script errors and console errors (a Content-Security-Policy violation is one). Chromium also logs every
   * 4xx answer as an error; the ones the tests provoke on purpose (400, 403, 404, 409, 412) are not counted.
   */
  function watchForErrors(watched: Page): void {
    watched.on('pageerror', (error) => pageErrors.push(error.message));
    watched.on('console', (message) => {
      if (message.type() === 'error' && !/status of (400|403|404|409|412)/.test(message.text()))
        pageErrors.push(message.text());
    });
  }

  /** A tenant with an agent Dana (signed in below) and three open, unassigned cases the pipeline has enriched. */
  async function seed(): Promise<Seeded> {
    const admin = await desk.newTenantKey('admin');
    const { key: agentKey } = await desk.newTenantKey('agent', admin.tenantId);
    const entra = { tenantId: randomUUID(), objectId: randomUUID() };
    for (const [id, name] of [
      ['dana', 'Dana Agent'],
      ['lee', 'Lee Agent'],
    ]) {
      const saved = await desk.request('PUT', `/api/agents/${id}`, {
        key: admin.key,
        body: {
          name,
          email: `${id}@partner.example`,
          role: 'agent',
          entra: id === 'dana' ? entra : { tenantId: randomUUID(), objectId: randomUUID() },
          tiers: ['tier1'],
        },
      });
      expect(saved.status).toBe(201);
    }
    const caseIds: string[] = [];
    for (const title of ['Outlook does not sync', 'Teams calls drop', 'Azure VM does not start']) {
      const created = await desk.request('POST', '/api/cases', {
        key: agentKey,
        body: {
          title,
          description: `${title} since this morning for several users.`,
          product: title.startsWith('Azure') ? 'azure' : 'microsoft365',
          severity: 'B',
          category: 'technical',
          customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam Ltd' },
          contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
        },
      });
      expect(created.status).toBe(201);
      caseIds.push(created.body.id);
    }
    await desk.host.idle();
    return { tenantId: admin.tenantId, agentKey, caseIds };
  }

  beforeAll(async () => {
    buildConsole();
    desk = await startTestHost();
    browser = await launchChromium();
    seeded = await seed();
    context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin' });
    // A step that does not happen fails within seconds, naming what it waited for, not at the test's timeout.
    context.setDefaultTimeout(5_000);
    page = await context.newPage();
    watchForErrors(page);
    const signIn = new URLSearchParams({
      tenant: seeded.tenantId,
      agent: 'dana',
      post_login_redirect_uri: '/console/',
    });
    await page.goto(`${desk.url}/.auth/login/dev?${signIn}`);
    await page.waitForSelector('.views');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await desk?.stop();
  });
  afterEach(() => {
    // No script error and no Content-Security-Policy violation on any page the test saw.
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('given a signed-out browser, when it opens the console, then it offers Microsoft sign-in and, on the local host, the development sign-in', async () => {
    const fresh = await browser.newContext();
    const signedOut = await fresh.newPage();
    await signedOut.goto(`${desk.url}/console/`);
    await signedOut.getByRole('heading', { name: 'Sign in' }).waitFor();
    const links = await signedOut
      .locator('.sign-in a')
      .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
    expect(links).toEqual([
      '/.auth/login/aad?post_login_redirect_uri=%2Fconsole%2F',
      '/.auth/login/dev?post_login_redirect_uri=%2Fconsole%2F',
    ]);
    await fresh.close();
  });

  it('given the signed-in agent, when the home page shows, then each work queue has the count the API gives and axe finds nothing', async () => {
    const answer = await page.request.get(`${desk.url}/api/queues/summary`);
    const summary = (await answer.json()) as { views: { name: string; count: number }[] };
    expect(summary.views.find((view) => view.name === 'unassigned')?.count).toBe(3);
    const shown = await page.locator('.views li').evaluateAll((items) =>
      items.map((item) => ({
        name: item.getAttribute('data-view'),
        count: Number(item.querySelector('[data-count]')?.textContent),
      })),
    );
    expect(shown).toEqual(summary.views.map((view) => ({ name: view.name, count: view.count })));
    expect(await page.locator('.who').textContent()).toContain('Signed in as Dana Agent');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'home');
  });

  it('given the unassigned view, when the agent opens it from home, then its cases are listed soonest deadline first with an SLA badge, and the URL keeps the view', async () => {
    await page.getByRole('link', { name: /Unassigned/ }).click();
    await page.waitForSelector('table.cases tbody tr');
    expect(new URL(page.url()).pathname).toBe('/console/cases');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      status: 'open',
      assignee: 'none',
      sort: 'due',
    });
    const listed = await page.request.get(`${desk.url}/api/cases?status=open&assignee=none&sort=due`);
    const ids = ((await listed.json()) as { items: { id: string }[] }).items.map((item) => item.id);
    const rows = await page
      .locator('table.cases tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-id')));
    expect(rows).toEqual(ids);
    expect(rows.sort()).toEqual([...seeded.caseIds].sort());
    await expect(page.locator('table.cases .badge').first().textContent()).resolves.toMatch(/left|No clock/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'cases');
  });

  it('given a case, when the agent opens it, then its header, clocks, entitlement and whole timeline show, and axe finds nothing', async () => {
    const caseId = seeded.caseIds[0] as string;
    await page.goto(`${desk.url}/console/cases/${caseId}`);
    const apiCase = await (await page.request.get(`${desk.url}/api/cases/${caseId}`)).json();
    await page.getByRole('heading', { level: 1, name: new RegExp(apiCase.caseNumber) }).waitFor();
    expect(await page.locator('.timeline > li').count()).toBe(apiCase.timeline.length);
    expect(await page.locator('[data-clock="firstResponse"]').textContent()).toMatch(/First response: running/);
    expect(await page.locator('.facts').textContent()).toContain('Fabrikam Ltd');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'case');
  });

  it('given the case page, when the agent sends an internal note, then it appears on the timeline marked internal', async () => {
    await page.getByLabel('Internal note').check();
    await page.getByLabel('Message').fill('Customer called: only the Outlook desktop client is affected.');
    await page.getByRole('button', { name: 'Send' }).click();
    const note = page.locator('.timeline > li[data-type="note"]').filter({ hasText: 'only the Outlook desktop' });
    await note.waitFor();
    expect(await note.getAttribute('data-visibility')).toBe('internal');
    expect(await note.locator('.tag-internal').textContent()).toBe('Internal');
    expect(await page.getByRole('status').textContent()).toBe('Sent.');
  });

  it('given the case page, when the agent starts work, then the case is in progress and the next moves are offered', async () => {
    await page.getByRole('button', { name: 'Move to In progress' }).click();
    await page.getByText('The case is now In progress.').waitFor();
    expect(await page.locator('.case-facts .status').textContent()).toBe('In progress');
    const moves = await page
      .locator('.moves button')
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-move')));
    expect(moves).toEqual(['pending_customer', 'resolved']);
  });

  it('given the case changed behind the page, when the agent writes, then the desk refuses (412), the page reloads the case and says so, and the draft is kept', async () => {
    const caseId = seeded.caseIds[0] as string;
    const other = await desk.request('POST', `/api/cases/${caseId}/notes`, {
      key: seeded.agentKey,
      body: { text: 'A colleague added this meanwhile.' },
    });
    expect(other.status).toBe(201);
    await page.getByLabel('Internal note').check();
    await page.getByLabel('Message').fill('My late note.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('alert').filter({ hasText: 'The case changed while you had it open' }).waitFor();
    await page.locator('.timeline > li').filter({ hasText: 'A colleague added this meanwhile.' }).waitFor();
    expect(await page.getByLabel('Message').inputValue()).toBe('My late note.');
    const apiCase = await (await page.request.get(`${desk.url}/api/cases/${caseId}`)).json();
    expect(apiCase.timeline.some((entry: any) => entry.data?.text === 'My late note.')).toBe(false);

    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.timeline > li').filter({ hasText: 'My late note.' }).waitFor();
  });

  it('given the case page, when the agent assigns the case to a colleague, then the assignee is saved', async () => {
    await page.getByLabel('Assign to').selectOption('lee');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByText('Assignment saved.').waitFor();
    const apiCase = await (await page.request.get(`${desk.url}/api/cases/${seeded.caseIds[0]}`)).json();
    expect(apiCase.assignee).toBe('lee');
  });

  it('given the case page, when the agent corrects the severity with a reason, then the desk records the correction', async () => {
    await page.getByLabel('Severity').selectOption('A');
    await page.getByLabel('Reason (internal)').fill('The whole sales team is blocked.');
    await page.getByRole('button', { name: 'Save corrections' }).click();
    await page.getByText('Corrections saved.').waitFor();
    const apiCase = await (await page.request.get(`${desk.url}/api/cases/${seeded.caseIds[0]}`)).json();
    expect(apiCase.severity).toBe('A');
    expect(await page.locator('.case-facts').textContent()).toContain('Severity A');
  });

  it('given a case in progress, when the agent waits on the customer, the customer answers through the portal and the agent resolves it, then the page follows each step', async () => {
    const caseId = seeded.caseIds[0] as string;
    await page.getByRole('button', { name: 'Move to Pending customer' }).click();
    await page.getByText('The case is now Pending customer.').waitFor();

    const { key: portalKey } = await desk.newTenantKey('portal', seeded.tenantId);
    const answered = await desk.request('POST', `/api/cases/${caseId}/customer-replies`, {
      key: portalKey,
      body: { text: 'Restarting Outlook in safe mode fixed it, thank you.' },
    });
    expect(answered.status).toBe(201);
    await desk.host.idle();

    await page.reload();
    await page.locator('.timeline > li').filter({ hasText: 'Restarting Outlook in safe mode' }).waitFor();
    const apiCase = await (await page.request.get(`${desk.url}/api/cases/${caseId}`)).json();
    expect(await page.locator('.case-facts .status').textContent()).toBe(
      { in_progress: 'In progress', pending_customer: 'Pending customer' }[apiCase.status as string],
    );
    await page.getByLabel('Reason (shown to the customer)').fill('Outlook profile repaired.');
    await page.getByRole('button', { name: 'Move to Resolved' }).click();
    await page.getByText('The case is now Resolved.').waitFor();
    expect(await page.locator('.case-facts .status').textContent()).toBe('Resolved');
    await screenshot(page, 'case-resolved');
  });

  it('given a tier 2 case whose next step is Microsoft, when the agent escalates it without a technical entitlement, then the page shows the reason the desk gives', async () => {
    const caseId = seeded.caseIds[1] as string;
    // On tier 2 whatever triage decided, so the next step of the default ladder is Microsoft.
    const onTier2 = await desk.request('PATCH', `/api/cases/${caseId}`, {
      key: seeded.agentKey,
      body: { tier: 'tier2', reason: 'Tier 1 checks are done.' },
    });
    expect(onTier2.status).toBe(200);
    const before = await (await page.request.get(`${desk.url}/api/cases/${caseId}`)).json();
    expect(before.tier).toBe('tier2');
    await page.goto(`${desk.url}/console/cases/${caseId}`);
    await page.getByLabel('Why escalate').fill('Calls drop for the whole office; tier 1 checks are done.');
    await page.getByRole('button', { name: 'Escalate to the next step' }).click();
    await page.getByRole('alert').filter({ hasText: 'needs a technical support entitlement' }).waitFor();
    const after = await (await page.request.get(`${desk.url}/api/cases/${caseId}`)).json();
    expect(after.escalationLevel).toBe(before.escalationLevel);
    expect(after.flags).toContain('needsTechnicalEntitlement');
  });

  it('given a case, when the agent escalates it to Microsoft through a vehicle the partner does not hold and then through commercial support, then the page shows the refusal and then the escalation the desk records', async () => {
    const caseId = seeded.caseIds[2] as string;
    await page.goto(`${desk.url}/console/cases/${caseId}`);
    await page.getByLabel('Vehicle').selectOption('premierSupportForPartners');
    await page.getByLabel('Why Microsoft').fill('The VM host reports a platform fault.');
    await page.getByRole('button', { name: 'Escalate to Microsoft', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'holds no premierSupportForPartners entitlement' }).waitFor();
    expect((await desk.request('GET', `/api/cases/${caseId}`, { key: seeded.agentKey })).body.escalations).toEqual([]);

    await page.getByLabel('Vehicle').selectOption('commercialSupport');
    await page.getByRole('button', { name: 'Escalate to Microsoft', exact: true }).click();
    await page.getByText('The case is escalated to Microsoft.').waitFor();
    const after = await desk.request('GET', `/api/cases/${caseId}`, { key: seeded.agentKey });
    expect(after.body.escalations).toEqual([
      expect.objectContaining({ vehicle: 'commercialSupport', reason: 'The VM host reports a platform fault.' }),
    ]);
  });

  it('given the search box, when the agent types a case number, then that case opens; words list the matching cases', async () => {
    const target = await desk.request('GET', `/api/cases/${seeded.caseIds[2]}`, { key: seeded.agentKey });
    await page.getByLabel('Case number or words').fill(target.body.caseNumber.toLowerCase());
    await page.getByLabel('Case number or words').press('Enter');
    await page.getByRole('heading', { level: 1, name: new RegExp(target.body.caseNumber) }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/cases/${seeded.caseIds[2]}`);

    await page.getByLabel('Case number or words').fill('Teams');
    await page.getByLabel('Case number or words').press('Enter');
    await page.waitForSelector('table.cases tbody tr');
    expect(new URL(page.url()).search).toBe('?q=Teams');
    expect(await page.locator('table.cases tbody tr').count()).toBe(1);
  });

  it('given a list, when the agent filters it by severity, then the URL holds the filter with the rest of the query and only those cases show', async () => {
    await page.goto(`${desk.url}/console/cases?sort=created`);
    await page.waitForSelector('table.cases tbody tr');
    await page.getByLabel('Severity').selectOption('A');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/severity=A/);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ sort: 'created', severity: 'A' });
    const others = page.locator(`table.cases tbody tr:not([data-case-id="${seeded.caseIds[0]}"])`);
    await others.first().waitFor({ state: 'detached' });
    expect(await page.locator('table.cases tbody tr').getAttribute('data-case-id')).toBe(seeded.caseIds[0]);
  });

  it('given the keyboard only, when the agent tabs into the page, then the first stop is a visible "skip to content" link that moves focus to the content', async () => {
    await page.goto(`${desk.url}/console/`);
    await page.waitForSelector('.views');
    await page.keyboard.press('Tab');
    // Evaluated in the page (the test's own TypeScript has no DOM types).
    const focused = (await page.evaluate(`(() => {
      const element = document.activeElement;
      return {
        text: element.textContent,
        outline: getComputedStyle(element).outlineStyle,
        left: element.getBoundingClientRect().left,
      };
    })()`)) as { text: string; outline: string; left: number };
    expect(focused).toEqual({ text: 'Skip to content', outline: 'solid', left: expect.any(Number) });
    expect(focused.left).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
  });

  it("given the lead's dashboard, when it opens on the last four weeks, then its charts and numbers are the SLA report's and axe finds nothing", async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.locator('.chart canvas').nth(2).waitFor();
    const from = (await page.getByLabel('From', { exact: true }).inputValue()) as string;
    const to = (await page.getByLabel('To', { exact: true }).inputValue()) as string;
    const report = await (await page.request.get(`${desk.url}/api/reports/sla?from=${from}&to=${to}`)).json();
    const backlog = await page
      .locator('figure', { hasText: 'Open cases by age' })
      .locator('.chart-data td')
      .allTextContents();
    expect(backlog).toEqual(report.backlogByAge.map((row: { count: number }) => `${row.count} cases`));
    expect(backlog.reduce((sum, text) => sum + Number.parseInt(text, 10), 0)).toBeGreaterThan(0);
    expect(await page.locator('[data-microsoft] dd').first().textContent()).toBe(
      String(report.microsoftEscalations.requested),
    );
    // Chart.js drew into each of the three canvases: it sizes a canvas to its box when it draws.
    await page.locator('.chart canvas[height]:not([height="0"])').nth(2).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard');
  });

  it('given an agent (no admin), when they open the API keys page, then the desk refuses and they stay signed in', async () => {
    await page.goto(`${desk.url}/console/admin/keys`);
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Your role may not do this' }).waitFor();
    expect(await page.locator('.who').textContent()).toContain('Signed in as Dana Agent');
  });

  describe('an admin', () => {
    let admin: Page;

    beforeAll(async () => {
      const entra = { tenantId: randomUUID(), objectId: randomUUID() };
      const { key } = await desk.newTenantKey('admin', seeded.tenantId);
      const saved = await desk.request('PUT', '/api/agents/sam', {
        key,
        body: { name: 'Sam Admin', email: 'sam@partner.example', role: 'admin', entra, tiers: ['tier2'] },
      });
      expect(saved.status).toBe(201);
      const adminContext = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin' });
      adminContext.setDefaultTimeout(5_000);
      admin = await adminContext.newPage();
      watchForErrors(admin);
      const signIn = new URLSearchParams({
        tenant: seeded.tenantId,
        agent: 'sam',
        post_login_redirect_uri: '/console/admin/agents',
      });
      await admin.goto(`${desk.url}/.auth/login/dev?${signIn}`);
      await admin.waitForSelector('tr[data-agent-id="lee"]');
    });

    it('given the agents page, when the admin deactivates an agent, then the desk keeps everything else of that agent and axe finds nothing', async () => {
      expect(await axeViolations(admin)).toEqual([]);
      const before = await desk.request('GET', '/api/agents/lee', { key: seeded.agentKey });
      await admin.getByRole('button', { name: 'Edit Lee Agent' }).click();
      expect(await admin.getByLabel('Agent id').inputValue()).toBe('lee');
      await admin.getByLabel('Active').uncheck();
      await admin.getByRole('button', { name: 'Save agent' }).click();
      await admin.getByText('Lee Agent is saved.').waitFor();
      const after = await desk.request('GET', '/api/agents/lee', { key: seeded.agentKey });
      expect(after.body).toEqual({ ...before.body, active: false, updatedAt: expect.any(String) });
      await screenshot(admin, 'admin-agents');
    });

    it('given the API keys page, when the admin creates a portal key, then its secret is shown once and works; revoked, it no longer does', async () => {
      await admin.getByRole('link', { name: 'API keys' }).click();
      await admin.getByLabel('Label').fill('Customer portal');
      await admin.getByRole('button', { name: 'Create key' }).click();
      const secret = (await admin.locator('[data-secret]').textContent()) as string;
      expect((await desk.request('GET', '/api/cases', { key: secret })).status).toBe(200);
      expect(await axeViolations(admin)).toEqual([]);
      await screenshot(admin, 'admin-keys');

      admin.once('dialog', (dialog) => void dialog.accept());
      await admin.getByRole('button', { name: 'Revoke Customer portal' }).click();
      await admin.getByText('Customer portal is revoked.').waitFor();
      expect(await admin.locator('[data-secret]').count()).toBe(0);
      expect((await desk.request('GET', '/api/cases', { key: secret })).status).toBe(401);
    });

    it("given the support offering page, when the admin edits Monday's hours and adds a holiday, then the desk's offering has them and axe finds nothing", async () => {
      const { key } = await desk.newTenantKey('admin', seeded.tenantId);
      const before = await desk.request('GET', '/api/offering', { key });
      await admin.getByRole('link', { name: 'Support offering' }).click();
      await admin.getByLabel('Product').selectOption('microsoft365');
      const monday = admin.locator('tr[data-day="mon"]');
      await monday.getByLabel('Monday 1: opens').fill('07:30');
      await monday.getByLabel('Monday 1: closes').fill('19:00');
      await admin.getByLabel('Holiday', { exact: true }).fill('2026-12-24');
      await admin.getByRole('button', { name: 'Add holiday' }).click();
      await admin.locator('li[data-holiday="2026-12-24"]').waitFor();
      expect(await axeViolations(admin)).toEqual([]);
      await screenshot(admin, 'admin-offering');
      await admin.getByRole('button', { name: 'Save service hours' }).click();
      await admin.getByText('The service hours are saved.').waitFor();

      const saved = await desk.request('GET', '/api/offering', { key });
      const hours = saved.body.services.microsoft365.serviceHours;
      expect(hours.weekly.filter((interval: { day: string }) => interval.day === 'mon')).toEqual([
        { day: 'mon', start: '07:30', end: '19:00' },
      ]);
      expect(hours.holidays).toContain('2026-12-24');
      // The rest of the offering went back as it came.
      expect({ ...saved.body, services: { ...saved.body.services, microsoft365: undefined } }).toEqual({
        ...before.body,
        services: { ...before.body.services, microsoft365: undefined },
      });
    });

    it('given the offering changed behind the page, when the admin saves, then the desk refuses (412) and the page reloads it and says so', async () => {
      const { key } = await desk.newTenantKey('admin', seeded.tenantId);
      const current = await desk.request('GET', '/api/offering', { key });
      current.body.services.azure.serviceHours.holidays.push('2026-12-31');
      const behind = await desk.request('PUT', '/api/offering', {
        key,
        body: current.body,
        headers: { 'if-match': current.headers.get('etag') as string },
      });
      expect(behind.status).toBe(200);
      await admin.getByRole('button', { name: 'Add hours on Saturday' }).click();
      await admin.getByRole('button', { name: 'Save service hours' }).click();
      await admin.getByRole('alert').filter({ hasText: 'Someone changed the support offering meanwhile' }).waitFor();
      await admin.getByLabel('Product').selectOption('azure');
      await admin.locator('li[data-holiday="2026-12-31"]').waitFor();
      const after = await desk.request('GET', '/api/offering', { key });
      expect(after.body.services.microsoft365.serviceHours.weekly.some((i: { day: string }) => i.day === 'sat')).toBe(
        false,
      );
    });

    it('given the triage rules page, when the admin tries a sample with the saved rules and then with edited ones, then it shows what triage decides and why, and saves nothing', async () => {
      const { key } = await desk.newTenantKey('admin', seeded.tenantId);
      const savedRules = await desk.request('GET', '/api/triage-rules', { key });
      const casesBefore = await desk.request('GET', '/api/cases', { key });
      await admin.getByRole('link', { name: 'Triage rules' }).click();
      await admin.locator('tbody tr[data-rule-id]').first().waitFor();
      expect(await admin.locator('tbody tr[data-rule-id]').count()).toBe(savedRules.body.length);

      const sample = {
        title: 'Outage: nobody can sign in to Teams',
        description: 'Since 9:00 nobody in the office can sign in to Teams or Outlook.',
      };
      await admin.getByLabel('Title').fill(sample.title);
      await admin.getByLabel('Description').fill(sample.description);
      await admin.getByLabel('Product the customer chose').selectOption('microsoft365');
      await admin.getByRole('button', { name: 'Try the rules' }).click();
      await admin.locator('[data-trial]').waitFor();
      const expected = await desk.request('POST', '/api/triage-rules/try', {
        key,
        body: { ...sample, product: 'microsoft365' },
      });
      expect(await admin.locator('[data-field="severity"] dd').textContent()).toContain(expected.body.severity);
      expect(await admin.locator('.explanation li').count()).toBe(expected.body.explanation.length);
      expect(await axeViolations(admin)).toEqual([]);
      await screenshot(admin, 'admin-triage-rules');

      const outage = {
        id: 'outage-is-a',
        description: 'Nobody can work: severity A',
        when: { keywords: { any: ['nobody can'] } },
        set: { severity: 'A', scope: 'tier2' },
        override: true,
      };
      const licensing = {
        id: 'licence-is-billing',
        description: 'Licences are a billing matter',
        when: { keywords: { any: ['licence'] } },
        set: { category: 'billing' },
        override: false,
      };
      await admin.getByLabel('Rules (JSON)').fill(JSON.stringify([licensing, outage]));
      await admin.getByRole('button', { name: 'Try the rules' }).click();
      await admin.locator('[data-fired]').filter({ hasText: 'Rules that fired: outage-is-a' }).waitFor();
      expect(await admin.locator('[data-field="severity"] dd').textContent()).toBe('A (a rule)');
      expect(await admin.locator('[data-field="tier"] dd').textContent()).toBe('tier2 (a rule)');
      const notFired = admin.locator('.explanation li[data-rule-id="licence-is-billing"]');
      expect(await notFired.getAttribute('data-outcome')).toBe('notMatched');
      expect(await notFired.textContent()).toMatch(/did not fire — .*licence/);

      const rulesAfter = await desk.request('GET', '/api/triage-rules', { key });
      expect(rulesAfter.headers.get('etag')).toBe(savedRules.headers.get('etag'));
      const casesAfter = await desk.request('GET', '/api/cases', { key });
      expect(casesAfter.body.items.length).toBe(casesBefore.body.items.length);
    });

    it('given a time zone the desk does not know, when the admin saves, then the problem is shown next to the field and nothing is saved', async () => {
      const { key } = await desk.newTenantKey('admin', seeded.tenantId);
      const before = await desk.request('GET', '/api/offering', { key });
      await admin.getByRole('link', { name: 'Support offering' }).click();
      await admin.getByLabel('Time zone (IANA, e.g. Europe/Berlin)').fill('Europe/Atlantis');
      await admin.getByRole('button', { name: 'Save service hours' }).click();
      await admin.getByRole('alert').filter({ hasText: 'did not accept the service hours' }).waitFor();
      const problem = admin.locator('#problem-timeZone');
      expect(await problem.textContent()).toMatch(/IANA time zone/);
      expect(await admin.getByLabel('Time zone (IANA, e.g. Europe/Berlin)').getAttribute('aria-describedby')).toBe(
        'problem-timeZone',
      );
      const after = await desk.request('GET', '/api/offering', { key });
      expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
    });
  });

  it('given the language switch, when the agent picks Deutsch, then the console speaks German and keeps the choice', async () => {
    await page.goto(`${desk.url}/console/`);
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('heading', { name: 'Arbeitslisten' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Arbeitslisten' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.getByLabel('Sprache').selectOption('en');
  });
});
