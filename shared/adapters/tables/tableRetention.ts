import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { timelineEventSchema, type TimelineEvent } from '../../domain/case';
import { changed, erasureRecordSchema, type ErasureRecord } from '../../domain/retention';
import type {
  CaseRowRemoval,
  DueRetentionEntry,
  PersonalDataStore,
  RetentionEntry,
  RetentionIndex,
  RetentionStores,
  RetentionTarget,
  RowRef,
} from '../../ports/retention';
import { fromDocumentColumns, toDocumentColumns } from './jsonColumns';
import { isStatus } from './restErrors';
import { caseRowKeys } from './tableCaseStore';
import { intakeLogRowKeys } from './tableIntakeLog';
import type { TableClientFactory } from './tableClients';

/*
 * retention table: PartitionKey = the UTC day an entry falls due (yyyyMMdd), RowKey = {tenantId}|{kind}|{target}.
 *   {tenant}|case|{caseId}         look at the case: remove it once its retention has passed, else file it again
 *   {tenant}|row|{cases RowKey}    remove that row of the tenant's partition of the cases table
 * Columns TenantId, Kind, Target; DocColumns/Doc0.. hold the rows a case's purge set out to remove (noteRemains).
 * The purge reads the days that have passed with one range query over PartitionKey: only what expired, never live data.
 *
 * cases table, in the tenant's partition (beside the rows of tableCaseStore.ts and tableIntakeLog.ts):
 *   contact|{personKey}|{rowKey}   the row (case|{caseId}, ignoredMail|..., threadRefusal|...) holds data of that person
 *   erasure|{erasedAt}|{id}        one erasure: who, when, how much, and the person's key (never the address)
 */
/** Entity-group transactions take at most 100 actions. */
const maxActionsPerTransaction = 100;
/** Table Storage allows 15 comparisons in one filter; one is the PartitionKey's. */
const maxKeysPerQuery = 14;
const personPrefix = 'contact|';
const erasurePrefix = 'erasure|';
const documentColumn = /^Doc(\d+)$/;

/** The UTC day of an instant as yyyyMMdd: an entry's partition. */
export const retentionDay = (instant: Date): string => instant.toISOString().slice(0, 10).replace(/-/g, '');

const entryRowKey = (tenantId: string, target: RetentionTarget): string =>
  target.kind === 'case' ? `${tenantId}|case|${target.caseId}` : `${tenantId}|row|${target.rowKey}`;

const personRowKey = (personKey: string, rowKey: string): string => `${personPrefix}${personKey}|${rowKey}`;

const between = (prefix: string): string => odata`RowKey gt ${prefix} and RowKey lt ${`${prefix}~`}`;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/** Deletes rows of one table, a transaction per partition and hundred; a transaction refused for a row already gone is done row by row. */
async function deleteRows(table: TableClient, rows: readonly RowRef[]): Promise<number> {
  let deleted = 0;
  const distinct = [...new Map(rows.map((row) => [`${row.partitionKey}\n${row.rowKey}`, row])).values()];
  for (const partition of groupBy(distinct, (row) => row.partitionKey).values()) {
    for (const chunk of chunks(partition, maxActionsPerTransaction)) {
      try {
        await table.submitTransaction(chunk.map((row): TransactionAction => ['delete', { partitionKey: row.partitionKey, rowKey: row.rowKey }]));
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

/** Empty strings for the document columns beyond those `fresh` uses, so no text of a longer earlier version stays behind. */
function clearedColumns(stored: Record<string, unknown>, fresh: Record<string, unknown>): Record<string, string> {
  const used = Number(fresh.DocColumns);
  const cleared: Record<string, string> = {};
  for (const [column, value] of Object.entries(stored)) {
    const match = documentColumn.exec(column);
    if (match && Number(match[1]) >= used && value !== '') cleared[column] = '';
  }
  return cleared;
}

interface EntryRow {
  partitionKey: string;
  rowKey: string;
  TenantId: string;
  Kind: string;
  Target: string;
  DocColumns?: number;
}

export class TableRetentionIndex implements RetentionIndex {
  private readonly table: TableClient;

  constructor(tables: TableClientFactory) {
    this.table = tables('retention');
  }

  async file(dueAt: Date, entries: readonly RetentionEntry[]): Promise<void> {
    const partitionKey = retentionDay(dueAt);
    const rows = [...new Map(entries.map((entry) => [entryRowKey(entry.tenantId, entry.target), entry])).entries()];
    for (const chunk of chunks(rows, maxActionsPerTransaction)) {
      await this.table.submitTransaction(
        chunk.map(([rowKey, { tenantId, target, remains = [] }]): TransactionAction => [
          'upsert',
          {
            partitionKey,
            rowKey,
            TenantId: tenantId,
            Kind: target.kind,
            Target: target.kind === 'case' ? target.caseId : target.rowKey,
            // A merge, not a replace (Azurite replaces in time proportional to the table): the remains are set in full.
            ...toDocumentColumns(remains),
          },
          'Merge',
        ]),
      );
    }
  }

  async *due(from: Date, until: Date, pageSize: number): AsyncIterable<DueRetentionEntry[]> {
    const filter = odata`PartitionKey ge ${retentionDay(from)} and PartitionKey le ${retentionDay(until)}`;
    for await (const page of this.table.listEntities<EntryRow>({ queryOptions: { filter } }).byPage({ maxPageSize: pageSize })) {
      yield page.map((row) => {
        const target: RetentionTarget = row.Kind === 'case' ? { kind: 'case', caseId: row.Target } : { kind: 'row', rowKey: row.Target };
        const remains = row.DocColumns === undefined ? [] : (fromDocumentColumns(row as unknown as Record<string, unknown>) as RowRef[]);
        return { tenantId: row.TenantId, target, dueDay: row.partitionKey, remains };
      });
    }
  }

  async noteRemains(entry: DueRetentionEntry, rows: readonly RowRef[]): Promise<boolean> {
    const rowKey = entryRowKey(entry.tenantId, entry.target);
    try {
      const current = await this.table.getEntity<Record<string, unknown>>(entry.dueDay, rowKey);
      const fresh = toDocumentColumns(rows);
      await this.table.updateEntity({ partitionKey: entry.dueDay, rowKey, ...fresh, ...clearedColumns(current, fresh) }, 'Merge', { etag: String(current.etag) });
      return true;
    } catch (error) {
      // Gone, or changed under us: another run is acting on this entry.
      if (isStatus(error, 404, 412)) return false;
      throw error;
    }
  }

  async remove(entries: readonly DueRetentionEntry[]): Promise<void> {
    await deleteRows(
      this.table,
      entries.map((entry) => ({ partitionKey: entry.dueDay, rowKey: entryRowKey(entry.tenantId, entry.target) })),
    );
  }
}

export class TablePersonalDataStore implements PersonalDataStore {
  private readonly cases: TableClient;

  constructor(tables: TableClientFactory) {
    this.cases = tables('cases');
  }

  async notePeople(tenantId: string, entries: readonly { personKey: string; rowKey: string }[]): Promise<void> {
    const rows = [...new Map(entries.map(({ personKey, rowKey }) => [personRowKey(personKey, rowKey), rowKey])).entries()];
    for (const chunk of chunks(rows, maxActionsPerTransaction)) {
      await this.cases.submitTransaction(chunk.map(([rowKey, target]): TransactionAction => ['upsert', { partitionKey: tenantId, rowKey, Target: target }, 'Merge']));
    }
  }

  async rowsOfPerson(tenantId: string, personKey: string): Promise<string[]> {
    const rows = this.cases.listEntities<{ Target: string }>({
      queryOptions: { filter: `${odata`PartitionKey eq ${tenantId}`} and ${between(`${personPrefix}${personKey}|`)}`, select: ['Target'] },
    });
    const targets: string[] = [];
    for await (const row of rows) targets.push(row.Target);
    return targets;
  }

  personRows(tenantId: string, personKey: string, rowKeys: readonly string[]): RowRef[] {
    return rowKeys.map((rowKey) => ({ partitionKey: tenantId, rowKey: personRowKey(personKey, rowKey) }));
  }

  async rowsOfCase(
    tenantId: string,
    caseId: string,
    lookupKeys: readonly string[],
    personKeys: readonly string[],
    sharedWith: readonly string[],
  ): Promise<{ timeline: RowRef[]; others: RowRef[] }> {
    const caseRowKey = caseRowKeys.caseRowKey(caseId);
    const lookupRows = [...new Set(lookupKeys)].map((key) => caseRowKeys.lookupRowKey(key));
    const personRows = [...new Set(personKeys)].map((key) => personRowKey(key, caseRowKey));
    const [timeline, lookups, people] = await Promise.all([
      this.timelineRows(tenantId, caseId),
      // A lookup key another case took over (a follow-up case takes its conversation) stays with that case.
      this.existing(tenantId, lookupRows, (row) => row.CaseId === caseId),
      this.existing(tenantId, personRows, () => true),
    ]);
    const shares = sharedWith.map((providerTenantId) => ({ partitionKey: providerTenantId, rowKey: `shared|${caseId}` }));
    return { timeline, others: [...lookups, ...people, ...shares] };
  }

  async timelineRows(tenantId: string, caseId: string): Promise<RowRef[]> {
    const prefix = caseRowKeys.eventRowKey(caseId, 0).replace(/\d+$/, '');
    const rows = this.cases.listEntities({ queryOptions: { filter: `${odata`PartitionKey eq ${tenantId}`} and ${between(prefix)}`, select: ['RowKey'] } });
    const found: RowRef[] = [];
    for await (const row of rows) found.push({ partitionKey: tenantId, rowKey: String(row.rowKey) });
    return found;
  }

  async removeCaseRow(tenantId: string, caseId: string, etag: string): Promise<CaseRowRemoval> {
    try {
      await this.cases.deleteEntity(tenantId, caseRowKeys.caseRowKey(caseId), { etag });
      return 'removed';
    } catch (error) {
      if (isStatus(error, 404)) return 'missing';
      if (isStatus(error, 412)) return 'changed';
      throw error;
    }
  }

  removeRows(rows: readonly RowRef[]): Promise<number> {
    return deleteRows(this.cases, rows);
  }

  caseRowKey(caseId: string): string {
    return caseRowKeys.caseRowKey(caseId);
  }

  caseIdOf(rowKey: string): string | undefined {
    const prefix = caseRowKeys.caseRowKey('');
    return rowKey.startsWith(prefix) ? rowKey.slice(prefix.length) : undefined;
  }

  claimRowKey(key: string): string {
    return caseRowKeys.idempotencyRowKey(key);
  }

  intakeLogRowKey(log: 'ignoredMail' | 'threadRefusal', messageId: string): string {
    return intakeLogRowKeys[log](messageId);
  }

  async rewriteTimeline(tenantId: string, caseId: string, rewrite: (event: TimelineEvent) => TimelineEvent): Promise<number> {
    const prefix = caseRowKeys.eventRowKey(caseId, 0).replace(/\d+$/, '');
    const rows = this.cases.listEntities<Record<string, unknown>>({ queryOptions: { filter: `${odata`PartitionKey eq ${tenantId}`} and ${between(prefix)}` } });
    const updates: TransactionAction[] = [];
    for await (const row of rows) {
      const event = timelineEventSchema.parse(fromDocumentColumns(row));
      const next = rewrite(event);
      if (!changed(event, next)) continue;
      const fresh = toDocumentColumns(next);
      const entity: TableEntity = { partitionKey: tenantId, rowKey: String(row.rowKey), ...fresh, ...clearedColumns(row, fresh) };
      // Timeline rows are append-only: only another erasure rewrites them, and that one writes the same.
      updates.push(['update', entity, 'Merge', { etag: String(row.etag) }]);
    }
    for (const chunk of chunks(updates, maxActionsPerTransaction)) await this.cases.submitTransaction(chunk);
    return updates.length;
  }

  async clearStaleColumns(tenantId: string, caseId: string): Promise<void> {
    const rowKey = caseRowKeys.caseRowKey(caseId);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      let row: Record<string, unknown>;
      try {
        row = await this.cases.getEntity<Record<string, unknown>>(tenantId, rowKey);
      } catch (error) {
        if (isStatus(error, 404)) return;
        throw error;
      }
      const cleared = clearedColumns(row, row);
      if (Object.keys(cleared).length === 0) return;
      try {
        await this.cases.updateEntity({ partitionKey: tenantId, rowKey, ...cleared }, 'Merge', { etag: String(row.etag) });
        return;
      } catch (error) {
        // Someone saved the case in between: look again at what that version left behind.
        if (!isStatus(error, 412)) throw error;
      }
    }
  }

  async recordErasure(tenantId: string, record: ErasureRecord): Promise<void> {
    await this.cases.createEntity({ partitionKey: tenantId, rowKey: `${erasurePrefix}${record.erasedAt}|${record.id}`, ...toDocumentColumns(record) });
  }

  async erasures(tenantId: string, limit: number): Promise<ErasureRecord[]> {
    const rows = this.cases.listEntities<Record<string, unknown>>({ queryOptions: { filter: `${odata`PartitionKey eq ${tenantId}`} and ${between(erasurePrefix)}` } });
    const records: ErasureRecord[] = [];
    for await (const row of rows) records.push(erasureRecordSchema.parse(fromDocumentColumns(row)));
    return records.sort((a, b) => b.erasedAt.localeCompare(a.erasedAt) || b.id.localeCompare(a.id)).slice(0, limit);
  }

  /** Which of these rows of the tenant exist now (and pass `keep`), a query per fourteen. */
  private async existing(tenantId: string, rowKeys: readonly string[], keep: (row: Record<string, unknown>) => boolean): Promise<RowRef[]> {
    const found: RowRef[] = [];
    await Promise.all(
      chunks(rowKeys, maxKeysPerQuery).map(async (chunk) => {
        const filter = `${odata`PartitionKey eq ${tenantId}`} and (${chunk.map((rowKey) => odata`RowKey eq ${rowKey}`).join(' or ')})`;
        for await (const row of this.cases.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
          if (keep(row)) found.push({ partitionKey: tenantId, rowKey: String(row.rowKey) });
        }
      }),
    );
    return found;
  }
}

/** The retention index and the personal-data rows on Table Storage. */
export function retentionStores(tables: TableClientFactory): RetentionStores {
  return { retention: new TableRetentionIndex(tables), personalData: new TablePersonalDataStore(tables) };
}
