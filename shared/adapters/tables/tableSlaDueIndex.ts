import { odata, type TableClient } from '@azure/data-tables';
import { slaDueMinute, type SlaDueEntry, type SlaDueIndex } from '../../ports/slaDueIndex';
import { isStatus } from './restErrors';
import type { TableClientFactory } from './tableClients';

/*
 * sladue table: PartitionKey = the UTC minute the case falls due (yyyyMMddHHmm), RowKey = {tenantId}|{caseId}.
 * Entries the enforcement has acted on are removed, so everything at or before the current minute is still to do:
 * a sweep reads that key range without a lower bound (no checkpoint to keep, and a sweep after an outage catches up),
 * and never touches the entries of cases due later.
 */
interface DueRow {
  partitionKey: string;
  rowKey: string;
  TenantId: string;
  CaseId: string;
  DueAt: string;
}

const rowKeyOf = (tenantId: string, caseId: string): string => `${tenantId}|${caseId}`;
const pageSize = 1000;

export class TableSlaDueIndex implements SlaDueIndex {
  private readonly table: TableClient;

  constructor(tables: TableClientFactory) {
    this.table = tables('slaDue');
  }

  async move(tenantId: string, caseId: string, from: string | null, to: string | null): Promise<void> {
    // File the new entry first: a failure in between leaves a stale entry (harmless), never a case filed nowhere.
    if (to !== null) {
      const row: DueRow = { partitionKey: slaDueMinute(to), rowKey: rowKeyOf(tenantId, caseId), TenantId: tenantId, CaseId: caseId, DueAt: to };
      await this.table.upsertEntity(row, 'Replace');
    }
    if (from !== null && (to === null || slaDueMinute(from) !== slaDueMinute(to))) {
      await this.deleteIgnoringMissing(slaDueMinute(from), rowKeyOf(tenantId, caseId), '*');
    }
  }

  async dueBy(until: Date, limit: number): Promise<SlaDueEntry[]> {
    const untilIso = until.toISOString();
    const rows = this.table.listEntities<DueRow>({
      queryOptions: { filter: odata`PartitionKey le ${slaDueMinute(untilIso)} and DueAt le ${untilIso}` },
    });
    const entries: SlaDueEntry[] = [];
    for await (const page of rows.byPage({ maxPageSize: Math.min(pageSize, limit) })) {
      for (const row of page) {
        entries.push({ tenantId: row.TenantId, caseId: row.CaseId, dueAt: row.DueAt, etag: String(row.etag) });
        if (entries.length >= limit) return entries;
      }
    }
    return entries;
  }

  async remove(entry: SlaDueEntry): Promise<void> {
    await this.deleteIgnoringMissing(slaDueMinute(entry.dueAt), rowKeyOf(entry.tenantId, entry.caseId), entry.etag);
  }

  private async deleteIgnoringMissing(partitionKey: string, rowKey: string, etag: string): Promise<void> {
    try {
      await this.table.deleteEntity(partitionKey, rowKey, { etag });
    } catch (error) {
      if (!isStatus(error, 404, 412)) throw error;
    }
  }
}
