import { TableClient } from '@azure/data-tables';
import { TableSlaViews } from '../../shared/adapters/tables/slaViewRows';
import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import { ensureTables, type TableClientFactory } from '../../shared/adapters/tables/tableClients';
import { toDocumentColumns } from '../../shared/adapters/tables/jsonColumns';
import type { SupportCase } from '../../shared/domain/case';
import type { Clock } from '../../shared/ports/clock';
import type { CaseQuery, StoredCase } from '../../shared/ports/caseStore';
import { tableNames, type TableKey } from '../../shared/resourceNames';
import { warned } from '../support/slaStates';
import { agentNote, changeStoredCase, openStoredCase } from '../support/storedCases';

/*
 * The SLA views (sla=atRisk|breached|paused) are rows of the slaviews table, which cannot be written in the case's
 * transaction. A view must still list every case in it and only those, whatever write failed or came in between
 * (shared/adapters/tables/slaViewRows.ts). On Azurite.
 */

const factory = (table: TableKey): TableClient =>
  TableClient.fromConnectionString(process.env.CaseStorage ?? '', tableNames[table], { allowInsecureConnection: true });
const tables: TableClientFactory = Object.assign(factory, { existingSuffixes: async () => [] });
const casesTable = factory('cases');
const viewsTable = factory('slaViews');

/** A clock the test moves: the age of a view row whose case is gone is told by it. */
const clock = { at: new Date(), now: (): Date => new Date(clock.at) } satisfies Clock & { at: Date };

const tenantOf = (name: string): string => `slaviews-${name}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

describe('SLA views kept in their own table', () => {
  const store = new TableCaseStore(tables, clock);
  beforeAll(() => ensureTables(tables));
  beforeEach(() => {
    clock.at = new Date();
  });

  const read = async (tenantId: string, caseId: string): Promise<StoredCase> => (await store.get(tenantId, caseId))!;

  const write = (tenantId: string, caseId: string, change: (supportCase: SupportCase) => SupportCase): Promise<void> =>
    changeStoredCase(store, tenantId, caseId, change);

  async function openAtRisk(tenantId: string, dueInMinutes = 30, severity: 'A' | 'B' | 'C' = 'B'): Promise<string> {
    const { caseId } = await openStoredCase(store, tenantId);
    await write(tenantId, caseId, (supportCase) => ({ ...warned(supportCase, dueInMinutes), severity }));
    return caseId;
  }

  const atRisk = async (tenantId: string, query: Partial<CaseQuery> = {}): Promise<string[]> =>
    (await store.list(tenantId, { pageSize: 50, sla: 'atRisk', ...query })).cases.map((listed) => listed.id);

  const viewRowIds = async (tenantId: string): Promise<string[]> =>
    (await new TableSlaViews(tables).rows(tenantId, 'atRisk')).map((row) => row.caseId);

  it('given a case the sweep warned, when the at-risk view is listed and counted, then it is there once, read from its case row', async () => {
    const tenantId = tenantOf('warned');
    const caseId = await openAtRisk(tenantId);

    expect(await atRisk(tenantId)).toEqual([caseId]);
    expect(await store.count(tenantId, { sla: 'atRisk' })).toBe(1);
    expect(await viewRowIds(tenantId)).toEqual([caseId]);
    const cases = await casesTable.getEntity(tenantId, `case|${caseId}`);
    expect(JSON.parse(String(cases.QueueKeys))).toContain('slaview:atRisk');
  });

  it('given an at-risk case that was resolved, when the view is listed, then it is gone from the list, the count and the table', async () => {
    const tenantId = tenantOf('resolved');
    const caseId = await openAtRisk(tenantId);
    await write(tenantId, caseId, (supportCase) => ({ ...supportCase, status: 'resolved' }));
    expect(await viewRowIds(tenantId)).toEqual([caseId]);

    expect(await store.count(tenantId, { sla: 'atRisk' })).toBe(0);
    expect(await atRisk(tenantId)).toEqual([]);
    expect(await viewRowIds(tenantId)).toEqual([]);
  });

  it('given a write into the view that lost to another write (stale ETag), when the view is listed, then the case is not in it and the row of the lost write is removed', async () => {
    const tenantId = tenantOf('lost');
    const { caseId } = await openStoredCase(store, tenantId);
    const before = await read(tenantId, caseId);
    await write(tenantId, caseId, (supportCase) => ({ ...supportCase, assignee: 'agent-2' }));

    const lost = await store.update(before, warned(before.supportCase), [agentNote('warned late')]);

    expect(lost.kind).toBe('stale');
    expect(await viewRowIds(tenantId)).toEqual([caseId]);
    // The write that won has the revision the lost one would have had, and is out of the view: the row is stale.
    expect(await atRisk(tenantId)).toEqual([]);
    expect(await store.count(tenantId, { sla: 'atRisk' })).toBe(0);
    expect(await viewRowIds(tenantId)).toEqual([]);
  });

  it('given a row that a write still under way put in the view (newer than the case as read), when the view is listed, then the case is not listed and the row stays', async () => {
    const tenantId = tenantOf('underway');
    const { caseId } = await openStoredCase(store, tenantId);
    const current = await read(tenantId, caseId);
    await new TableSlaViews(tables).enter(tenantId, caseId, ['atRisk'], (current.revision ?? 0) + 1);

    expect(await atRisk(tenantId)).toEqual([]);
    expect(await viewRowIds(tenantId)).toEqual([caseId]);

    await store.update(current, warned(current.supportCase), [agentNote('warned')]);
    expect(await atRisk(tenantId)).toEqual([caseId]);
  });

  it('given a row of a write that failed and a case never written since, when the view is listed long after, then the row is removed', async () => {
    const tenantId = tenantOf('abandoned');
    const { caseId } = await openStoredCase(store, tenantId);
    const current = await read(tenantId, caseId);
    await new TableSlaViews(tables).enter(tenantId, caseId, ['atRisk'], (current.revision ?? 0) + 1);
    expect(await atRisk(tenantId)).toEqual([]);
    expect(await viewRowIds(tenantId)).toEqual([caseId]);

    clock.at = new Date(Date.now() + 11 * 60_000);

    expect(await atRisk(tenantId)).toEqual([]);
    expect(await viewRowIds(tenantId)).toEqual([]);
  });

  it('given a row of a newer revision, when a writer that read an older one files the case in the view, then the row keeps the newer revision', async () => {
    const tenantId = tenantOf('monotonic');
    const { caseId } = await openStoredCase(store, tenantId);
    const views = new TableSlaViews(tables);
    await views.enter(tenantId, caseId, ['atRisk'], 5);

    await views.enter(tenantId, caseId, ['atRisk'], 3);

    expect((await viewsTable.getEntity(tenantId, `atRisk|${caseId}`)).Revision).toBe(5);
    await views.enter(tenantId, caseId, ['atRisk'], 7);
    expect((await viewsTable.getEntity(tenantId, `atRisk|${caseId}`)).Revision).toBe(7);
  });

  it('given a list that found a row stale, when the case enters the view again before the list removes the row, then the row stays', async () => {
    const tenantId = tenantOf('reentered');
    const caseId = await openAtRisk(tenantId);
    await write(tenantId, caseId, (supportCase) => ({ ...supportCase, status: 'resolved' }));
    const views = new TableSlaViews(tables);
    const seenStale = await views.rows(tenantId, 'atRisk');

    await write(tenantId, caseId, (supportCase) => warned({ ...supportCase, status: 'in_progress' }));
    await views.remove(tenantId, 'atRisk', seenStale);

    expect(await viewRowIds(tenantId)).toEqual([caseId]);
    expect(await atRisk(tenantId)).toEqual([caseId]);
  });

  it('given a row whose case is gone, when the view is listed, then the row stays while a create could still be under way and goes after', async () => {
    const tenantId = tenantOf('gone');
    const caseId = await openAtRisk(tenantId);
    await casesTable.deleteEntity(tenantId, `case|${caseId}`);

    expect(await atRisk(tenantId)).toEqual([]);
    expect(await viewRowIds(tenantId)).toEqual([caseId]);
    clock.at = new Date(Date.now() + 11 * 60_000);
    expect(await atRisk(tenantId)).toEqual([]);
    expect(await viewRowIds(tenantId)).toEqual([]);
  });

  it('given a case the version before filed at risk in the cases partition, when it is next written, then it is in the view and the old row is gone', async () => {
    const tenantId = tenantOf('legacy');
    const { caseId } = await openStoredCase(store, tenantId);
    const opened = await read(tenantId, caseId);
    const legacy = warned(opened.supportCase);
    await casesTable.updateEntity(
      {
        partitionKey: tenantId,
        rowKey: `case|${caseId}`,
        ...toDocumentColumns(legacy),
        QueueKeys: JSON.stringify(['assignee:-', 'sla:atRisk']),
        Revision: 0,
      },
      'Merge',
    );
    await casesTable.createEntity({ partitionKey: tenantId, rowKey: `q|sla:atRisk|${caseId}`, SlaState: 'atRisk' });

    await write(tenantId, caseId, (supportCase) => ({ ...supportCase, assignee: 'agent-1' }));

    expect(await atRisk(tenantId)).toEqual([caseId]);
    await expect(casesTable.getEntity(tenantId, `q|sla:atRisk|${caseId}`)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('given an at-risk case re-rated to severity A, when the view is filtered by severity, then it follows the case row although its view row was not written', async () => {
    const tenantId = tenantOf('rerated');
    const caseId = await openAtRisk(tenantId);
    const rowBefore = await viewsTable.getEntity(tenantId, `atRisk|${caseId}`);

    await write(tenantId, caseId, (supportCase) => ({ ...supportCase, severity: 'A' }));

    expect(await atRisk(tenantId, { severities: ['A'] })).toEqual([caseId]);
    expect(await atRisk(tenantId, { severities: ['B'] })).toEqual([]);
    expect((await viewsTable.getEntity(tenantId, `atRisk|${caseId}`)).etag).toBe(rowBefore.etag);
  });

  it('given three cases at risk, when the view is paged two at a time by due time, latest first, then each comes once in that order', async () => {
    const tenantId = tenantOf('paged');
    const soon = await openAtRisk(tenantId, 10);
    const later = await openAtRisk(tenantId, 40);
    const latest = await openAtRisk(tenantId, 90);

    const first = await store.list(tenantId, { pageSize: 2, sla: 'atRisk', sort: 'due', order: 'desc' });
    expect(first.cases.map((listed) => listed.id)).toEqual([latest, later]);
    const second = await store.list(tenantId, {
      pageSize: 2,
      sla: 'atRisk',
      sort: 'due',
      order: 'desc',
      continuationToken: first.continuationToken,
    });
    expect(second.cases.map((listed) => listed.id)).toEqual([soon]);
    expect(second.continuationToken).toBeUndefined();
  });

  it("given another tenant's case at risk, when a tenant lists its view, then only its own cases come", async () => {
    const tenantId = tenantOf('own');
    const other = tenantOf('other');
    const own = await openAtRisk(tenantId);
    await openAtRisk(other);

    expect(await atRisk(tenantId)).toEqual([own]);
  });
});
