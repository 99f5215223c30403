import {
  ensureTables,
  tableClientFactory,
  TableRequestCounter,
  type TableClientFactory,
} from '../../shared/adapters/tables/tableClients';
import { TableSlaDueIndex } from '../../shared/adapters/tables/tableSlaDueIndex';
import { isStatus } from '../../shared/adapters/tables/restErrors';
import { ManualClock } from '../support/manualClock';

/*
 * The due-time index on Azurite: a table per UTC day the entries fall due. Each test works in days of its own in 2037,
 * which no other test file uses, with tenant ids of its own.
 */

async function dayTableExists(tables: TableClientFactory, day: string): Promise<boolean> {
  try {
    for await (const row of tables('slaDue', day).listEntities({ queryOptions: { select: ['RowKey'] } }))
      return row !== undefined;
    return true;
  } catch (error) {
    if (isStatus(error, 404)) return false;
    throw error;
  }
}

describe('SLA due-time index on Table Storage', () => {
  const requests = new TableRequestCounter();
  const tables = tableClientFactory(
    { kind: 'connectionString', connectionString: process.env.CaseStorage ?? '' },
    requests,
  );
  const clock = new ManualClock('2037-01-01T00:00:00Z');
  const index = new TableSlaDueIndex(tables, clock);

  beforeAll(() => ensureTables(tables));

  const caseIds = (entries: Array<{ tenantId: string; caseId: string }>, tenantId: string): string[] =>
    entries
      .filter((entry) => entry.tenantId === tenantId)
      .map((entry) => entry.caseId)
      .sort();

  it('given entries due on two days, when they are filed, then each lands in its own day table, created on first use', async () => {
    clock.set('2037-01-05T08:00:00Z');
    await index.move('idx-days', 'monday-case', null, '2037-01-05T17:30:00.000Z');
    await index.move('idx-days', 'tuesday-case', null, '2037-01-06T09:15:00.000Z');

    expect(await dayTableExists(tables, '20370105')).toBe(true);
    expect(await dayTableExists(tables, '20370106')).toBe(true);
    const monday = await index.dueBetween(new Date('2037-01-05T00:00:00Z'), new Date('2037-01-05T23:59:59Z'));
    expect(caseIds(monday, 'idx-days')).toEqual(['monday-case']);
  });

  it('given a read window across midnight, when the sweep reads it, then it finds the entries of both days and nothing later', async () => {
    clock.set('2037-01-12T20:00:00Z');
    await index.move('idx-midnight', 'before-midnight', null, '2037-01-12T23:58:00.000Z');
    await index.move('idx-midnight', 'after-midnight', null, '2037-01-13T00:01:00.000Z');
    await index.move('idx-midnight', 'later', null, '2037-01-13T00:05:00.000Z');

    const entries = await index.dueBetween(new Date('2037-01-12T23:55:00Z'), new Date('2037-01-13T00:02:00Z'));

    expect(caseIds(entries, 'idx-midnight')).toEqual(['after-midnight', 'before-midnight']);
  });

  it('given a case moved to a later instant, when the old instant comes, then only the new entry is found', async () => {
    clock.set('2037-01-19T08:00:00Z');
    await index.move('idx-move', 'moved-case', null, '2037-01-19T10:00:00.000Z');
    await index.move('idx-move', 'moved-case', '2037-01-19T10:00:00.000Z', '2037-01-20T10:00:00.000Z');

    const monday = await index.dueBetween(new Date('2037-01-19T00:00:00Z'), new Date('2037-01-19T23:59:00Z'));
    const tuesday = await index.dueBetween(new Date('2037-01-20T00:00:00Z'), new Date('2037-01-20T23:59:00Z'));
    expect(caseIds(monday, 'idx-move')).toEqual([]);
    expect(tuesday.filter((entry) => entry.tenantId === 'idx-move')).toEqual([
      { tenantId: 'idx-move', caseId: 'moved-case', dueAt: '2037-01-20T10:00:00.000Z' },
    ]);
  });

  it('given whole days behind, when they are dropped, then their tables are gone with one request each and later days stay', async () => {
    clock.set('2037-01-26T08:00:00Z');
    await index.move('idx-drop', 'monday-case', null, '2037-01-26T09:00:00.000Z');
    await index.move('idx-drop', 'tuesday-case', null, '2037-01-27T09:00:00.000Z');
    await index.move('idx-drop', 'wednesday-case', null, '2037-01-28T09:00:00.000Z');

    requests.reset();
    const dropped = await index.dropDays(new Date('2037-01-26T12:00:00Z'), new Date('2037-01-28T00:00:00Z'));

    expect(dropped).toEqual(['20370126', '20370127']);
    expect(requests.requests).toBe(2);
    expect(await dayTableExists(tables, '20370126')).toBe(false);
    expect(await dayTableExists(tables, '20370127')).toBe(false);
    const rest = await index.dueBetween(new Date('2037-01-26T00:00:00Z'), new Date('2037-01-28T23:59:00Z'));
    expect(caseIds(rest, 'idx-drop')).toEqual(['wednesday-case']);
  });

  it("given a case filed when its instant has already passed, when it is filed, then it goes into today's table, so a dropped day is never recreated", async () => {
    clock.set('2037-02-02T08:00:00Z');
    await index.move('idx-late', 'placeholder', null, '2037-02-01T09:00:00.000Z');
    expect(await dayTableExists(tables, '20370202')).toBe(true);
    await index.dropDays(new Date('2037-02-01T00:00:00Z'), new Date('2037-02-02T00:00:00Z'));

    await index.move('idx-late', 'overdue-case', null, '2037-02-01T23:30:00.000Z');

    expect(await dayTableExists(tables, '20370201')).toBe(false);
    const entries = await index.dueBetween(new Date('2037-02-01T23:00:00Z'), new Date('2037-02-02T08:00:00Z'));
    expect(caseIds(entries, 'idx-late')).toEqual(['overdue-case']);
  });

  it('given no checkpoint yet, when the first sweep reads, then it reads the last week of days and no further back', async () => {
    clock.set('2037-03-01T08:00:00Z');
    await index.move('idx-first', 'eight-days-ago', null, '2037-03-01T09:00:00.000Z');
    await index.move('idx-first', 'six-days-ago', null, '2037-03-03T09:00:00.000Z');

    const entries = await index.dueBetween(null, new Date('2037-03-09T10:00:00Z'));

    expect(caseIds(entries, 'idx-first')).toEqual(['six-days-ago']);
  });

  it('given a checkpoint a year back, when the sweep catches up, then it asks only for the days that have a table and finds their entries', async () => {
    clock.set('2039-06-01T08:00:00Z');
    await index.move('idx-catch-up', 'june-case', null, '2039-06-01T09:00:00.000Z');
    clock.set('2040-05-20T08:00:00Z');
    await index.move('idx-catch-up', 'may-case', null, '2040-05-20T09:00:00.000Z');
    requests.reset();

    const entries = await index.dueBetween(new Date('2039-05-31T00:00:00Z'), new Date('2040-05-31T00:00:00Z'));

    expect(caseIds(entries, 'idx-catch-up')).toEqual(['june-case', 'may-case']);
    // One listing and one query per day that has a table, not one per day of the year (about 366).
    expect(requests.requests).toBeLessThan(20);
  });

  it('given a day with nothing filed, when the sweep reads it, then it finds nothing and no table is created', async () => {
    const entries = await index.dueBetween(new Date('2037-04-01T00:00:00Z'), new Date('2037-04-01T01:00:00Z'));

    expect(entries).toEqual([]);
    expect(await dayTableExists(tables, '20370401')).toBe(false);
  });
});
