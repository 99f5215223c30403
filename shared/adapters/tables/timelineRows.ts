import type { TableEntity } from '@azure/data-tables';
import { timelineEventSchema, type TimelineEvent } from '../../domain/case';
import { fromDocumentColumns, toJsonColumns } from './jsonColumns';

/*
 * A case's timeline in its tenant's partition of the cases table: one row per write, not per entry.
 *   event|{caseId}|{first seq}   the entries one write added (seq first, first + 1, ...), as one JSON array
 * Every row of a partition costs each later point operation on it (Azurite scans the partition for the row key; Azure
 * serves a partition from one server, about 2,000 entities a second), and a case gains some six entries in its first
 * three writes: one row per write keeps the partition about a quarter smaller. Entries stay append-only: a write adds
 * its row with `create`, inside the case's own transaction, so two writers never share a row.
 * A write whose entries do not fit the row budget (a long mail) spreads them over more rows, each named by its first
 * seq. Rows written before this layout hold one entry as a JSON object; they are read alike.
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
