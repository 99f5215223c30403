import { TableDuplicateIndex } from '../../shared/adapters/tables/duplicateIndex';
import type { SupportCase } from '../../shared/domain/case';
import { duplicateScope, possibleDuplicates } from '../../shared/domain/duplicates';
import { openPortalCase } from '../../shared/domain/newCase';
import { newCaseId } from '../../shared/services/ids';
import { entriesIn, plainTableClient, rowLimitedTables } from '../support/duplicateIndexTables';

/*
 * Table Storage refuses a row of more than 252 properties (TooManyProperties, 400); Azurite does not. These tests give
 * the duplicate index's day tables a limit of 3 entries a row, refused as Table Storage refuses it, to show how the
 * index spreads a word's cases over further rows and finds them all. On Azurite, in far-future days of their own.
 */

const entriesPerRow = 3;
const fabrikam = '2d6c1f7e-5a4b-4c3d-9e8f-1a2b3c4d5e6f';
const day = '2041-03-05';

/** The row keys of the duplicate index's rows read by their keys, in order. */
const rowsRead: string[] = [];

let sequence = 0;
function aCase(tenantId: string, title: string, minute: number): SupportCase {
  sequence += 1;
  const now = new Date(`${day}T08:${String(minute).padStart(2, '0')}:00.000Z`);
  return openPortalCase(
    {
      title,
      description: 'Scans stop halfway.',
      product: 'microsoft365',
      customer: { tenantId: fabrikam, name: 'Fabrikam' },
      contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
    },
    { id: newCaseId(now), tenantId, caseNumber: `CS-${5000 + sequence}`, now, actor: { kind: 'portal', id: 'p' } },
  ).supportCase;
}

describe('the duplicate index when a row is full', () => {
  const index = new TableDuplicateIndex(
    rowLimitedTables(entriesPerRow, (_partitionKey, rowKey) => rowsRead.push(rowKey)),
    { entriesPerRow },
  );
  const since = new Date(`${day}T00:00:00.000Z`);
  const until = new Date(`${day}T23:00:00.000Z`);

  it('given more cases sharing a word than a row takes, when they are filed, then they fill the next rows and a similar case finds every one', async () => {
    const tenantId = `rows-full-${Date.now()}`;
    const cases = Array.from({ length: 8 }, (_, minute) => aCase(tenantId, 'Scanner jams halfway', minute));

    for (const supportCase of cases) await index.file(supportCase);

    const twin = aCase(tenantId, 'Scanner jams halfway again', 30);
    const found = await index.candidates(tenantId, twin.title, duplicateScope(twin), since, until);
    expect(
      possibleDuplicates(twin, found)
        .map((candidate) => candidate.id)
        .sort(),
    ).toEqual(cases.map((supportCase) => supportCase.id).sort());
    const rows = plainTableClient('duplicateIndex', day.replace(/-/g, '')).listEntities<Record<string, unknown>>({
      queryOptions: {
        filter: `PartitionKey eq '${tenantId}|c:${fabrikam}' and RowKey ge 'scanner|' and RowKey lt 'scanner|~'`,
      },
    });
    const counts: Record<string, number> = {};
    for await (const row of rows) counts[String(row.rowKey)] = entriesIn(row);
    expect(counts).toEqual({ 'scanner|0': 3, 'scanner|1': 3, 'scanner|2': 2 });
  });

  it("given a case filed in a word's second row, when its title changes, then its entry there is cleared and no row takes a new column for it", async () => {
    const tenantId = `rows-refile-${Date.now()}`;
    const cases = Array.from({ length: 4 }, (_, minute) => aCase(tenantId, 'Scanner jams halfway', minute));
    for (const supportCase of cases) await index.file(supportCase);
    const moved = cases[3]!;

    await index.refile(moved, { ...moved, title: 'Printer offline in Munich' });

    const table = plainTableClient('duplicateIndex', day.replace(/-/g, ''));
    const second = await table.getEntity<Record<string, unknown>>(`${tenantId}|c:${fabrikam}`, 'scanner|1');
    expect(second[`C_${moved.id}`]).toBe('');
    const first = await table.getEntity<Record<string, unknown>>(`${tenantId}|c:${fabrikam}`, 'scanner|0');
    expect(first).not.toHaveProperty(`C_${moved.id}`);
    const twin = aCase(tenantId, 'Scanner jams halfway again', 30);
    const found = await index.candidates(tenantId, twin.title, duplicateScope(twin), since, until);
    expect(found.map((candidate) => candidate.id).sort()).toEqual(
      cases
        .slice(0, 3)
        .map((c) => c.id)
        .sort(),
    );
    const printer = aCase(tenantId, 'Printer offline in Munich office', 31);
    const foundByNewTitle = await index.candidates(tenantId, printer.title, duplicateScope(printer), since, until);
    expect(foundByNewTitle).toEqual([expect.objectContaining({ id: moved.id, title: 'Printer offline in Munich' })]);
  });

  it("given a word whose first two rows are full and whose third is not, when a similar case's candidates are read, then the word's three rows are read and no fourth", async () => {
    const tenantId = `rows-read-${Date.now()}`;
    const cases = Array.from({ length: 8 }, (_, minute) => aCase(tenantId, 'Plotter jams', minute));
    for (const supportCase of cases) await index.file(supportCase);
    const twin = aCase(tenantId, 'Plotter jams', 30);
    rowsRead.length = 0;

    const found = await index.candidates(tenantId, twin.title, duplicateScope(twin), since, until);

    expect(found).toHaveLength(8);
    const plotterRows = rowsRead.filter((rowKey) => rowKey.startsWith('plotter|'));
    // Once in the customer's partition and once in the contact's domain's.
    expect(plotterRows.sort()).toEqual(['plotter|0', 'plotter|0', 'plotter|1', 'plotter|1', 'plotter|2', 'plotter|2']);
  });

  const ids = (cases: readonly { id: string }[]): string[] => cases.map((c) => c.id).sort();

  it("given a word's first row full of entries that all moved away (''), when a new case with the word is filed and a twin looks it up, then the new case is found in the next row and none of the moved cases is", async () => {
    const tenantId = `dup-rows-cleared-${Date.now()}`;
    const moved = Array.from({ length: 3 }, (_, minute) => aCase(tenantId, 'Scanner jams halfway', minute));
    for (const supportCase of moved) await index.file(supportCase);
    for (const supportCase of moved) await index.refile(supportCase, { ...supportCase, title: 'Printer offline' });
    const fresh = aCase(tenantId, 'Scanner jams halfway', 10);
    await index.file(fresh);
    const twin = aCase(tenantId, 'Scanner jams halfway again', 30);

    const found = await index.candidates(tenantId, twin.title, duplicateScope(twin), since, until);

    expect(ids(possibleDuplicates(twin, found))).toEqual([fresh.id]);
  });

  it('given a case in the third row of a word whose title changes back and forth, when twins of each title look up, then each finds it only by its current title', async () => {
    const tenantId = `dup-rows-flip-${Date.now()}`;
    const cases = Array.from({ length: 7 }, (_, minute) => aCase(tenantId, 'Plotter jams', minute));
    for (const supportCase of cases) await index.file(supportCase);
    const last = cases[6]!;
    const elsewhere = { ...last, title: 'Router reboots nightly' };

    await index.refile(last, elsewhere);
    await index.refile(elsewhere, last);

    const plotter = aCase(tenantId, 'Plotter jams', 40);
    const router = aCase(tenantId, 'Router reboots nightly', 41);
    expect(ids(await index.candidates(tenantId, plotter.title, duplicateScope(plotter), since, until))).toEqual(
      ids(cases),
    );
    expect(await index.candidates(tenantId, router.title, duplicateScope(router), since, until)).toEqual([]);
  });

  it('given more cases sharing a word than its 16 rows take, when a twin looks up, then the 48 filed are found, the word reads its 16 rows once per partition, and no 17th row is read', async () => {
    const tenantId = `dup-rows-cap-${Date.now()}`;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const cases = Array.from({ length: 48 }, (_, n) => aCase(tenantId, 'Gateway drops', n));
    for (const supportCase of cases) await index.file(supportCase);
    const overflowing = aCase(tenantId, 'Gateway drops', 50);
    await expect(index.file(overflowing)).rejects.toThrow(/TooManyProperties/);
    warn.mockRestore();
    const twin = aCase(tenantId, 'Gateway drops', 55);
    rowsRead.length = 0;

    const found = await index.candidates(tenantId, twin.title, duplicateScope(twin), since, until);

    expect(ids(found)).toEqual(ids(cases));
    const gatewayRows = rowsRead.filter((rowKey) => rowKey.startsWith('gateway|'));
    expect(gatewayRows).toHaveLength(32);
    expect(gatewayRows).not.toContain('gateway|16');
  });

  it('given a day without a table, when candidates are read for a long title in two partitions, then one request is made for that day', async () => {
    const tenantId = `dup-rows-empty-day-${Date.now()}`;
    const twin = aCase(tenantId, 'Exchange transport rule bounces partner invoices from Munich office', 5);
    rowsRead.length = 0;

    const found = await index.candidates(
      tenantId,
      twin.title,
      duplicateScope(twin),
      new Date('2052-11-17T00:00:00.000Z'),
      new Date('2052-11-17T12:00:00.000Z'),
    );

    expect(found).toEqual([]);
    expect(rowsRead).toHaveLength(1);
  });
});
