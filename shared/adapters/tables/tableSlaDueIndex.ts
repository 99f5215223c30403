import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { slaDueMinute, type SlaDueEntry, type SlaDueIndex } from '../../ports/slaDueIndex';
import { isStatus } from './restErrors';
import type { TableClientFactory } from './tableClients';

/*
 * sladue table: PartitionKey = the UTC minute the case falls due and a shard of it (yyyyMMddHHmm-ss),
 * RowKey = {tenantId}|{caseId}. Deadlines cluster (every case opened overnight falls due a fixed number of business
 * minutes after the same opening), so each minute is spread over shards instead of piling into one hot partition.
 * A sweep reads the key range from its checkpoint to the current minute, never the entries of cases due later; the
 * entries it has passed are purged in batches later, off the sweep's path.
 *   PartitionKey "sweep", RowKey "checkpoint" -> SweptUntil (sorts after every minute, so no range query meets it)
 */
interface DueRow {
  partitionKey: string;
  rowKey: string;
  TenantId: string;
  CaseId: string;
  DueAt: string;
}

const shards = 16;
const checkpointPartition = 'sweep';
const checkpointRow = 'checkpoint';
const batchSize = 100;

const rowKeyOf = (tenantId: string, caseId: string): string => `${tenantId}|${caseId}`;

function shardOf(rowKey: string): string {
  let hash = 0;
  for (let index = 0; index < rowKey.length; index += 1) hash = (hash * 31 + rowKey.charCodeAt(index)) >>> 0;
  return String(hash % shards).padStart(2, '0');
}

/** The partition of a case's entry: its due minute, then its shard; every shard of a minute sorts before the next minute. */
export function slaDuePartition(tenantId: string, caseId: string, dueAt: string): string {
  return `${slaDueMinute(dueAt)}-${shardOf(rowKeyOf(tenantId, caseId))}`;
}

const firstShardOf = (minute: string): string => `${minute}-`;
const afterAllShardsOf = (minute: string): string => `${minute}-~`;

export class TableSlaDueIndex implements SlaDueIndex {
  private readonly table: TableClient;

  constructor(tables: TableClientFactory) {
    this.table = tables('slaDue');
  }

  async move(tenantId: string, caseId: string, from: string | null, to: string | null): Promise<void> {
    // File the new entry first: a failure in between leaves a stale entry (one wasted read), never a case filed nowhere.
    if (to !== null) {
      const row: DueRow = { partitionKey: slaDuePartition(tenantId, caseId, to), rowKey: rowKeyOf(tenantId, caseId), TenantId: tenantId, CaseId: caseId, DueAt: to };
      await this.table.upsertEntity(row, 'Replace');
    }
    if (from !== null && (to === null || slaDueMinute(from) !== slaDueMinute(to))) {
      try {
        await this.table.deleteEntity(slaDuePartition(tenantId, caseId, from), rowKeyOf(tenantId, caseId));
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
    }
  }

  async dueBetween(after: Date | null, until: Date): Promise<SlaDueEntry[]> {
    const untilIso = until.toISOString();
    // Upper bound first: most entries fall due later and fail the first comparison.
    const upTo = odata`PartitionKey le ${afterAllShardsOf(slaDueMinute(untilIso))}`;
    const filter = after === null ? upTo : `${upTo} and ${odata`PartitionKey ge ${firstShardOf(slaDueMinute(after.toISOString()))}`}`;
    const entries: SlaDueEntry[] = [];
    for await (const row of this.table.listEntities<DueRow>({ queryOptions: { filter } })) {
      const dueAt = Date.parse(row.DueAt);
      if (dueAt <= until.getTime() && (after === null || dueAt > after.getTime())) {
        entries.push({ tenantId: row.TenantId, caseId: row.CaseId, dueAt: row.DueAt });
      }
    }
    return entries;
  }

  async sweptUntil(): Promise<Date | null> {
    try {
      const row = await this.table.getEntity<{ SweptUntil: string }>(checkpointPartition, checkpointRow);
      return new Date(row.SweptUntil);
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  async markSweptUntil(at: Date): Promise<void> {
    await this.table.upsertEntity({ partitionKey: checkpointPartition, rowKey: checkpointRow, SweptUntil: at.toISOString() }, 'Replace');
  }

  async purgeBefore(before: Date, max: number): Promise<number> {
    const rows = this.table.listEntities<DueRow>({
      queryOptions: { filter: odata`PartitionKey lt ${firstShardOf(slaDueMinute(before.toISOString()))}`, select: ['PartitionKey', 'RowKey'] },
    });
    const byPartition = new Map<string, TransactionAction[]>();
    let count = 0;
    for await (const row of rows) {
      const actions = byPartition.get(row.partitionKey) ?? [];
      actions.push(['delete', { partitionKey: row.partitionKey, rowKey: row.rowKey }]);
      byPartition.set(row.partitionKey, actions);
      count += 1;
      if (count >= max) break;
    }
    for (const actions of byPartition.values()) {
      for (let start = 0; start < actions.length; start += batchSize) await this.table.submitTransaction(actions.slice(start, start + batchSize));
    }
    return count;
  }
}
