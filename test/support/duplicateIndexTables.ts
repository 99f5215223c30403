import { RestError, TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import type { TableClientFactory } from '../../shared/adapters/tables/tableClients';
import { tableNames, type TableKey } from '../../shared/resourceNames';

/** What a test does around the calls the duplicate index makes of its day tables. */
export interface DuplicateIndexHooks {
  /** Before a transaction is sent (awaited): may hold it, or throw to refuse it as the service would. */
  beforeTransaction?(table: TableClient, actions: readonly TransactionAction[]): Promise<void>;
  /** Before a single upsert is sent (awaited): may throw to refuse it as the service would. */
  beforeUpsert?(table: TableClient, entity: TableEntity): Promise<void>;
  /** When a row is read by its keys. */
  onRead?(partitionKey: string, rowKey: string): void;
}

/** A client for one of the desk's tables on the test run's Azurite. */
export const plainTableClient = (table: TableKey, suffix = ''): TableClient =>
  TableClient.fromConnectionString(process.env.CaseStorage ?? '', `${tableNames[table]}${suffix}`, {
    allowInsecureConnection: true,
  });

/** The desk's tables on the test run's Azurite, the duplicate index's day tables with `hooks` around their calls. */
export function hookedDuplicateIndexTables(hooks: DuplicateIndexHooks): TableClientFactory {
  const factory = (table: TableKey, suffix = ''): TableClient => {
    const real = plainTableClient(table, suffix);
    if (table !== 'duplicateIndex') return real;
    return new Proxy(real, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property === 'submitTransaction')
          return async (actions: TransactionAction[]) => {
            await hooks.beforeTransaction?.(target, actions);
            return target.submitTransaction(actions);
          };
        if (property === 'upsertEntity')
          return async (entity: TableEntity, mode?: 'Merge' | 'Replace') => {
            await hooks.beforeUpsert?.(target, entity);
            return target.upsertEntity(entity, mode);
          };
        if (property === 'getEntity')
          return async (partitionKey: string, rowKey: string) => {
            hooks.onRead?.(partitionKey, rowKey);
            return target.getEntity(partitionKey, rowKey);
          };
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  return Object.assign(factory, { existingSuffixes: async () => [] });
}

/** The entry columns (C_{caseId}) of a duplicate index row. */
export const entriesIn = (row: Record<string, unknown>): number =>
  Object.keys(row).filter((column) => column.startsWith('C_')).length;

/** Table Storage's answer to a row that would hold too many properties (https://learn.microsoft.com/rest/api/storageservices/table-service-error-codes). */
const tooManyProperties = (): RestError =>
  new RestError('TooManyProperties: The entity contains more properties than allowed.', {
    statusCode: 400,
    code: 'TooManyProperties',
  });

/** The entries a row would hold after a merge of `entity`. */
async function entriesAfterMerge(table: TableClient, entity: TableEntity): Promise<number> {
  const current = await table.getEntity<Record<string, unknown>>(entity.partitionKey, entity.rowKey).catch(() => ({}));
  return new Set([...Object.keys(current), ...Object.keys(entity)].filter((column) => column.startsWith('C_'))).size;
}

/**
 * Duplicate index day tables that refuse a merge past `entriesPerRow` entries a row, as Table Storage refuses one past
 * 252 properties (Azurite has no such limit); `onRead` hears each row read by its keys.
 */
export function rowLimitedTables(
  entriesPerRow: number,
  onRead?: (partitionKey: string, rowKey: string) => void,
): TableClientFactory {
  const refuseOverfull = async (table: TableClient, entity: TableEntity): Promise<void> => {
    if ((await entriesAfterMerge(table, entity)) > entriesPerRow) throw tooManyProperties();
  };
  return hookedDuplicateIndexTables({
    beforeTransaction: async (table, actions) => {
      for (const action of actions) await refuseOverfull(table, action[1] as TableEntity);
    },
    beforeUpsert: refuseOverfull,
    ...(onRead && { onRead }),
  });
}
