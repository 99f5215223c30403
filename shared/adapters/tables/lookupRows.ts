import { createHash } from 'node:crypto';
import { odata, type TableClient, type TableEntity } from '@azure/data-tables';

/*
 * Lookup rows point a key that finds a case (its number, an email Message-ID, a conversation id) at the case:
 *   lookup|{sha256(key)}   CaseId, LookupKey
 * in the tenant's partition of the cases table for what the case's own transaction writes (tableCaseStore.ts), and in
 * the case's partition of the maildeliveries table for the Message-IDs of the mails the desk sends
 * (tableMailDeliveryLog.ts).
 */

/** Table Storage allows 15 comparisons in one filter; one is the PartitionKey's. */
const maxKeysPerLookupQuery = 14;

export const lookupRowKey = (key: string): string => `lookup|${createHash('sha256').update(key).digest('hex')}`;

/** The row that points `key` at a case, in partition `partitionKey`. */
export const lookupEntity = (partitionKey: string, caseId: string, key: string): TableEntity => ({
  partitionKey,
  rowKey: lookupRowKey(key),
  CaseId: caseId,
  LookupKey: key,
});

/** The case each key that has a lookup row in one partition of `table` points at: one query per 14 keys. */
export async function findLookups(
  table: TableClient,
  partitionKey: string,
  lookupKeys: readonly string[],
): Promise<Map<string, string>> {
  const keys = [...new Set(lookupKeys)];
  const chunks: string[][] = [];
  for (let start = 0; start < keys.length; start += maxKeysPerLookupQuery)
    chunks.push(keys.slice(start, start + maxKeysPerLookupQuery));
  const found = new Map<string, string>();
  await Promise.all(
    chunks.map(async (chunk) => {
      const rowKeys = chunk.map((key) => odata`RowKey eq ${lookupRowKey(key)}`).join(' or ');
      const rows = table.listEntities({
        queryOptions: { filter: `${odata`PartitionKey eq ${partitionKey}`} and (${rowKeys})` },
      });
      for await (const row of rows) found.set(String(row.LookupKey), String(row.CaseId));
    }),
  );
  return found;
}
