import { TableClient } from '@azure/data-tables';
import { TableSlaViews } from '../../shared/adapters/tables/slaViewRows';
import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import { ensureTables, type TableClientFactory } from '../../shared/adapters/tables/tableClients';
import type { SupportCase } from '../../shared/domain/case';
import type { Principal } from '../../shared/domain/apiKey';
import type { CaseQuery } from '../../shared/ports/caseStore';
import { billingCsv, exportBilling } from '../../shared/services/billing';
import { reportSla } from '../../shared/services/slaReporting';
import { tableNames, type TableKey } from '../../shared/resourceNames';
import { billedOutOfPlan } from '../support/entitlements';
import { breached, warned } from '../support/slaStates';
import { changeStoredCase, openStoredCase } from '../support/storedCases';
import { makeCaseRowUnreadable } from './caseWorkFixtures';

/*
 * A case row that fails the case schema (written by a newer version during a rollout, or edited by hand) must not take
 * its tenant's lists and counts down with it, the console's header among them, nor drop out of a view for good: lists
 * leave it out and the log names it until it is repaired. On Azurite.
 */

const factory = (table: TableKey): TableClient =>
  TableClient.fromConnectionString(process.env.CaseStorage ?? '', tableNames[table], { allowInsecureConnection: true });
const tables: TableClientFactory = Object.assign(factory, { existingSuffixes: async () => [] });
const casesTable = factory('cases');

describe('lists when one case row is unreadable', () => {
  const store = new TableCaseStore(tables);
  let logged: string[] = [];
  let errorSpy: jest.SpyInstance;

  beforeAll(() => ensureTables(tables));
  beforeEach(() => {
    logged = [];
    errorSpy = jest.spyOn(console, 'error').mockImplementation((message: unknown) => {
      logged.push(String(message));
    });
  });
  afterEach(() => errorSpy.mockRestore());

  async function openIn(tenantId: string, change: Parameters<typeof changeStoredCase>[3]): Promise<string> {
    const { caseId } = await openStoredCase(store, tenantId);
    await changeStoredCase(store, tenantId, caseId, change);
    return caseId;
  }

  const ids = async (tenantId: string, query: Partial<CaseQuery>): Promise<string[]> =>
    (await store.list(tenantId, { pageSize: 50, ...query })).cases.map((listed) => listed.id).sort();

  it('given a breached case whose row became unreadable beside a readable one, when the breached view is counted and listed, then the readable case is counted and listed, the other left out and logged, and its view row kept', async () => {
    const tenantId = `unreadable-view-${Date.now()}`;
    const readable = await openIn(tenantId, breached);
    const unreadable = await openIn(tenantId, breached);
    await makeCaseRowUnreadable(casesTable, tenantId, unreadable);

    expect(await store.count(tenantId, { sla: 'breached' })).toBe(1);
    expect(await ids(tenantId, { sla: 'breached' })).toEqual([readable]);
    expect(logged.some((line) => line.includes(unreadable) && line.includes('unreadable'))).toBe(true);
    const viewRows = (await new TableSlaViews(tables).rows(tenantId, 'breached')).map((row) => row.caseId).sort();
    expect(viewRows).toEqual([readable, unreadable].sort());
  });

  it('given an unreadable case row among open cases, when the open cases are listed in opening order and by due time, then every readable case is listed', async () => {
    const tenantId = `unreadable-list-${Date.now()}`;
    const first = await openIn(tenantId, (supportCase) => warned(supportCase, 40));
    const broken = await openIn(tenantId, (supportCase) => warned(supportCase, 50));
    const last = await openIn(tenantId, (supportCase) => warned(supportCase, 60));
    await makeCaseRowUnreadable(casesTable, tenantId, broken);

    expect(await ids(tenantId, {})).toEqual([first, last].sort());
    expect(await ids(tenantId, { sort: 'due', order: 'asc' })).toEqual([first, last].sort());
    expect(await ids(tenantId, { sla: 'atRisk' })).toEqual([first, last].sort());
  });

  /** The case billed per incident out of plan, as enrichment would leave a customer without a plan. */
  const billable = (supportCase: SupportCase): SupportCase => ({
    ...supportCase,
    entitlement: billedOutOfPlan(false),
  });

  const adminOf = (tenantId: string): Principal => ({ tenantId, role: 'admin', keyId: 'admin-1' });
  const thisMonth = (): string => new Date().toISOString().slice(0, 7);
  const desk = { cases: store, clock: { now: () => new Date() } };

  it('given a billable case and an unreadable case row in a month, when the month is exported, then the readable case is billed and the unreadable one is named in the JSON and as a CSV row of unknown billing, not left out', async () => {
    const tenantId = `unreadable-billing-${Date.now()}`;
    const readable = await openIn(tenantId, billable);
    const broken = await openIn(tenantId, billable);
    await makeCaseRowUnreadable(casesTable, tenantId, broken);

    const exported = await exportBilling(desk, adminOf(tenantId), thisMonth());

    expect(exported.customers.flatMap((customer) => customer.lines.map((line) => line.caseId))).toEqual([readable]);
    expect(exported.unreadableCaseIds).toEqual([broken]);
    const rows = billingCsv(exported).trim().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[2]).toContain(`unreadable case row ${broken}`);
    expect(rows[2]).toContain('unknown');
  });

  it('given an unreadable case row among the cases of a report range, when the SLA report is made, then it covers the readable cases instead of failing', async () => {
    const tenantId = `unreadable-report-${Date.now()}`;
    await openIn(tenantId, (supportCase) => warned(supportCase, 40));
    const broken = await openIn(tenantId, (supportCase) => warned(supportCase, 50));
    await makeCaseRowUnreadable(casesTable, tenantId, broken);
    const today = new Date().toISOString().slice(0, 10);

    const report = await reportSla(desk, adminOf(tenantId), { from: today, to: today });

    expect(JSON.stringify(report)).not.toContain(broken);
    expect(logged.some((line) => line.includes(broken) && line.includes('unreadable'))).toBe(true);
  });
});
