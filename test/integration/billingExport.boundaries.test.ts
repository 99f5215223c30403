import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';
import { tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * The billable-support export as a partner invoices from it, tried at its edges: the instant a month ends, a case that
 * goes off and back on the invoice in later months, customer words a spreadsheet would run, callers who may not see
 * it, and months that are not months. Dates are in 2091, which no other test uses.
 */

const fabrikam = '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
/** A customer the partner has not recorded: the case keeps the name the portal sent. */
const unrecorded = '1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b';

describe('the billable-support export at its edges', () => {
  const clock = new ManualClock('2091-03-31T23:59:59.000Z');
  let desk: TestHost;
  let tenant: TenantKeys;

  const open = async (title: string, customer = { tenantId: fabrikam, name: 'Fabrikam GmbH' }): Promise<string> => {
    const response = await desk.request('POST', '/api/cases', {
      key: tenant.portal,
      body: {
        title,
        description: 'Our production VM does not start since the platform update; nobody can work.',
        product: 'azure',
        category: 'technical',
        severity: 'A',
        customer,
        contact: { name: 'Ops', email: 'ops@fabrikam.example' },
      },
    });
    expect(response.status).toBe(201);
    await desk.host.idle();
    return response.body.id;
  };
  const correct = async (caseId: string, severity: string, reason: string): Promise<void> => {
    const response = await desk.request('PATCH', `/api/cases/${caseId}`, {
      key: tenant.agent,
      body: { severity, reason },
      headers: { 'acted-by': 'Dana Agent' },
    });
    expect(response.status).toBe(200);
  };
  const exportOf = async (month: string, key = tenant.admin) =>
    desk.request('GET', `/api/billing?month=${month}`, { key });

  beforeAll(async () => {
    desk = await startTestHost({ clock });
    tenant = await tenantWithKeys(desk);
    const saved = await desk.request('PUT', `/api/customers/${fabrikam}`, {
      key: tenant.admin,
      body: { name: 'Fabrikam GmbH', supportPlanId: 'standard' },
    });
    expect(saved.status).toBe(201);
  });
  afterAll(() => desk.stop());

  it('given cases opened in the last second of March and at midnight, then each is in its own UTC month', async () => {
    const march = await open('Production VM down (March)');
    clock.set('2091-04-01T00:00:00.000Z');
    const april = await open('Production VM down (April)');

    const ids = async (month: string): Promise<string[]> =>
      (await exportOf(month)).body.customers.flatMap((entry: { lines: { caseId: string }[] }) =>
        entry.lines.map((line) => line.caseId),
      );
    expect(await ids('2091-03')).toEqual([march]);
    expect(await ids('2091-04')).toEqual([april]);
  });

  it("given a case opened at 00:30 on 1 September in Berlin (22:30 UTC on 31 August), when exported with timeZone=Europe/Berlin, then it is September's, and August's without a time zone", async () => {
    clock.set('2091-08-31T22:30:00.000Z');
    const caseId = await open('Production VM down (Berlin night)');
    const ids = async (query: string): Promise<string[]> =>
      (await desk.request('GET', `/api/billing?${query}`, { key: tenant.admin })).body.customers.flatMap(
        (entry: { lines: { caseId: string }[] }) => entry.lines.map((line) => line.caseId),
      );

    expect(await ids('month=2091-09&timeZone=Europe/Berlin')).toEqual([caseId]);
    expect(await ids('month=2091-08&timeZone=Europe/Berlin')).toEqual([]);
    expect(await ids('month=2091-08')).toEqual([caseId]);
    const berlin = (
      await desk.request('GET', '/api/billing?month=2091-09&timeZone=Europe/Berlin', { key: tenant.admin })
    ).body;
    expect(berlin).toMatchObject({
      timeZone: 'Europe/Berlin',
      from: '2091-08-31T22:00:00.000Z',
      to: '2091-09-30T22:00:00.000Z',
    });
  });

  it('given a time zone that is not one, when the month is exported, then 400 names timeZone', async () => {
    const response = await desk.request('GET', '/api/billing?month=2091-09&timeZone=Mars/Olympus_Mons', {
      key: tenant.admin,
    });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['timeZone']);
  });

  it('given a March case corrected off the invoice in April and back on in May, then March lists it as billable with both corrections, in order', async () => {
    clock.set('2091-03-15T10:00:00.000Z');
    const caseId = await open('Storage account unreachable');
    clock.set('2091-04-10T10:00:00.000Z');
    await correct(caseId, 'C', 'One test VM only');
    clock.set('2091-05-02T10:00:00.000Z');
    await correct(caseId, 'A', 'Production after all');

    const exported = (await exportOf('2091-03')).body;
    const line = exported.customers
      .flatMap((entry: { lines: { caseId: string }[] }) => entry.lines)
      .find((candidate: { caseId: string }) => candidate.caseId === caseId);
    expect(line).toMatchObject({ billable: true, rule: 'severityNotCovered' });
    expect(
      line.corrections.map((change: { at: string; before: { billable: boolean } }) => change.before.billable),
    ).toEqual([true, false]);
    expect(line.corrections[1].at).toBe('2091-05-02T10:00:00.000Z');
    expect(exported.removedByCorrection.map((removed: { caseId: string }) => removed.caseId)).not.toContain(caseId);
  });

  it('given titles and a customer name a spreadsheet would run as formulas, when exported as CSV, then every such cell starts with an apostrophe', async () => {
    clock.set('2091-06-03T09:00:00.000Z');
    const titles = ['=HYPERLINK("http://evil.example","invoice")', '+1+1', '-2+3', '@SUM(A1:A9)'];
    for (const title of titles) await open(title, { tenantId: unrecorded, name: '=cmd|/C calc!A0' });

    const response = await desk.request('GET', '/api/billing?month=2091-06&format=csv', { key: tenant.admin });

    expect(response.status).toBe(200);
    const cells = response.text.split(/[\n,]/).map((cell) => cell.replace(/^"/, ''));
    const risky = cells.filter((cell) => /^[=+\-@\t\r]/.test(cell));
    expect(risky).toEqual([]);
    for (const title of titles) expect(response.text).toContain(`'${title.replace(/"/g, '""')}`);
    expect(response.text).toContain(`${unrecorded},'=cmd|/C calc!A0,`);
  });

  it('given another tenant of the desk, when its admin exports the same months, then none of these cases is in it', async () => {
    const other = await tenantWithKeys(desk);

    for (const month of ['2091-03', '2091-04', '2091-06']) {
      const exported = (await exportOf(month, other.admin)).body;
      expect(exported).toMatchObject({ customers: [], removedByCorrection: [] });
    }
  });

  it('given a portal or an agent key, then the export is refused', async () => {
    expect((await exportOf('2091-03', tenant.portal)).status).toBe(403);
    expect((await exportOf('2091-03', tenant.agent)).status).toBe(403);
  });

  it.each(['2091-1', '', '2091-03-01', '2091-00', '20910-03', '2091-03%0A', '2091-03&month=2091-04'])(
    'given the month %j, then it is a 400 naming month',
    async (month) => {
      const response = await exportOf(month);

      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain('month');
    },
  );
});
