import type { TableEntity } from '@azure/data-tables';
import { z } from 'zod';
import { timelineEventSchema, type TimelineEvent } from '../../domain/case';
import { fromDocumentColumns, toJsonColumns } from './jsonColumns';

/*
 * A case's timeline in its tenant's partition of the cases table, in two places, both written in the case's own
 * transaction:
 *   the case row, column TimelineTail   the newest entries, as one JSON array, while they fit timelineTailBudget
 *   event|{caseId}|{first seq}          entries that outgrew the case row, as one JSON array per row
 * Every row of a partition costs each later point operation on it (Azurite up to 3.36 scanned the partition for the row key; Azure
 * serves a partition from one server, about 2,000 entities a second). A case gains some six small entries in its first
 * three writes (intake, triage, enrichment): kept in the case row, they cost the partition no row of their own and each
 * write no create, and the timeline of such a case is read with the case row alone. The write whose entries would make
 * the tail outgrow its budget moves the whole tail with them into rows (timelineWrite). So the timeline is the tail and
 * the rows' entries up to the case row's EventCount that the tail does not hold, in seq order (TableCaseStore.timeline);
 * that also reads entries an earlier version's instance added as rows beside a tail. Rows stay append-only: a write
 * adds its rows with `create`, so two writers never share a row.
 * Entries that do not fit one row budget (a long mail) spread over more rows, each named by its first seq. Rows written
 * before the tail hold the entries of one write, or one entry as a JSON object; case rows written before it have no
 * TimelineTail column (all their entries are in rows). All are read alike.
 */

/** The JSON characters of one timeline row: 8 document columns, about 480 KB as Table Storage counts (1 MiB limit). */
const rowBudgetCharacters = 8 * 30_000;

/** The row key of the timeline row whose first entry is `seq`. */
export const timelineRowKey = (caseId: string, seq: number): string =>
  `event|${caseId}|${String(seq).padStart(6, '0')}`;

/** The row-key prefix of every timeline row of a case: a RowKey range `gt prefix and lt prefix~`. */
export const timelineRowPrefix = (caseId: string): string => `event|${caseId}|`;

/**
 * The rows that hold `events` (already numbered, consecutive seq), grouped in order into as few rows as the budget
 * allows; an entry larger than the budget has a row of its own.
 */
export function toTimelineRows(tenantId: string, caseId: string, events: readonly TimelineEvent[]): TableEntity[] {
  const groups: Array<{ firstSeq: number; parts: string[] }> = [];
  let size = 0;
  for (const event of events) {
    // Each entry is serialised once: its JSON both measures the row and becomes part of it.
    const json = JSON.stringify(event);
    const group = groups.at(-1);
    if (group && size + json.length + 1 <= rowBudgetCharacters) {
      group.parts.push(json);
      size += json.length + 1;
    } else {
      groups.push({ firstSeq: event.seq, parts: [json] });
      size = json.length + 1;
    }
  }
  return groups.map(({ firstSeq, parts }) => ({
    partitionKey: tenantId,
    rowKey: timelineRowKey(caseId, firstSeq),
    ...toJsonColumns(`[${parts.join(',')}]`),
  }));
}

/** The entries a timeline row holds, in seq order. Throws (ZodError) on a row that is not a timeline row. */
export function fromTimelineRow(entity: Record<string, unknown>): TimelineEvent[] {
  const document = fromDocumentColumns(entity);
  const entries: unknown[] = Array.isArray(document) ? document : [document];
  return entries.map((entry) => timelineEventSchema.parse(entry));
}

/** The JSON characters of timeline entries a case row holds itself: one column (Table Storage takes 32K characters). */
const timelineTailBudget = 16_000;

const timelineTailColumn = 'TimelineTail';
const timelineTailSchema = z.array(timelineEventSchema);

/** The case row's column that holds its tail (always written, so a merge replaces it). */
export const toTimelineTail = (entries: readonly TimelineEvent[]): Record<string, string> => ({
  [timelineTailColumn]: JSON.stringify(entries),
});

/**
 * The entries a case row holds, or undefined for a row written before rows had a tail (all its entries are in rows).
 * Throws (ZodError, SyntaxError) on a column that is not a list of timeline entries.
 */
export function timelineTailOf(entity: Record<string, unknown>): TimelineEvent[] | undefined {
  const column = entity[timelineTailColumn];
  return typeof column === 'string' ? timelineTailSchema.parse(JSON.parse(column)) : undefined;
}

/**
 * Where a write's new entries (numbered, following the tail's) go: appended to the case row's tail while it stays
 * within its budget; else the tail with them becomes timeline rows (toTimelineRows) and the tail empties.
 */
export function timelineWrite(
  tenantId: string,
  caseId: string,
  tail: readonly TimelineEvent[],
  added: readonly TimelineEvent[],
): { tail: TimelineEvent[]; rows: TableEntity[] } {
  const entries = [...tail, ...added];
  if (JSON.stringify(entries).length <= timelineTailBudget) return { tail: entries, rows: [] };
  return { tail: [], rows: toTimelineRows(tenantId, caseId, entries) };
}
