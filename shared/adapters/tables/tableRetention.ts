import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { LRUCache } from 'lru-cache';
import type { TimelineEvent } from '../../domain/case';
import { changed, erasureRecordSchema, type ErasureRecord } from '../../domain/retention';
import type {
  CaseRemains,
  CaseRowRemoval,
  DueDay,
  DueRetentionEntry,
  PersonalDataStore,
  PersonRow,
  RetentionEntry,
  RetentionIndex,
  RetentionStores,
  RetentionTarget,
  RowRef,
} from '../../ports/retention';
import { fromDocumentColumns, toDocumentColumns } from './jsonColumns';
import { isStatus } from './restErrors';
import { deleteRows } from './rowDeletion';
import { rowKeysStartingWith } from './rowKeyRanges';
import { caseRowKeys } from './tableCaseStore';
import { fromTimelineRow, timelineRowPrefix, timelineTailOf, timelineWrite, toTimelineTail } from './timelineRows';
import { transactionChunks } from './transactionChunks';
import { intakeLogRowKeys } from './tableIntakeLog';
import type { TableClientFactory } from './tableClients';
import { utcDay } from './dayTables';

/*
 * retentionindex table, PartitionKey = tenantId ({rowKey} below names a row of the tenant's partition of the cases
 * table, written by tableCaseStore.ts and tableIntakeLog.ts):
 *   expires|{yyyyMMdd}|case|{caseId}   on that UTC day, look at the case: remove it once its retention has passed
 *   expires|{yyyyMMdd}|row|{rowKey}    on that UTC day, remove that row (a claim, an intake-log entry)
 *   expires|{yyyyMMdd}|contact|{personKey}|{rowKey}   on that UTC day, remove that person-index row
 *   contact|{personKey}|{rowKey}       the row (case|{caseId}, ignoredMail|..., threadRefusal|...) holds data of that person
 *   erasure|{erasedAt}|{id}            one erasure: who, when, how much, and the person's key (never the address)
 * A case entry's DocColumns/Doc0.. hold the rows its case's purge set out to remove (CaseRemains). Entries and person
 * rows of a tenant share a partition, so that what a write files goes in one entity-group transaction; they are filed
 * before the data they describe, never in its transaction (retentionFiling.ts), so they need not share the partition
 * of the cases table, whose every request they would slow and whose throughput they would share.
 * retention table: PartitionKey = yyyyMMdd, RowKey = tenantId: the tenant has entries due that day. The purge reads the
 * days that have passed with one range query over PartitionKey, then each such tenant's entries of the day with one
 * range query over RowKey: only what expired, never live data.
 */
/** Table Storage allows 15 comparisons in one filter; one is the PartitionKey's. */
const maxKeysPerQuery = 14;
/** Tenant days this instance knows it has marked; a forgotten one is only marked again. */
const markedDaysRemembered = 10_000;
const entryPrefix = 'expires|';
const personPrefix = 'contact|';
const erasurePrefix = 'erasure|';
const documentColumn = /^Doc(\d+)$/;

/** The UTC day of an instant as yyyyMMdd. */
export const retentionDay = (instant: Date): string => utcDay(instant.getTime());

const personRowKey = (person: PersonRow): string => `${personPrefix}${person.personKey}|${person.rowKey}`;

/** The person and row a person-index row key names: a person key is a hex digest, so the first bar ends it. */
function personRowOf(key: string): PersonRow {
  const rest = key.slice(personPrefix.length);
  const bar = rest.indexOf('|');
  return { personKey: rest.slice(0, bar), rowKey: rest.slice(bar + 1) };
}

function entryRowKey(day: string, target: RetentionTarget): string {
  switch (target.kind) {
    case 'case':
      return `${entryPrefix}${day}|case|${target.caseId}`;
    case 'row':
      return `${entryPrefix}${day}|row|${target.rowKey}`;
    case 'person':
      return `${entryPrefix}${day}|${personRowKey(target.person)}`;
  }
}

function targetOf(rowKey: string, day: string): RetentionTarget {
  const rest = rowKey.slice(`${entryPrefix}${day}|`.length);
  if (rest.startsWith('case|')) return { kind: 'case', caseId: rest.slice('case|'.length) };
  if (rest.startsWith(personPrefix)) return { kind: 'person', person: personRowOf(rest) };
  return { kind: 'row', rowKey: rest.slice('row|'.length) };
}

const noRemains = (): CaseRemains => ({ rows: [], people: [] });

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
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

export class TableRetentionIndex implements RetentionIndex {
  private readonly days: TableClient;
  private readonly index: TableClient;
  private readonly marked = new LRUCache<string, true>({ max: markedDaysRemembered });

  constructor(tables: TableClientFactory) {
    this.days = tables('retention');
    this.index = tables('retentionIndex');
  }

  async file(tenantId: string, entries: readonly RetentionEntry[], people: readonly PersonRow[] = []): Promise<void> {
    if (entries.length === 0 && people.length === 0) return;
    // The day is marked first: an entry is never there without its day, which is how the purge finds it.
    await this.mark(
      tenantId,
      entries.map((entry) => retentionDay(entry.dueAt)),
    );
    const rows = new Map<string, TableEntity>();
    for (const { target, dueAt, remains = noRemains() } of entries) {
      const rowKey = entryRowKey(retentionDay(dueAt), target);
      // Merged, not replaced (Azurite replaces in time proportional to the table): the remains are written in full.
      rows.set(rowKey, { partitionKey: tenantId, rowKey, ...toDocumentColumns(remains) });
    }
    for (const person of people) {
      const key = personRowKey(person);
      rows.set(key, { partitionKey: tenantId, rowKey: key, Target: person.rowKey });
    }
    // Nearly every row filed is new: a create costs one look-up of the row key, an upsert two
    // (in Azurite up to 3.36 each a scan of the tenant's partition). A row that exists already (a retried request filing again, a colleague's second mail) fails its
    // transaction with 409, which then files the same rows as merges.
    const creates = [...rows.values()].map((entity): TransactionAction => ['create', entity]);
    for (const chunk of transactionChunks(creates)) {
      await this.index.submitTransaction(chunk).catch(async (error: unknown) => {
        if (!isStatus(error, 409)) throw error;
        await this.index.submitTransaction(chunk.map(([, entity]): TransactionAction => ['upsert', entity, 'Merge']));
      });
    }
  }

  async *dueDays(from: Date, until: Date): AsyncIterable<DueDay[]> {
    const filter = odata`PartitionKey ge ${retentionDay(from)} and PartitionKey le ${retentionDay(until)}`;
    for await (const page of this.days
      .listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })
      .byPage({ maxPageSize: 1000 })) {
      yield page.map((row) => ({ tenantId: String(row.rowKey), day: String(row.partitionKey) }));
    }
  }

  async *entriesOf(due: DueDay, pageSize: number): AsyncIterable<DueRetentionEntry[]> {
    const filter = `${odata`PartitionKey eq ${due.tenantId}`} and ${rowKeysStartingWith(`${entryPrefix}${due.day}|`)}`;
    for await (const page of this.index
      .listEntities<Record<string, unknown>>({ queryOptions: { filter } })
      .byPage({ maxPageSize: pageSize })) {
      yield page.map((row) => ({
        tenantId: due.tenantId,
        target: targetOf(String(row.rowKey), due.day),
        dueDay: due.day,
        remains: row.DocColumns === undefined ? noRemains() : (fromDocumentColumns(row) as CaseRemains),
      }));
    }
  }

  async noteRemains(entry: DueRetentionEntry, remains: CaseRemains): Promise<boolean> {
    const rowKey = entryRowKey(entry.dueDay, entry.target);
    try {
      const current = await this.index.getEntity<Record<string, unknown>>(entry.tenantId, rowKey);
      const fresh = toDocumentColumns(remains);
      await this.index.updateEntity(
        { partitionKey: entry.tenantId, rowKey, ...fresh, ...clearedColumns(current, fresh) },
        'Merge',
        { etag: String(current.etag) },
      );
      return true;
    } catch (error) {
      // Gone, or changed under us: another run is acting on this entry.
      if (isStatus(error, 404, 412)) return false;
      throw error;
    }
  }

  async refile(entry: DueRetentionEntry, dueAt: Date): Promise<void> {
    const day = retentionDay(dueAt);
    if (day === entry.dueDay) return;
    await this.mark(entry.tenantId, [day]);
    const moved: TableEntity = {
      partitionKey: entry.tenantId,
      rowKey: entryRowKey(day, entry.target),
      ...toDocumentColumns(noRemains()),
    };
    const old = { partitionKey: entry.tenantId, rowKey: entryRowKey(entry.dueDay, entry.target) };
    try {
      await this.index.submitTransaction([
        ['upsert', moved, 'Merge'],
        ['delete', old],
      ]);
    } catch (error) {
      // The old entry is gone already (another run moved it): the new one is all that is left to write.
      if (!isStatus(error, 404)) throw error;
      await this.index.upsertEntity(moved, 'Merge');
    }
  }

  async remove(entries: readonly DueRetentionEntry[]): Promise<void> {
    await deleteRows(
      this.index,
      entries.map((entry) => ({ partitionKey: entry.tenantId, rowKey: entryRowKey(entry.dueDay, entry.target) })),
    );
  }

  async settle(due: DueDay): Promise<void> {
    try {
      await this.days.deleteEntity(due.day, due.tenantId);
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  }

  private async mark(tenantId: string, days: readonly string[]): Promise<void> {
    const unmarked = [...new Set(days)].filter((day) => !this.marked.has(`${tenantId}|${day}`));
    await Promise.all(
      unmarked.map(async (day) => {
        await this.days.upsertEntity({ partitionKey: day, rowKey: tenantId }, 'Merge');
        this.marked.set(`${tenantId}|${day}`, true);
      }),
    );
  }
}

export class TablePersonalDataStore implements PersonalDataStore {
  private readonly cases: TableClient;
  private readonly index: TableClient;

  constructor(tables: TableClientFactory) {
    this.cases = tables('cases');
    this.index = tables('retentionIndex');
  }

  async rowsOfPerson(tenantId: string, personKey: string): Promise<string[]> {
    const rows = this.index.listEntities<{ Target: string }>({
      queryOptions: {
        filter: `${odata`PartitionKey eq ${tenantId}`} and ${rowKeysStartingWith(`${personPrefix}${personKey}|`)}`,
        select: ['Target'],
      },
    });
    const targets: string[] = [];
    for await (const row of rows) targets.push(row.Target);
    return targets;
  }

  removePersonRows(tenantId: string, people: readonly PersonRow[]): Promise<number> {
    return deleteRows(
      this.index,
      people.map((person) => ({ partitionKey: tenantId, rowKey: personRowKey(person) })),
    );
  }

  async rowsOfCase(
    tenantId: string,
    caseId: string,
    lookupKeys: readonly string[],
    personKeys: readonly string[],
    sharedWith: readonly string[],
  ): Promise<{ timeline: RowRef[]; others: RowRef[]; people: PersonRow[] }> {
    const caseRowKey = caseRowKeys.caseRowKey(caseId);
    const lookupRows = [...new Set(lookupKeys)].map((key) => caseRowKeys.lookupRowKey(key));
    const personRows = [...new Set(personKeys)].map((personKey) => personRowKey({ personKey, rowKey: caseRowKey }));
    const [timeline, lookups, people] = await Promise.all([
      this.timelineRows(tenantId, caseId),
      // A lookup key another case took over (a follow-up case takes its conversation) stays with that case.
      this.existing(this.cases, tenantId, lookupRows, (row) => row.CaseId === caseId),
      this.existing(this.index, tenantId, personRows, () => true),
    ]);
    const shares = sharedWith.map((providerTenantId) => ({
      partitionKey: providerTenantId,
      rowKey: `shared|${caseId}`,
    }));
    return {
      timeline,
      others: [...lookups, ...shares],
      people: people.map((row) => personRowOf(row.rowKey)),
    };
  }

  async timelineRows(tenantId: string, caseId: string): Promise<RowRef[]> {
    const prefix = timelineRowPrefix(caseId);
    const rows = this.cases.listEntities({
      queryOptions: {
        filter: `${odata`PartitionKey eq ${tenantId}`} and ${rowKeysStartingWith(prefix)}`,
        select: ['RowKey'],
      },
    });
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

  /**
   * The entries of the timeline rows, then of the case row's tail (timelineRows.ts). The tail is written under the case
   * row's ETag: a case write in between (which may have moved the tail into a new row) makes it start over, which finds
   * the entries it already rewrote unchanged, so each is counted once.
   */
  async rewriteTimeline(
    tenantId: string,
    caseId: string,
    rewrite: (event: TimelineEvent) => TimelineEvent,
  ): Promise<number> {
    let rewritten = 0;
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const caseRow = await this.readCaseTail(tenantId, caseId);
      rewritten += await this.rewriteTimelineRows(tenantId, caseId, rewrite);
      const tail = caseRow && timelineTailOf(caseRow);
      if (!caseRow || !tail) return rewritten;
      const next = tail.map(rewrite);
      const changes = next.filter((event, index) => changed(tail[index], event)).length;
      if (changes === 0) return rewritten;
      // Erased text may be longer than what it replaces: a tail that outgrows the case row moves into rows, as a write's.
      const written = timelineWrite(tenantId, caseId, [], next);
      const caseUpdate: TransactionAction = [
        'update',
        { partitionKey: tenantId, rowKey: caseRowKeys.caseRowKey(caseId), ...toTimelineTail(written.tail) },
        'Merge',
        { etag: String(caseRow.etag) },
      ];
      try {
        await this.cases.submitTransaction([
          caseUpdate,
          ...written.rows.map((entity): TransactionAction => ['create', entity]),
        ]);
        return rewritten + changes;
      } catch (error) {
        if (!isStatus(error, 412, 404)) throw error;
      }
    }
    throw new Error(`The case ${caseId} kept changing while its timeline was rewritten; erase again.`);
  }

  private async readCaseTail(tenantId: string, caseId: string): Promise<Record<string, unknown> | undefined> {
    try {
      return await this.cases.getEntity<Record<string, unknown>>(tenantId, caseRowKeys.caseRowKey(caseId), {
        queryOptions: { select: ['TimelineTail'] },
      });
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  private async rewriteTimelineRows(
    tenantId: string,
    caseId: string,
    rewrite: (event: TimelineEvent) => TimelineEvent,
  ): Promise<number> {
    const prefix = timelineRowPrefix(caseId);
    const rows = this.cases.listEntities<Record<string, unknown>>({
      queryOptions: { filter: `${odata`PartitionKey eq ${tenantId}`} and ${rowKeysStartingWith(prefix)}` },
    });
    const updates: TransactionAction[] = [];
    let rewritten = 0;
    for await (const row of rows) {
      const events = fromTimelineRow(row);
      const next = events.map(rewrite);
      const changes = next.filter((event, index) => changed(events[index], event)).length;
      if (changes === 0) continue;
      rewritten += changes;
      const fresh = toDocumentColumns(next);
      const entity: TableEntity = {
        partitionKey: tenantId,
        rowKey: String(row.rowKey),
        ...fresh,
        ...clearedColumns(row, fresh),
      };
      // Timeline rows are append-only: only another erasure rewrites them, and that one writes the same.
      updates.push(['update', entity, 'Merge', { etag: String(row.etag) }]);
    }
    for (const chunk of transactionChunks(updates)) await this.cases.submitTransaction(chunk);
    return rewritten;
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
        await this.cases.updateEntity({ partitionKey: tenantId, rowKey, ...cleared }, 'Merge', {
          etag: String(row.etag),
        });
        return;
      } catch (error) {
        // Someone saved the case in between: look again at what that version left behind.
        if (!isStatus(error, 412)) throw error;
      }
    }
  }

  async recordErasure(tenantId: string, record: ErasureRecord): Promise<void> {
    await this.index.createEntity({
      partitionKey: tenantId,
      rowKey: `${erasurePrefix}${record.erasedAt}|${record.id}`,
      ...toDocumentColumns(record),
    });
  }

  async erasures(tenantId: string, limit: number): Promise<ErasureRecord[]> {
    const rows = this.index.listEntities<Record<string, unknown>>({
      queryOptions: { filter: `${odata`PartitionKey eq ${tenantId}`} and ${rowKeysStartingWith(erasurePrefix)}` },
    });
    const records: ErasureRecord[] = [];
    for await (const row of rows) records.push(erasureRecordSchema.parse(fromDocumentColumns(row)));
    return records.sort((a, b) => b.erasedAt.localeCompare(a.erasedAt) || b.id.localeCompare(a.id)).slice(0, limit);
  }

  /** Which of these rows of the tenant's partition of `table` exist now (and pass `keep`), a query per fourteen. */
  private async existing(
    table: TableClient,
    tenantId: string,
    rowKeys: readonly string[],
    keep: (row: Record<string, unknown>) => boolean,
  ): Promise<RowRef[]> {
    const found: RowRef[] = [];
    await Promise.all(
      chunks(rowKeys, maxKeysPerQuery).map(async (chunk) => {
        const filter = `${odata`PartitionKey eq ${tenantId}`} and (${chunk.map((rowKey) => odata`RowKey eq ${rowKey}`).join(' or ')})`;
        for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
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
