import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import type { SupportCase } from '../../domain/case';
import {
  contactDomain,
  duplicateIndexWords,
  type DuplicateCandidate,
  type DuplicateScope,
} from '../../domain/duplicates';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isStatus } from './restErrors';
import { rowKeysStartingWith } from './rowKeyRanges';
import type { TableClientFactory } from './tableClients';
import { transactionChunks } from './transactionChunks';

/*
 * Duplicate detection's index of recent titles: a table per UTC day the cases were opened (dupindex20261201), so what
 * a lookup reads is the last day or two, never the tenant's history, and old days go as whole tables.
 *   PartitionKey {tenant}|{scope}   RowKey {word}|{bucket}   a column C_{caseId} per case filed there: its entry
 *   scope c:{customer tenant id} for a case of a known customer, and d:{sha256 of the contact mail domain, 32 hex
 *         digits} for every case (a domain may be long, or carry characters no key may)
 *   bucket 0-3, from the case id's sha256: a word's cases spread over 4 rows
 *   word  each of duplicateIndexWords(title): enough of the title's words that a similar title shares one
 *   entry what duplicate detection compares (indexEntrySchema), as JSON; '' once the case moved away
 * Rows per word, not per case and word: a day table holds up to 4 rows for each word a scope used that day, so a
 * lookup (one query per day and scope, the RowKey range of each of the new title's words) is served from a partition
 * of a few hundred rows on Azure (an `or` of RowKey ranges is a partition scan) and from a table of a few thousand in
 * Azurite (which tests every row of a table for each query), and returns the cases that share a word, nothing else.
 * A case's entries are merged into its words' rows right after the case is stored (TableCaseStore.create), one
 * transaction per scope: a merge writes only its own column, so cases filed at once never overwrite one another.
 * After a write that changes its title, customer or contact's domain, they move (the old ones become '').
 * Table Storage holds at most 252 columns a row, so a word's 4 rows hold about 1,000 cases of a scope a day (short
 * words like "and" come last in duplicateIndexWords' order, so they seldom are index words); past that, the scope's transaction of a later case is refused and the case is not filed in
 * that scope (filing is advisory, see TableCaseStore); it still finds the cases filed before it.
 */
const dayMs = 24 * 60 * 60 * 1000;
/**
 * Days kept: the 24-hour window reaches into yesterday. When a new day's table is made, the tables of the days from
 * droppedDays before it up to the kept ones are dropped (older ones, after a month without cases, simply stay).
 */
const keptDays = 2;
const droppedDays = 30;

/** The UTC day of an instant as its table suffix, e.g. 20261201. */
const dayOf = (at: number): string => new Date(at).toISOString().slice(0, 10).replace(/-/g, '');

/** The suffix of the day table a case is filed in: the UTC day it was opened. */
export const duplicateIndexDayOf = (supportCase: SupportCase): string => dayOf(Date.parse(supportCase.createdAt));

const customerScope = (customerTenantId: string): string => `c:${customerTenantId}`;
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const domainScope = (domain: string): string => `d:${sha256(domain).slice(0, 32)}`;
/** The row of a word a case's entry goes to. */
const wordRow = (word: string, caseId: string): string =>
  `${word}|${Number.parseInt(sha256(caseId).charAt(0), 16) % 4}`;

/** The scopes a case is filed under: its customer's, when known, and its contact's mail domain. */
function scopesOf(supportCase: SupportCase): string[] {
  const customer = supportCase.customer.tenantId;
  return [...(customer ? [customerScope(customer)] : []), domainScope(contactDomain(supportCase.contact.email))];
}

/** One query of a scope's day partition: the rows of the words. */
const scopeFilter = (tenantId: string, scopeKey: string, words: readonly string[]): string =>
  `${odata`PartitionKey eq ${`${tenantId}|${scopeKey}`}`} and (${words.map((word) => `(${rowKeysStartingWith(`${word}|`)})`).join(' or ')})`;

/** What duplicate detection compares of a case, as its index entries keep it. */
const indexEntrySchema = z.object({
  caseNumber: z.string(),
  title: z.string(),
  createdAt: z.string(),
  customerTenantId: z.string().optional(),
  contactDomain: z.string(),
});

const entryColumnPrefix = 'C_';
const entryColumn = (caseId: string): string => `${entryColumnPrefix}${caseId}`;

/** The index rows of one case, each with its entry alone (none for a title without significant words). */
export function duplicateIndexRows(supportCase: SupportCase): TableEntity[] {
  const customerTenantId = supportCase.customer.tenantId;
  const entry = JSON.stringify(
    indexEntrySchema.parse({
      caseNumber: supportCase.caseNumber,
      title: supportCase.title,
      createdAt: supportCase.createdAt,
      ...(customerTenantId ? { customerTenantId } : {}),
      contactDomain: contactDomain(supportCase.contact.email),
    }),
  );
  return scopesOf(supportCase).flatMap((scope) =>
    duplicateIndexWords(supportCase.title).map((word) => ({
      partitionKey: `${supportCase.tenantId}|${scope}`,
      rowKey: wordRow(word, supportCase.id),
      [entryColumn(supportCase.id)]: entry,
    })),
  );
}

/** The candidates a word's row holds: every entry not moved away. */
function candidatesOf(row: Record<string, unknown>): DuplicateCandidate[] {
  return Object.entries(row).flatMap(([column, value]): DuplicateCandidate[] => {
    if (!column.startsWith(entryColumnPrefix) || typeof value !== 'string' || value === '') return [];
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
  constructor(private readonly tables: TableClientFactory) {}

  /** The table of a day, as its suffix names it. */
  table(day: string): TableClient {
    return this.tables('duplicateIndex', day);
  }

  /**
   * Files a stored case under its title's words, in its opening day's table (made, and the days before the kept ones
   * dropped, by the first case of a day).
   */
  async file(supportCase: SupportCase): Promise<void> {
    const openedAt = Date.parse(supportCase.createdAt);
    const table = this.table(duplicateIndexDayOf(supportCase));
    const chunks = transactionsOf(duplicateIndexRows(supportCase));
    try {
      await Promise.all(chunks.map((chunk) => table.submitTransaction(chunk)));
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
      await this.startDay(table, openedAt);
      await Promise.all(chunks.map((chunk) => table.submitTransaction(chunk)));
    }
  }

  /**
   * Moves a case's entries after a write changed its title, customer or contact's domain: in the rows it leaves its
   * entry becomes '', then the rows it is in get the new entry. A case whose day's table is gone (older than the
   * window) has nothing to move. Two refiles of one case that land in the opposite order of their writes leave the
   * older entry (see the README: the title compared is the title as last filed).
   */
  async refile(before: SupportCase, after: SupportCase): Promise<void> {
    const rows = duplicateIndexRows(after);
    const keyOf = (row: TableEntity): string => `${row.partitionKey}/${row.rowKey}`;
    const kept = new Set(rows.map(keyOf));
    const movedAway = duplicateIndexRows(before)
      .filter((row) => !kept.has(keyOf(row)))
      .map((row) => ({ partitionKey: row.partitionKey, rowKey: row.rowKey, [entryColumn(before.id)]: '' }));
    const table = this.table(duplicateIndexDayOf(after));
    try {
      // The old entries go first: should the new ones be refused (a full row), the case is in no scope it left.
      for (const changes of [movedAway, rows])
        await Promise.all(transactionsOf(changes).map((chunk) => table.submitTransaction(chunk)));
    } catch (error) {
      if (isStatus(error, 404)) return;
      throw error;
    }
  }

  /**
   * What duplicate detection compares of the cases opened from `since` to `until` that share one of the title's index
   * words in the scope (see DuplicateScope: its customer's cases and, of its contact's domain, those of no known
   * customer; or, for a case of no known customer, every case of the domain): one query per day table and scope
   * partition. Each case once.
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
    const scopes = scope.customerTenantId
      ? [
          { key: customerScope(scope.customerTenantId), anyCustomer: true },
          { key: domainScope(scope.contactDomain), anyCustomer: false },
        ]
      : [{ key: domainScope(scope.contactDomain), anyCustomer: true }];
    const days = [...new Set([dayOf(since.getTime()), dayOf(until.getTime())])];
    const found = new Map<string, DuplicateCandidate>();
    const queries = days.flatMap((day) => scopes.map((scopeToRead) => ({ day, ...scopeToRead })));
    await Promise.all(
      queries.map(async ({ day, key, anyCustomer }) => {
        try {
          const rows = this.table(day).listEntities<Record<string, unknown>>({
            queryOptions: { filter: scopeFilter(tenantId, key, words) },
          });
          for await (const row of rows) {
            for (const candidate of candidatesOf(row)) {
              if (candidate.createdAt < since.toISOString()) continue;
              if (!anyCustomer && candidate.customerTenantId) continue;
              found.set(candidate.id, candidate);
            }
          }
        } catch (error) {
          // No case was opened that day.
          if (!isStatus(error, 404)) throw error;
        }
      }),
    );
    return [...found.values()];
  }

  /** Makes a day's table and drops the tables of days before the kept ones (housekeeping: a failed drop waits a day). */
  private async startDay(table: TableClient, openedAt: number): Promise<void> {
    await table.createTable();
    const firstDropped = dayOf(openedAt - droppedDays * dayMs);
    const lastDropped = dayOf(openedAt - keptDays * dayMs);
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
