import { TableClient, odata } from '@azure/data-tables';
import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import {
  ensureTables,
  tableClientFactory,
  TableRequestCounter,
  type TableClientFactory,
} from '../../shared/adapters/tables/tableClients';
import { tableNames, type TableKey } from '../../shared/resourceNames';
import { agentNote, openStoredCase } from '../support/storedCases';

/*
 * The rows a case write puts in the tenant's partition, on Azurite, which every later read and write of the tenant pays
 * for: the timeline's newest entries in the case row itself until they outgrow it, then in rows (read back whole and in
 * order), and the work-queue rows replaced or created as the case row lists them rather than upserted (one lookup each
 * instead of two).
 */

const factory = (table: TableKey, suffix = ''): TableClient =>
  TableClient.fromConnectionString(process.env.CaseStorage ?? '', `${tableNames[table]}${suffix}`, {
    allowInsecureConnection: true,
  });
const tables: TableClientFactory = Object.assign(factory, { existingSuffixes: async () => [] });
const casesTable = factory('cases');

async function timelineRowKeys(tenantId: string, caseId: string): Promise<string[]> {
  const prefix = `event|${caseId}|`;
  const keys: string[] = [];
  const rows = casesTable.listEntities({
    queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey gt ${prefix} and RowKey lt ${`${prefix}~`}` },
  });
  for await (const row of rows) keys.push(String(row.rowKey));
  return keys;
}

describe('timeline rows of a case', () => {
  const store = new TableCaseStore(tables);
  beforeAll(() => ensureTables(tables));

  it('given a case opened with several entries and a write that adds three small ones, then no timeline row is written: the case row holds them and the timeline reads every entry in order', async () => {
    const tenantId = `timeline-${Date.now()}`;
    const { caseId, created } = await openStoredCase(store, tenantId);
    const current = (await store.get(tenantId, caseId))!;

    const saved = await store.update(current, current.supportCase, [
      agentNote('one'),
      agentNote('two'),
      agentNote('three'),
    ]);

    expect(saved.kind).toBe('saved');
    expect(created).toBeGreaterThan(1);
    expect(await timelineRowKeys(tenantId, caseId)).toEqual([]);
    const timeline = await store.timeline(tenantId, caseId);
    expect(timeline.map((event) => event.seq)).toEqual(Array.from({ length: created + 3 }, (_, index) => index + 1));
    expect(timeline.slice(-3).map((event) => (event.data as { text: string }).text)).toEqual(['one', 'two', 'three']);
  });

  it('given writes whose entries outgrow what the case row keeps, then the whole tail moves into a row named by its first entry, later entries gather in the case row again, and the timeline reads each entry once, in order', async () => {
    const tenantId = `timeline-flush-${Date.now()}`;
    const { caseId, created } = await openStoredCase(store, tenantId);
    const texts = ['first '.repeat(1_500), 'second '.repeat(1_500), 'third'];
    let current = (await store.get(tenantId, caseId))!;

    const rowsAfter: string[][] = [];
    for (const text of texts) {
      const saved = await store.update(current, current.supportCase, [agentNote(text)]);
      if (saved.kind !== 'saved') throw new Error('expected the note to be saved');
      current = saved.stored;
      rowsAfter.push(await timelineRowKeys(tenantId, caseId));
    }

    expect(rowsAfter).toEqual([[], [`event|${caseId}|000001`], [`event|${caseId}|000001`]]);
    const timeline = await store.timeline(tenantId, caseId);
    expect(timeline.map((event) => event.seq)).toEqual(Array.from({ length: created + 3 }, (_, index) => index + 1));
    expect(timeline.slice(-3).map((event) => (event.data as { text: string }).text)).toEqual(texts);
  });

  it('given a write whose entries exceed what one row may hold, then they spread over rows named by their first entry and read back whole', async () => {
    const tenantId = `timeline-large-${Date.now()}`;
    const { caseId, created } = await openStoredCase(store, tenantId);
    const current = (await store.get(tenantId, caseId))!;
    const long = 'x'.repeat(150_000);

    const saved = await store.update(current, current.supportCase, [
      agentNote(`a${long}`),
      agentNote(`b${long}`),
      agentNote('c'),
    ]);

    expect(saved.kind).toBe('saved');
    // The case row's entries and the first long one share a row; the second starts the next, and the short one joins it.
    expect(await timelineRowKeys(tenantId, caseId)).toEqual([
      `event|${caseId}|000001`,
      `event|${caseId}|${String(created + 2).padStart(6, '0')}`,
    ]);
    const texts = (await store.timeline(tenantId, caseId))
      .slice(-3)
      .map((event) => (event.data as { text: string }).text);
    expect(texts).toEqual([`a${long}`, `b${long}`, 'c']);
  });

  it('given a case row written before case rows held entries, with its entries in rows of one entry each, then they read as before and the next entries join them in order', async () => {
    const tenantId = `timeline-legacy-${Date.now()}`;
    const { caseId, created } = await openStoredCase(store, tenantId);
    const opened = await store.timeline(tenantId, caseId);
    const { TimelineTail, etag, ...earlierRow } = await casesTable.getEntity(tenantId, `case|${caseId}`);
    expect(typeof TimelineTail).toBe('string');
    await casesTable.updateEntity({ ...earlierRow, partitionKey: tenantId, rowKey: `case|${caseId}` }, 'Replace', {
      etag,
    });
    for (const event of opened)
      await casesTable.createEntity({
        partitionKey: tenantId,
        rowKey: `event|${caseId}|${String(event.seq).padStart(6, '0')}`,
        DocColumns: 1,
        Doc0: JSON.stringify(event),
      });
    const current = (await store.get(tenantId, caseId))!;

    const saved = await store.update(current, current.supportCase, [agentNote('after the change')]);

    expect(saved.kind).toBe('saved');
    const timeline = await store.timeline(tenantId, caseId);
    expect(timeline.slice(0, created)).toEqual(opened);
    expect(timeline.at(-1)).toMatchObject({ seq: created + 1, data: { text: 'after the change' } });
  });

  it('given a timeline row with entries the case row does not count yet (a write moving its tail after the case row was read), then the timeline reads none of them twice', async () => {
    const tenantId = `timeline-race-${Date.now()}`;
    const { caseId, created } = await openStoredCase(store, tenantId);
    const opened = await store.timeline(tenantId, caseId);
    await casesTable.createEntity({
      partitionKey: tenantId,
      rowKey: `event|${caseId}|000001`,
      DocColumns: 1,
      Doc0: JSON.stringify([...opened, { ...agentNote('not yet counted'), seq: created + 1 }]),
    });

    const timeline = await store.timeline(tenantId, caseId);

    expect(timeline).toEqual(opened);
  });
});

describe('the timeline of a case as just read', () => {
  it('given a case read with entries that fit its row, when its timeline is read with that case, then no request is made; without it, one point read', async () => {
    const requests = new TableRequestCounter();
    const counted = tableClientFactory(
      { kind: 'connectionString', connectionString: process.env.CaseStorage ?? '' },
      requests,
    );
    const store = new TableCaseStore(counted);
    const tenantId = `timeline-as-read-${Date.now()}`;
    const { caseId, created } = await openStoredCase(store, tenantId);
    const read = (await store.get(tenantId, caseId))!;
    requests.reset();

    const withCase = await store.timeline(tenantId, caseId, read);
    expect({ entries: withCase.length, requests: requests.requests }).toEqual({ entries: created, requests: 0 });

    const withoutCase = await store.timeline(tenantId, caseId);
    expect({ same: withoutCase, requests: requests.requests }).toEqual({ same: withCase, requests: 1 });
  });
});

describe('whether a case exists', () => {
  const store = new TableCaseStore(tables);

  it('given a stored case and an id never stored, when asked whether each exists, then the first does and the second does not', async () => {
    const tenantId = `exists-${Date.now()}`;
    const { caseId } = await openStoredCase(store, tenantId);

    expect(await store.exists(tenantId, caseId)).toBe(true);
    expect(await store.exists(tenantId, `${caseId}x`)).toBe(false);
    expect(await store.exists(`${tenantId}-other`, caseId)).toBe(false);
  });
});

describe('work-queue rows of a case write', () => {
  it('given a case filed in its queues, when it is written again, then its rows are replaced as they are (If-Match *), not upserted, and new rows are created', async () => {
    const bodies: string[] = [];
    const recording: TableClientFactory = Object.assign(
      (table: TableKey, suffix = ''): TableClient =>
        TableClient.fromConnectionString(process.env.CaseStorage ?? '', `${tableNames[table]}${suffix}`, {
          allowInsecureConnection: true,
          additionalPolicies: [
            {
              position: 'perCall' as const,
              policy: {
                name: 'recordBatches',
                sendRequest: (request, next) => {
                  if (typeof request.body === 'string') bodies.push(request.body);
                  return next(request);
                },
              },
            },
          ],
        }),
      { existingSuffixes: async () => [] },
    );
    const store = new TableCaseStore(recording);
    const tenantId = `queue-rows-${Date.now()}`;
    const { caseId } = await openStoredCase(store, tenantId);
    const current = (await store.get(tenantId, caseId))!;
    bodies.length = 0;

    const parts = (): string[] => bodies.join('\n').split(/\r?\n(?=PUT |POST |MERGE |DELETE |PATCH )/);
    const queueWrite = (view: string): string | undefined =>
      parts().find((part) => decodeURIComponent(part).includes(`RowKey='q|${view}|${caseId}'`));

    const renamed = await store.update(current, { ...current.supportCase, title: 'Teams calls drop' }, [
      agentNote('renamed'),
    ]);
    expect(renamed.kind).toBe('saved');
    expect(queueWrite('assignee:-')).toMatch(/^PUT /);
    expect(queueWrite('assignee:-')).toMatch(/If-Match: \*/i);

    if (renamed.kind !== 'saved') return;
    bodies.length = 0;
    const assigned = await store.update(renamed.stored, { ...renamed.stored.supportCase, assignee: 'agent-7' }, [
      agentNote('assigned'),
    ]);
    expect(assigned.kind).toBe('saved');
    expect(queueWrite('assignee:-')).toMatch(/^DELETE /);
    const created = parts().filter((part) => part.startsWith('POST ') && part.includes(`q|assignee:agent-7|${caseId}`));
    expect(created).toHaveLength(1);
  });

  it("given a work-queue row removed behind the case's back, when the case is written, then the write succeeds and the rows are where the case says", async () => {
    const tenantId = `queue-rows-repair-${Date.now()}`;
    const store = new TableCaseStore(tables);
    const { caseId } = await openStoredCase(store, tenantId);
    await casesTable.deleteEntity(tenantId, `q|assignee:-|${caseId}`);
    const current = (await store.get(tenantId, caseId))!;

    const saved = await store.update(current, current.supportCase, [agentNote('still filed')]);

    expect(saved.kind).toBe('saved');
    await expect(casesTable.getEntity(tenantId, `q|assignee:-|${caseId}`)).resolves.toMatchObject({
      rowKey: `q|assignee:-|${caseId}`,
    });
  });

  it('given a work-queue row the case is leaving already gone, when the case is written, then the write succeeds and leaves no row behind', async () => {
    const tenantId = `queue-rows-leaving-${Date.now()}`;
    const store = new TableCaseStore(tables);
    const { caseId } = await openStoredCase(store, tenantId);
    const opened = (await store.get(tenantId, caseId))!;
    const assigned = await store.update(opened, { ...opened.supportCase, assignee: 'kim' }, [agentNote('to kim')]);
    if (assigned.kind !== 'saved') throw new Error('expected the assignment to be saved');
    await casesTable.deleteEntity(tenantId, `q|assignee:kim|${caseId}`);

    const unassigned = await store.update(assigned.stored, { ...assigned.stored.supportCase, assignee: undefined }, [
      agentNote('back to the queue'),
    ]);

    expect(unassigned.kind).toBe('saved');
    await expect(casesTable.getEntity(tenantId, `q|assignee:-|${caseId}`)).resolves.toMatchObject({
      rowKey: `q|assignee:-|${caseId}`,
    });
    await expect(casesTable.getEntity(tenantId, `q|assignee:kim|${caseId}`)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('given open cases of several assignees, when every open case is listed, then each is listed once, from its assignee row, and no other queue row is kept for being open', async () => {
    const tenantId = `queue-rows-open-${Date.now()}`;
    const store = new TableCaseStore(tables);
    const opened = await Promise.all([
      openStoredCase(store, tenantId),
      openStoredCase(store, tenantId),
      openStoredCase(store, tenantId),
    ]);
    const first = (await store.get(tenantId, opened[0]!.caseId))!;
    await store.update(first, { ...first.supportCase, assignee: 'kim' }, [agentNote('to kim')]);

    const listed = await store.list(tenantId, { statuses: ['new'], pageSize: 50 });

    expect(listed.cases.map((supportCase) => supportCase.id).sort()).toEqual(opened.map((one) => one.caseId).sort());
    const queueRows: string[] = [];
    const rows = casesTable.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey gt 'q|' and RowKey lt 'q|~'` },
    });
    for await (const row of rows) queueRows.push(String(row.rowKey).replace(/\|[^|]+$/, ''));
    expect(queueRows.sort()).toEqual(['q|assignee:-', 'q|assignee:-', 'q|assignee:kim']);
  });

  it('given a case filed under an every-open-case row by an earlier version, when the case is written, then that row is removed', async () => {
    const tenantId = `queue-rows-legacy-${Date.now()}`;
    const store = new TableCaseStore(tables);
    const { caseId } = await openStoredCase(store, tenantId);
    await casesTable.createEntity({ partitionKey: tenantId, rowKey: `q|open|${caseId}`, Open: true });
    await casesTable.updateEntity(
      { partitionKey: tenantId, rowKey: `case|${caseId}`, QueueKeys: JSON.stringify(['open', 'assignee:-']) },
      'Merge',
    );
    const current = (await store.get(tenantId, caseId))!;

    const saved = await store.update(current, current.supportCase, [agentNote('written again')]);

    expect(saved.kind).toBe('saved');
    await expect(casesTable.getEntity(tenantId, `q|open|${caseId}`)).rejects.toMatchObject({ statusCode: 404 });
    await expect(casesTable.getEntity(tenantId, `q|assignee:-|${caseId}`)).resolves.toMatchObject({
      rowKey: `q|assignee:-|${caseId}`,
    });
  });
});
