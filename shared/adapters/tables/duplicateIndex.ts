import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import type { SupportCase } from '../../domain/case';
import {
  contactDomain,
  duplicateIndexWords,
  type DuplicateCandidate,
  type DuplicateScope,
} from '../../domain/duplicates';
import { isStatus } from './restErrors';
import { rowKeysStartingWith } from './rowKeyRanges';
import type { TableClientFactory } from './tableClients';
import { transactionChunks } from './transactionChunks';

/*
 * Duplicate detection's index of recent titles: a table per UTC day the cases were opened (dupindex20261201), so what
 * a lookup scans is the last day or two, never the tenant's history, and old days go as whole tables.
 *   PartitionKey {tenant}|{scope}   RowKey {word}|{caseId}
 *   scope c:{customer tenant id} for a case of a known customer, and d:{contact mail domain} for every case
 *   word  each of duplicateIndexWords(title): enough of the title's words that a similar title shares one
 *   columns what duplicate detection compares (DuplicateCandidate)
 * A case's rows are written right after the case (TableCaseStore.create), one transaction per scope, and again after
 * a write that changes its title, customer or contact's domain. A lookup reads, for each day of the window and each
 * scope, one query of the ranges of the new title's words: Table Storage scans only that scope's day partition for
 * it (`or` of RowKey ranges is served as a partition scan), and returns only the cases that share such a word. A
 * partition per scope, not per tenant, keeps that scan to one customer's (or mail domain's) day.
 */
const dayMs = 24 * 60 * 60 * 1000;
/**
 * Days kept: the 24-hour window reaches into yesterday. When a new day's table is made, the tables of the days from
 * droppedDays before it up to the kept ones are dropped (older ones, after a month without cases, simply stay).
 */
const keptDays = 2;
const droppedDays = 30;
/** Mail domains are percent-encoded (no `/`, `\`, `#`, `?` or control characters in keys) and cut, to keep keys short. */
const domainKeyLength = 200;

/** The UTC day of an instant as its table suffix, e.g. 20261201. */
const dayOf = (at: number): string => new Date(at).toISOString().slice(0, 10).replace(/-/g, '');

/** The suffix of the day table a case is filed in: the UTC day it was opened. */
export const duplicateIndexDayOf = (supportCase: SupportCase): string => dayOf(Date.parse(supportCase.createdAt));

const customerScope = (customerTenantId: string): string => `c:${customerTenantId}`;
const domainScope = (domain: string): string => `d:${encodeURIComponent(domain).slice(0, domainKeyLength)}`;

/** The scopes a case is filed under: its customer's, when known, and its contact's mail domain. */
function scopesOf(supportCase: SupportCase): string[] {
  const customer = supportCase.customer.tenantId;
  return [...(customer ? [customerScope(customer)] : []), domainScope(contactDomain(supportCase.contact.email))];
}

/**
 * The queries, one per partition, that select among the rows of some index words every case a scope's duplicate
 * detection may compare with (see DuplicateScope): its customer's cases and, of its contact's domain, those of no
 * known customer; or, for a case of no known customer, every case of the domain.
 */
function scopeFilters(tenantId: string, scope: DuplicateScope, words: readonly string[], since: Date): string[] {
  const filter = (scopeKey: string, extra = ''): string => {
    const ranges = words.map((word) => `(${rowKeysStartingWith(`${word}|`)})`).join(' or ');
    return `${odata`PartitionKey eq ${`${tenantId}|${scopeKey}`}`} and (${ranges})${extra} and ${odata`CreatedAt ge ${since.toISOString()}`}`;
  };
  if (!scope.customerTenantId) return [filter(domainScope(scope.contactDomain))];
  return [
    filter(customerScope(scope.customerTenantId)),
    filter(domainScope(scope.contactDomain), ` and CustomerTenantId eq ''`),
  ];
}

/** What a lookup reads of a row. */
const candidateColumns = ['RowKey', 'CaseNumber', 'Title', 'CreatedAt', 'CustomerTenantId', 'ContactDomain'] as const;

/** The index rows of one case (none for a title without significant words). */
export function duplicateIndexRows(supportCase: SupportCase): TableEntity[] {
  const candidate = {
    CaseNumber: supportCase.caseNumber,
    Title: supportCase.title,
    CreatedAt: supportCase.createdAt,
    CustomerTenantId: supportCase.customer.tenantId ?? '',
    ContactDomain: contactDomain(supportCase.contact.email),
  };
  return scopesOf(supportCase).flatMap((scope) =>
    duplicateIndexWords(supportCase.title).map((word) => ({
      partitionKey: `${supportCase.tenantId}|${scope}`,
      rowKey: `${word}|${supportCase.id}`,
      ...candidate,
    })),
  );
}

/** Upserts of index rows as transactions: one partition each, at most maxActionsPerTransaction actions. */
function transactionsOf(rows: readonly TableEntity[]): TransactionAction[][] {
  const byPartition = new Map<string, TransactionAction[]>();
  for (const row of rows)
    byPartition.set(row.partitionKey, [...(byPartition.get(row.partitionKey) ?? []), ['upsert', row]]);
  return [...byPartition.values()].flatMap((actions) => transactionChunks(actions));
}

function toCandidate(entity: Record<string, unknown>): DuplicateCandidate {
  const rowKey = String(entity.rowKey);
  return {
    id: rowKey.slice(rowKey.lastIndexOf('|') + 1),
    caseNumber: String(entity.CaseNumber),
    title: String(entity.Title),
    createdAt: String(entity.CreatedAt),
    ...(entity.CustomerTenantId ? { customerTenantId: String(entity.CustomerTenantId) } : {}),
    contactDomain: String(entity.ContactDomain),
  };
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
   * Moves a case's rows after a write changed its title, customer or contact's domain: the rows it keeps get the new
   * values, the others go. A case whose day's table is gone (older than the window) has nothing to move.
   */
  async refile(before: SupportCase, after: SupportCase): Promise<void> {
    const rows = duplicateIndexRows(after);
    const keyOf = (row: TableEntity): string => `${row.partitionKey}/${row.rowKey}`;
    const kept = new Set(rows.map(keyOf));
    const table = this.table(duplicateIndexDayOf(after));
    try {
      await Promise.all(transactionsOf(rows).map((chunk) => table.submitTransaction(chunk)));
    } catch (error) {
      if (isStatus(error, 404)) return;
      throw error;
    }
    const leaving = duplicateIndexRows(before).filter((row) => !kept.has(keyOf(row)));
    await Promise.all(
      leaving.map(async (row) => {
        try {
          await table.deleteEntity(row.partitionKey, row.rowKey);
        } catch (error) {
          if (!isStatus(error, 404)) throw error;
        }
      }),
    );
  }

  /**
   * What duplicate detection compares of the cases opened from `since` to `until` that share one of the title's index
   * words in the scope: one query per day table and scope partition, its word ranges side by side. Each case once.
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
    const filters = scopeFilters(tenantId, scope, words, since);
    const days = [...new Set([dayOf(since.getTime()), dayOf(until.getTime())])];
    const found = new Map<string, DuplicateCandidate>();
    const queries = days.flatMap((day) => filters.map((filter) => ({ day, filter })));
    await Promise.all(
      queries.map(async ({ day, filter }) => {
        try {
          const rows = this.table(day).listEntities<Record<string, unknown>>({
            queryOptions: { filter, select: [...candidateColumns] },
          });
          for await (const entity of rows) {
            const candidate = toCandidate(entity);
            found.set(candidate.id, candidate);
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
