import { RestError, TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { TableDuplicateIndex } from '../../shared/adapters/tables/duplicateIndex';
import type { TableClientFactory } from '../../shared/adapters/tables/tableClients';
import type { SupportCase } from '../../shared/domain/case';
import { duplicateScope, possibleDuplicates } from '../../shared/domain/duplicates';
import { openPortalCase } from '../../shared/domain/newCase';
import { tableNames, type TableKey } from '../../shared/resourceNames';
import { newCaseId } from '../../shared/services/ids';

/*
 * Table Storage refuses a row of more than 252 properties (TooManyProperties, 400); Azurite does not. These tests give
 * the duplicate index's day tables a limit of 3 entries a row, refused as Table Storage refuses it, to show how the
 * index spreads a word's cases over further rows and finds them all. On Azurite, in far-future days of their own.
 */

const entriesPerRow = 3;
const fabrikam = '2d6c1f7e-5a4b-4c3d-9e8f-1a2b3c4d5e6f';
const day = '2041-03-05';

const plainClient = (table: TableKey, suffix = ''): TableClient =>
  TableClient.fromConnectionString(process.env.CaseStorage ?? '', `${tableNames[table]}${suffix}`, {
    allowInsecureConnection: true,
  });

const entriesIn = (row: Record<string, unknown>): number =>
  Object.keys(row).filter((column) => column.startsWith('C_')).length;

/** Table Storage's answer to a row that would hold too many properties. */
const tooManyProperties = (): RestError =>
  new RestError('TooManyProperties: The entity contains more properties than allowed.', {
    statusCode: 400,
    code: 'TooManyProperties',
  });

/** The entries a row would hold after a merge of `entity`. */
async function entriesAfterMerge(table: TableClient, entity: TableEntity): Promise<number> {
  const current = await table.getEntity<Record<string, unknown>>(entity.partitionKey, entity.rowKey).catch(() => ({}));
  const columns = new Set(
    [...Object.keys(current), ...Object.keys(entity)].filter((column) => column.startsWith('C_')),
  );
  return columns.size;
}

/** The row keys of the duplicate index's rows read by their keys, in order. */
const rowsRead: string[] = [];

/**
 * Day tables whose merges are refused past entriesPerRow entries a row, as Table Storage refuses them past 252; the
 * rows they read by their keys are noted in rowsRead.
 */
function limitedTables(): TableClientFactory {
  const factory = (table: TableKey, suffix = ''): TableClient => {
    const real = plainClient(table, suffix);
    if (table !== 'duplicateIndex') return real;
    return new Proxy(real, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property === 'submitTransaction')
          return async (actions: TransactionAction[]) => {
            for (const action of actions)
              if ((await entriesAfterMerge(target, action[1] as TableEntity)) > entriesPerRow)
                throw tooManyProperties();
            return target.submitTransaction(actions);
          };
        if (property === 'getEntity')
          return async (partitionKey: string, rowKey: string) => {
            rowsRead.push(rowKey);
            return target.getEntity(partitionKey, rowKey);
          };
        if (property === 'upsertEntity')
          return async (entity: TableEntity, mode?: 'Merge' | 'Replace') => {
            if ((await entriesAfterMerge(target, entity)) > entriesPerRow) throw tooManyProperties();
            return target.upsertEntity(entity, mode);
          };
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  return Object.assign(factory, { existingSuffixes: async () => [] });
}

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
  const index = new TableDuplicateIndex(limitedTables(), { entriesPerRow });
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
    const rows = plainClient('duplicateIndex', day.replace(/-/g, '')).listEntities<Record<string, unknown>>({
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

    const table = plainClient('duplicateIndex', day.replace(/-/g, ''));
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
});
