import type { TimelineEvent } from '../domain/case';
import type { ErasureRecord } from '../domain/retention';

/** One row of the cases table, by its keys (the person-index rows, in a table of their own, are PersonRows). */
export interface RowRef {
  partitionKey: string;
  rowKey: string;
}

/**
 * What the purge does when an entry falls due: look at a case (remove it once its retention has passed, else file it
 * again), remove one row of the tenant's partition of the cases table (an idempotency claim, an intake-log entry), or
 * remove a person-index row (the one that points a person at such an entry).
 */
export type RetentionTarget =
  { kind: 'case'; caseId: string } | { kind: 'row'; rowKey: string } | { kind: 'person'; person: PersonRow };

/** Rows to remove with a case besides its case row and timeline: rows of the cases table, and person-index rows. */
export interface CaseRemains {
  rows: RowRef[];
  people: PersonRow[];
}

/** Something of a tenant that expires, and when. */
export interface RetentionEntry {
  target: RetentionTarget;
  dueAt: Date;
  /**
   * Rows to remove with the entry's case should the case not exist when the entry falls due: the person-index rows a
   * new case was filed with, which a case that was never stored (its creation failed or was a retry) leaves behind.
   */
  remains?: CaseRemains;
}

/**
 * A person-index row: the row `rowKey` of the tenant's partition of the cases table (a case row, an intake-log row)
 * holds data of the person. Person-index rows sit in a table of their own, beside the retention entries.
 */
export interface PersonRow {
  personKey: string;
  rowKey: string;
}

/** A tenant and a UTC day (yyyyMMdd) on which some of its entries fall due. */
export interface DueDay {
  tenantId: string;
  day: string;
}

/** An entry that fell due, as read from the index. */
export interface DueRetentionEntry {
  tenantId: string;
  target: RetentionTarget;
  /** The UTC day (yyyyMMdd) it was filed under. */
  dueDay: string;
  /** The rows filed with it, or those a purge of its case set out to remove (see noteRemains). */
  remains: CaseRemains;
}

/**
 * What expires when, keyed by the day it expires, so the purge reads only the days that have passed and never the live
 * data itself: per tenant and day, the entries; across tenants, which tenants have entries on which day.
 */
export interface RetentionIndex {
  /**
   * Files a tenant's entries and person-index rows together, in one request (and one more the first time this
   * instance files a day of the tenant). Filing an entry again on another day leaves the first, which the purge finds
   * harmless (a case it looks at too early is filed again).
   */
  file(tenantId: string, entries: readonly RetentionEntry[], people?: readonly PersonRow[]): Promise<void>;
  /** The tenants and days with entries due from `from` to `until` (both included, UTC), oldest day first, a page at a time. */
  dueDays(from: Date, until: Date): AsyncIterable<DueDay[]>;
  /** The entries of a tenant's day, a page at a time: removing the entries of a page before reading the next is fine. */
  entriesOf(due: DueDay, pageSize: number): AsyncIterable<DueRetentionEntry[]>;
  /**
   * Notes on the entry the rows its case's purge is about to remove, so a purge stopped after the case row still finds
   * them; false when the entry is gone (another run acted on it).
   */
  noteRemains(entry: DueRetentionEntry, remains: CaseRemains): Promise<boolean>;
  /** Moves an entry to a later day, in one request with its removal from the day it was due. */
  refile(entry: DueRetentionEntry, dueAt: Date): Promise<void>;
  /** Removes entries that were acted on; one already gone is no error. */
  remove(entries: readonly DueRetentionEntry[]): Promise<void>;
  /** Forgets a tenant's day whose entries are all gone. */
  settle(due: DueDay): Promise<void>;
}

/** Removing a case row only if it is still the version the purge judged. */
export type CaseRowRemoval = 'removed' | 'changed' | 'missing';

/**
 * The rows of personal data and their removal: the rows that go with a case, in the tenant's partition of the cases
 * table, and, beside the retention entries, the person index (which case, ignored mail or thread refusal holds data
 * of a person) and the tenant's erasure log.
 */
export interface PersonalDataStore {
  /** The rows the person index says hold data of the person. */
  rowsOfPerson(tenantId: string, personKey: string): Promise<string[]>;
  /** Removes person-index rows of the tenant; a row already gone is no error. Answers how many went. */
  removePersonRows(tenantId: string, people: readonly PersonRow[]): Promise<number>;
  /**
   * Every row that goes with a case besides its case row: its timeline; the others: the lookup rows that still point at
   * it and the rows that share it with other tenants; and the person-index rows of `personKeys` that point at it.
   */
  rowsOfCase(
    tenantId: string,
    caseId: string,
    lookupKeys: readonly string[],
    personKeys: readonly string[],
    sharedWith: readonly string[],
  ): Promise<{ timeline: RowRef[]; others: RowRef[]; people: PersonRow[] }>;
  /** The timeline rows of a case, found by their key range. */
  timelineRows(tenantId: string, caseId: string): Promise<RowRef[]>;
  /** Removes the case row if its ETag is still `etag`. */
  removeCaseRow(tenantId: string, caseId: string, etag: string): Promise<CaseRowRemoval>;
  /**
   * Removes rows of the cases table, in entity-group transactions per partition; a row already gone is no error.
   * Answers how many went.
   */
  removeRows(rows: readonly RowRef[]): Promise<number>;
  /** The row of a case, as the person index points at it. */
  caseRowKey(caseId: string): string;
  /** The case a row of the person index points at, if it points at a case. */
  caseIdOf(rowKey: string): string | undefined;
  /** The idempotency claim row of a key, as the case store writes it. */
  claimRowKey(key: string): string;
  /** The row of a mail in one of the intake logs, as the intake log writes it. */
  intakeLogRowKey(log: 'ignoredMail' | 'threadRefusal', messageId: string): string;
  /**
   * Rewrites the timeline entries `rewrite` changes, in place (the rows are otherwise append-only), leaving no earlier
   * text in any column. Answers how many entries changed.
   */
  rewriteTimeline(tenantId: string, caseId: string, rewrite: (event: TimelineEvent) => TimelineEvent): Promise<number>;
  /** Empties the document columns a longer earlier version of the case left behind (a merge keeps them). */
  clearStaleColumns(tenantId: string, caseId: string): Promise<void>;
  recordErasure(tenantId: string, record: ErasureRecord): Promise<void>;
  /** The tenant's erasures, newest first. */
  erasures(tenantId: string, limit: number): Promise<ErasureRecord[]>;
}

/** The stores of retention and erasure, as the composition wires them. */
export interface RetentionStores {
  retention: RetentionIndex;
  personalData: PersonalDataStore;
}
