import { RestError, TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { TableDuplicateIndex } from '../../shared/adapters/tables/duplicateIndex';
import type { TableClientFactory } from '../../shared/adapters/tables/tableClients';
import type { SupportCase } from '../../shared/domain/case';
import { duplicateScope, possibleDuplicates } from '../../shared/domain/duplicates';
import { openPortalCase } from '../../shared/domain/newCase';
import { tableNames, type TableKey } from '../../shared/resourceNames';
import { newCaseId } from '../../shared/services/ids';

/*
 * Table Storage refuses a row of more than 252 properties (TooManyProperties, 400); Azurite does not. As in
 * duplicateIndex.rows.test.ts, the day tables here refuse more than 3 entries a row, and every point read is noted, to
 * probe a word's overflow rows: cleared ('') entries, the 16-row cap, and what a lookup costs. Far-future days.
 */

const entriesPerRow = 3;
const fabrikam = '2d6c1f7e-5a4b-4c3d-9e8f-1a2b3c4d5e6f';
const day = '2043-07-14';

const plainClient = (table: TableKey, suffix = ''): TableClient =>
  TableClient.fromConnectionString(process.env.CaseStorage ?? '', `${tableNames[table]}${suffix}`, {
    allowInsecureConnection: true,
  });

const tooManyProperties = (): RestError =>
  new RestError('TooManyProperties: The entity contains more properties than allowed.', {
    statusCode: 400,
    code: 'TooManyProperties',
  });

async function entriesAfterMerge(table: TableClient, entity: TableEntity): Promise<number> {
  const current = await table.getEntity<Record<string, unknown>>(entity.partitionKey, entity.rowKey).catch(() => ({}));
  return new Set([...Object.keys(current), ...Object.keys(entity)].filter((column) => column.startsWith('C_'))).size;
}

/** The row keys read by their keys, in order. */
const rowsRead: string[] = [];

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
    { id: newCaseId(now), tenantId, caseNumber: `CS-${7000 + sequence}`, now, actor: { kind: 'portal', id: 'p' } },
  ).supportCase;
}

describe("a word's overflow rows in the duplicate index", () => {
  const index = new TableDuplicateIndex(limitedTables(), { entriesPerRow });
  const since = new Date(`${day}T00:00:00.000Z`);
  const until = new Date(`${day}T23:00:00.000Z`);
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
      new Date('2043-09-01T00:00:00.000Z'),
      new Date('2043-09-01T12:00:00.000Z'),
    );

    expect(found).toEqual([]);
    expect(rowsRead).toHaveLength(1);
  });
});
