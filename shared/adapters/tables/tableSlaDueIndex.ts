import { odata, type TableClient } from '@azure/data-tables';
import type { Clock } from '../../ports/clock';
import { slaDueMinute, type SlaDueEntry, type SlaDueIndex } from '../../ports/slaDueIndex';
import { utcDay, utcDaysBetween } from './dayTables';
import { isStatus } from './restErrors';
import type { TableClientFactory } from './tableClients';

/*
 * One table per UTC day the entries fall due, created on first use: sladue{yyyyMMdd}. In it, PartitionKey = the minute
 * the case falls due and a shard of it (yyyyMMddHHmm-ss), RowKey = {tenantId}|{caseId}.
 * - A table per day: a day the sweep has long passed goes with one request, by deleting its table, instead of one
 *   request per hundred entries (the high-volume delete pattern for Table Storage), and a sweep queries only the tables
 *   of the days it reads, which hold what falls due on those days, never the entries of cases due next week.
 * - Shards: deadlines cluster (every case opened overnight falls due a fixed number of business minutes after the same
 *   opening), so each minute is spread over shards instead of piling into one hot partition.
 * - An entry already due is filed in today's table: a day's table is never created again after the purge dropped it
 *   (Azure refuses a table name for a while after its deletion).
 * The base table holds the sweep checkpoint: PartitionKey "sweep", RowKey "checkpoint" -> SweptUntil.
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
const dayMs = 24 * 60 * 60_000;
/** A desk that has never swept reads this many days back. */
const firstSweepLookbackDays = 7;

const rowKeyOf = (tenantId: string, caseId: string): string => `${tenantId}|${caseId}`;

function shardOf(rowKey: string): string {
  let hash = 0;
  for (let index = 0; index < rowKey.length; index += 1) hash = (hash * 31 + rowKey.charCodeAt(index)) >>> 0;
  return String(hash % shards).padStart(2, '0');
}

/** Beyond this many days a sweep lists the day tables first rather than asking for each day. */
const listingSpanDays = 3;

/** Where a case's entry lives when it falls due at `dueAt` and is filed at `filedAt`: its day's table, partition and row. */
export function slaDueLocation(
  tenantId: string,
  caseId: string,
  dueAt: string,
  filedAt: Date,
): { day: string; partitionKey: string; rowKey: string } {
  const rowKey = rowKeyOf(tenantId, caseId);
  return {
    day: utcDay(Math.max(Date.parse(dueAt), filedAt.getTime())),
    partitionKey: `${slaDueMinute(dueAt)}-${shardOf(rowKey)}`,
    rowKey,
  };
}

const firstShardOf = (minute: string): string => `${minute}-`;
const afterAllShardsOf = (minute: string): string => `${minute}-~`;

export class TableSlaDueIndex implements SlaDueIndex {
  private readonly checkpoint: TableClient;

  constructor(
    private readonly tables: TableClientFactory,
    private readonly clock: Clock,
  ) {
    this.checkpoint = tables('slaDue');
  }

  async move(tenantId: string, caseId: string, from: string | null, to: string | null): Promise<void> {
    const now = this.clock.now();
    // File the new entry first: a failure in between leaves a stale entry (one wasted read), never a case filed nowhere.
    if (to !== null) {
      const { day, partitionKey, rowKey } = slaDueLocation(tenantId, caseId, to, now);
      await this.upsert(day, { partitionKey, rowKey, TenantId: tenantId, CaseId: caseId, DueAt: to });
    }
    if (from !== null && (to === null || slaDueMinute(from) !== slaDueMinute(to))) {
      // Callers only take out entries still ahead, so `from` was filed in its own day's table.
      const { day, partitionKey, rowKey } = slaDueLocation(tenantId, caseId, from, now);
      try {
        await this.tables('slaDue', day).deleteEntity(partitionKey, rowKey);
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
    }
  }

  async dueBetween(after: Date | null, until: Date): Promise<SlaDueEntry[]> {
    const untilIso = until.toISOString();
    // Upper bound first: most entries fall due later and fail the first comparison.
    const upTo = odata`PartitionKey le ${afterAllShardsOf(slaDueMinute(untilIso))}`;
    const filter =
      after === null
        ? upTo
        : `${upTo} and ${odata`PartitionKey ge ${firstShardOf(slaDueMinute(after.toISOString()))}`}`;
    const from = after?.getTime() ?? until.getTime() - firstSweepLookbackDays * dayMs;
    const entries: SlaDueEntry[] = [];
    for (const day of await this.daysWithTables(from, until.getTime())) {
      try {
        for await (const row of this.tables('slaDue', day).listEntities<DueRow>({ queryOptions: { filter } })) {
          const dueAt = Date.parse(row.DueAt);
          if (dueAt <= until.getTime() && (after === null || dueAt > after.getTime())) {
            entries.push({ tenantId: row.TenantId, caseId: row.CaseId, dueAt: row.DueAt });
          }
        }
      } catch (error) {
        // No table: nothing was filed for that day.
        if (!isStatus(error, 404)) throw error;
      }
    }
    return entries;
  }

  async sweptUntil(): Promise<Date | null> {
    try {
      const row = await this.checkpoint.getEntity<{ SweptUntil: string }>(checkpointPartition, checkpointRow);
      return new Date(row.SweptUntil);
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  async markSweptUntil(at: Date): Promise<void> {
    await this.checkpoint.upsertEntity(
      { partitionKey: checkpointPartition, rowKey: checkpointRow, SweptUntil: at.toISOString() },
      'Merge',
    );
  }

  async dropDays(from: Date, before: Date): Promise<string[]> {
    const days = await this.daysWithTables(from.getTime(), before.getTime() - dayMs);
    for (const day of days) await this.tables('slaDue', day).deleteTable();
    return days;
  }

  /**
   * The days from `first` to `last` to read: each day of a normal sweep (a day or two, one request each), or, over a
   * longer span (a catch-up after an outage), only the days that have a table, found with one listing.
   */
  private async daysWithTables(first: number, last: number): Promise<string[]> {
    const days = utcDaysBetween(first, last);
    if (days.length <= listingSpanDays) return days;
    const existing = new Set(
      await this.tables.existingSuffixes('slaDue', days[0] as string, days[days.length - 1] as string),
    );
    return days.filter((day) => existing.has(day));
  }

  private async upsert(day: string, row: DueRow): Promise<void> {
    const table = this.tables('slaDue', day);
    try {
      await table.upsertEntity(row, 'Replace');
    } catch (error) {
      // An upsert finds no entity to miss: a 404 means the day's table does not exist yet.
      if (!isStatus(error, 404)) throw error;
      await table.createTable();
      await table.upsertEntity(row, 'Replace');
    }
  }
}
