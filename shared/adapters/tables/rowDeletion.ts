import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { RowRef } from '../../ports/retention';
import { isStatus } from './restErrors';
import { maxActionsPerTransaction } from './transactionChunks';

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/**
 * Deletes rows of one table, a transaction per partition and hundred; a transaction refused for a row already gone is
 * done row by row. Answers how many rows went.
 */
export async function deleteRows(table: TableClient, rows: readonly RowRef[]): Promise<number> {
  let deleted = 0;
  const distinct = [...new Map(rows.map((row) => [`${row.partitionKey}\n${row.rowKey}`, row])).values()];
  for (const partition of groupBy(distinct, (row) => row.partitionKey).values()) {
    for (let start = 0; start < partition.length; start += maxActionsPerTransaction) {
      const chunk = partition.slice(start, start + maxActionsPerTransaction);
      try {
        await table.submitTransaction(
          chunk.map((row): TransactionAction => ['delete', { partitionKey: row.partitionKey, rowKey: row.rowKey }]),
        );
        deleted += chunk.length;
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
        for (const row of chunk) {
          try {
            await table.deleteEntity(row.partitionKey, row.rowKey);
            deleted += 1;
          } catch (single) {
            if (!isStatus(single, 404)) throw single;
          }
        }
      }
    }
  }
  return deleted;
}
