import { createHash } from 'node:crypto';
import { type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { SupportCase } from '../../domain/case';
import {
  duplicateCandidate,
  duplicateIndexWords,
  duplicateScope,
  inDuplicateScope,
  type DuplicateCandidate,
  type DuplicateScope,
} from '../../domain/duplicates';
import { utcDay, utcDaysBetween } from './dayTables';
import { isStatus, isTableNotFound } from './restErrors';
import type { Clock } from '../../ports/clock';
import { systemClock } from '../systemClock';
import type { TableClientFactory } from './tableClients';
import { transactionChunks } from './transactionChunks';

/*
 * Duplicate detection's index of recent titles: a table per UTC day the cases were opened (dupindex20261201), so what
 * a lookup reads is the last day or two, never the tenant's history, and old days go as whole tables.
 *   PartitionKey {tenant}|{scope}   RowKey {word}|{n}   a column C_{caseId} per case filed there: its entry
 *   scope c:{customer tenant id} for a case of a known customer, and d:{sha256 of the contact mail domain, 32 hex
 *         digits} for every case (a domain may be long, or carry characters no key may)
 *   word  each of duplicateIndexWords(title): enough of the title's words that a similar title shares one
 *   n     0, the word's row; 1, 2, ... once the rows before are full (Table Storage: 252 columns a row)
 *   entry what duplicate detection compares (indexEntrySchema), as JSON; '' once the case moved away
 * A row per word, not per case and word: a day table holds a row for each word a scope used that day, and a lookup
 * reads the rows of the new title's words in its scope's partitions by their keys (point reads, the cheapest and
 * fastest Table Storage lookup; a query of the words' RowKey ranges would be a partition scan on Azure, since an `or` of
 * RowKey ranges is not a range query, and a scan of the whole day table in Azurite, which tests every row of a table
 * for each query). It returns the cases that share a word, nothing else.
 * A case's entries are merged into its words' rows right after the case is stored (TableCaseStore.create), one
 * transaction per scope: a merge writes only its own column, so cases filed at once never overwrite one another. A
 * transaction refused because a row is full files its entries one by one, each in the first row of its word that takes
 * it (up to 16 rows, about 4,000 cases of a scope a day sharing a word; short words like "and" come last in
 * duplicateIndexWords' order, so they seldom are index words). Past that, the case is not filed under that word (filing
 * is advisory, see TableCaseStore), and still finds the cases filed before it.
 * After a write that changes its title, customer or contact's domain, a case moves (its old entries become '').
 */
const dayMs = 24 * 60 * 60 * 1000;
/**
 * Days kept: a case's window (the 24 hours before it was opened) reaches into the day before, and its enrichment may
 * run days later (a backlog after an outage): a week late, it still finds the window's cases. When a new day's table
 * is made, the tables of the days from droppedDays before it up to the kept ones are dropped (older ones, after a month
 * without cases, simply stay).
 */
const keptDays = 8;
const droppedDays = 30;

/** The suffix of the day table a case is filed in: the UTC day it was opened. */
export const duplicateIndexDayOf = (supportCase: SupportCase): string => utcDay(Date.parse(supportCase.createdAt));

const customerScope = (customerTenantId: string): string => `c:${customerTenantId}`;
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const domainScope = (domain: string): string => `d:${sha256(domain).slice(0, 32)}`;
/** The row of a word an entry goes to: the first (0) unless it is full, then the next. */
const wordRow = (word: string, row: number): string => `${word}|${row}`;
const wordOf = (rowKey: string): string => rowKey.slice(0, rowKey.lastIndexOf('|'));
/** Rows a word may fill in a scope's day: 16 × 252 entries. */
const rowsPerWord = 16;
/**
 * The entries a row holds when full: Table Storage takes 252 properties besides PartitionKey, RowKey and Timestamp
 * (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model), and a row holds
 * only entry columns. Its other limit, 1 MiB, is never reached first: an entry is under 1.5 KiB (a title of at most 200
 * characters, a mail domain of at most 255), so 252 of them take about 380 KiB.
 */
export const entriesPerFullRow = 252;

/**
 * Whether Table Storage refused a write because the row would hold too much: more than 252 properties besides the keys
 * and Timestamp (TooManyProperties) or more than 1 MiB (EntityTooLarge), both 400 Bad Request
 * (https://learn.microsoft.com/rest/api/storageservices/table-service-error-codes).
 */
function isRowFull(error: unknown): boolean {
  if (!isStatus(error, 400)) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return [String(code), String(message)].some((text) => /TooManyProperties|EntityTooLarge/.test(text));
}

/**
 * The partitions of a scope: its customer's, when known, and its mail domain's. A case is filed in those of its own
 * scope, and a lookup reads those of the new case's: between them they hold every case the scope takes in.
 */
function scopeKeys(scope: DuplicateScope): string[] {
  return [...(scope.customerTenantId ? [customerScope(scope.customerTenantId)] : []), domainScope(scope.contactDomain)];
}

/** What duplicate detection compares of a case (a DuplicateCandidate but its id, which names the column). */
const indexEntrySchema = z.object({
  caseNumber: z.string(),
  title: z.string(),
  createdAt: z.string(),
  customerTenantId: z.string().optional(),
  contactDomain: z.string(),
}) satisfies z.ZodType<Omit<DuplicateCandidate, 'id'>>;

const entryColumnPrefix = 'C_';
const entryColumn = (caseId: string): string => `${entryColumnPrefix}${caseId}`;

/** A row by its keys; undefined when there is none (a missing table's 404 is thrown). */
async function readRow(
  table: TableClient,
  partitionKey: string,
  rowKey: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    return await table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
  } catch (error) {
    if (isStatus(error, 404) && !isTableNotFound(error)) return undefined;
    throw error;
  }
}

/** The index rows of one case, each with its entry alone (none for a title without significant words). */
export function duplicateIndexRows(supportCase: SupportCase): TableEntity[] {
  const { id: _id, ...compared } = duplicateCandidate(supportCase);
  const entry = JSON.stringify(compared);
  return scopeKeys(duplicateScope(supportCase)).flatMap((scope) =>
    duplicateIndexWords(supportCase.title).map((word) => ({
      partitionKey: `${supportCase.tenantId}|${scope}`,
      rowKey: wordRow(word, 0),
      [entryColumn(supportCase.id)]: entry,
    })),
  );
}

/** The entry columns of a row, '' (moved away) included: each takes one of the row's properties. */
const entryColumnsOf = (row: Record<string, unknown>): string[] =>
  Object.keys(row).filter((column) => column.startsWith(entryColumnPrefix));

/** The candidates a word's row holds: every entry not moved away. */
function candidatesOf(row: Record<string, unknown>): DuplicateCandidate[] {
  return entryColumnsOf(row).flatMap((column): DuplicateCandidate[] => {
    const value = row[column];
    if (typeof value !== 'string' || value === '') return [];
    const entry = indexEntrySchema.safeParse(JSON.parse(value));
    return entry.success ? [{ id: column.slice(entryColumnPrefix.length), ...entry.data }] : [];
  });
}

/** Merges of index rows as transactions: one partition each, at most maxActionsPerTransaction actions. */
function transactionsOf(rows: readonly TableEntity[]): TransactionAction[][] {
  const byPartition = new Map<string, TransactionAction[]>();
  for (const row of rows)
    byPartition.set(row.partitionKey, [...(byPartition.get(row.partitionKey) ?? []), ['upsert', row, 'Merge']]);
  return [...byPartition.values()].flatMap((actions) => transactionChunks(actions));
}

/** The dupindex day tables: filing a new case, and the candidates for one. */
export class TableDuplicateIndex {
  private readonly clock: Clock;
  private readonly entriesPerRow: number;

  /**
   * @param options.clock tells which days are past keeping (a moved case of such a day is not filed again).
   * @param options.entriesPerRow when a row is full and the word's next row may hold entries: Table Storage's limit
   *   (entriesPerFullRow); a test gives a smaller one, with tables that refuse more as Table Storage does.
   */
  constructor(
    private readonly tables: TableClientFactory,
    options: { clock?: Clock; entriesPerRow?: number } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.entriesPerRow = options.entriesPerRow ?? entriesPerFullRow;
  }

  /** The table of a day, as its suffix names it. */
  private table(day: string): TableClient {
    return this.tables('duplicateIndex', day);
  }

  /**
   * Files a stored case under its title's words, in its opening day's table (made, and the days before the kept ones
   * dropped, by the first case of a day).
   */
  async file(supportCase: SupportCase): Promise<void> {
    const table = this.table(duplicateIndexDayOf(supportCase));
    const rows = duplicateIndexRows(supportCase);
    try {
      await this.merge(table, rows);
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
      await this.startDay(table, Date.parse(supportCase.createdAt));
      await this.merge(table, rows);
    }
  }

  /**
   * Moves a case after a write changed its title, customer or contact's domain: every entry it has (in whichever row of
   * a word) becomes '', then it is filed anew (its day's table made if no case filed any entry there yet). A case of a
   * day past keeping (keptDays) is left alone: no lookup reads that day any more. Two moves of one case that land in
   * the opposite order of their writes are set right by TableCaseStore, which moves the case again while its row says
   * it changed meanwhile.
   */
  async refile(before: SupportCase, after: SupportCase): Promise<void> {
    const day = duplicateIndexDayOf(after);
    if (day < utcDay(this.clock.now().getTime() - keptDays * dayMs)) return;
    const table = this.table(day);
    const column = entryColumn(before.id);
    try {
      const holding = await Promise.all(
        duplicateIndexRows(before).map((row) => this.rowsHolding(table, row.partitionKey, wordOf(row.rowKey), column)),
      );
      await Promise.all(holding.flat().map((row) => table.updateEntity({ ...row, [column]: '' }, 'Merge')));
    } catch (error) {
      // Nothing was filed that day yet (a title without significant words), so there is nothing to clear.
      if (!isTableNotFound(error)) throw error;
    }
    await this.file(after);
  }

  /** The rows of a word in a partition that hold an entry in `column`. */
  private async rowsHolding(
    table: TableClient,
    partitionKey: string,
    word: string,
    column: string,
  ): Promise<Array<{ partitionKey: string; rowKey: string }>> {
    const rows = await this.wordRows(table, partitionKey, word);
    return rows
      .filter((row) => typeof row[column] === 'string' && row[column] !== '')
      .map((row) => ({ partitionKey, rowKey: String(row.rowKey) }));
  }

  /**
   * The rows of a word in a scope's day partition, by their keys: its first row, and each next one while the one before
   * is full (a writer goes on to the next row only when Table Storage refused a full one). Throws the 404 of a missing
   * table.
   */
  private async wordRows(
    table: TableClient,
    partitionKey: string,
    word: string,
  ): Promise<Array<Record<string, unknown>>> {
    const rows: Array<Record<string, unknown>> = [];
    for (let row = 0; row < rowsPerWord; row += 1) {
      const found = await readRow(table, partitionKey, wordRow(word, row));
      if (found === undefined) break;
      rows.push(found);
      if (entryColumnsOf(found).length < this.entriesPerRow) break;
    }
    return rows;
  }

  /** Merges entries into the first row of their words, one transaction per scope; an entry whose row is full moves on. */
  private async merge(table: TableClient, rows: readonly TableEntity[]): Promise<void> {
    await Promise.all(
      transactionsOf(rows).map(async (chunk) => {
        try {
          await table.submitTransaction(chunk);
        } catch (error) {
          if (!isRowFull(error)) throw error;
          for (const [, entity] of chunk) await this.mergeIntoFreeRow(table, entity as TableEntity);
        }
      }),
    );
  }

  /** Merges one entry into the first row of its word that takes it (rowsPerWord at most; the last refusal is thrown). */
  private async mergeIntoFreeRow(table: TableClient, entity: TableEntity): Promise<void> {
    const word = wordOf(entity.rowKey);
    for (let row = 0; ; row += 1) {
      try {
        await table.upsertEntity({ ...entity, rowKey: wordRow(word, row) }, 'Merge');
        return;
      } catch (error) {
        if (!isRowFull(error) || row === rowsPerWord - 1) throw error;
      }
    }
  }

  /**
   * What duplicate detection compares of the cases opened from `since` to `until` that share one of the title's index
   * words in the scope (see DuplicateScope: its customer's cases and, of its contact's domain, those of no known
   * customer; or, for a case of no known customer, every case of the domain): the words' rows in the scope's partitions
   * of each day. Each case once.
   */
  async candidates(
    tenantId: string,
    title: string,
    scope: DuplicateScope,
    since: Date,
    until: Date,
  ): Promise<DuplicateCandidate[]> {
    const words = duplicateIndexWords(title);
    if (words.length === 0) return [];
    const partitions = scopeKeys(scope).map((key) => `${tenantId}|${key}`);
    const rows = await Promise.all(
      utcDaysBetween(since.getTime(), until.getTime()).map((day) => this.dayRows(day, partitions, words)),
    );
    const openedSince = since.toISOString();
    const found = new Map<string, DuplicateCandidate>();
    for (const row of rows.flat())
      for (const candidate of candidatesOf(row))
        if (candidate.createdAt >= openedSince && inDuplicateScope(scope, candidate))
          found.set(candidate.id, candidate);
    return [...found.values()];
  }

  /**
   * The rows of the words in the partitions of a day's table; none when the day has no table, which the first read
   * tells (a day without cases costs one request, not one per word and partition).
   */
  private async dayRows(
    day: string,
    partitions: readonly string[],
    words: readonly string[],
  ): Promise<Array<Record<string, unknown>>> {
    const table = this.table(day);
    const [first, ...rest] = partitions.flatMap((partitionKey) => words.map((word) => ({ partitionKey, word })));
    if (first === undefined) return [];
    try {
      const firstRows = await this.wordRows(table, first.partitionKey, first.word);
      const restRows = await Promise.all(
        rest.map(({ partitionKey, word }) => this.wordRows(table, partitionKey, word)),
      );
      return [...firstRows, ...restRows.flat()];
    } catch (error) {
      // No case was opened that day (or its table was dropped since).
      if (isTableNotFound(error)) return [];
      throw error;
    }
  }

  /** Makes a day's table and drops the tables of days before the kept ones (housekeeping: a failed drop waits a day). */
  private async startDay(table: TableClient, openedAt: number): Promise<void> {
    await table.createTable();
    const firstDropped = utcDay(openedAt - droppedDays * dayMs);
    const lastDropped = utcDay(openedAt - keptDays * dayMs);
    try {
      const old = await this.tables.existingSuffixes('duplicateIndex', firstDropped, lastDropped);
      await Promise.all(old.map((day) => this.table(day).deleteTable()));
    } catch (error) {
      console.warn(
        `duplicate index: old days not dropped yet: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
