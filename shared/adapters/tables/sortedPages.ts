import type { CaseSortKey } from '../../domain/caseListQuery';

/** A listed case cut to what its order needs: its id and its value in the sort column. */
export interface SortableRow {
  caseId: string;
  key: string | number;
}

const sortColumns: Record<CaseSortKey, string> = {
  due: 'NextDueAt',
  created: 'CreatedAt',
  updated: 'UpdatedAt',
  severity: 'SeverityRank',
};

/** The column (see workQueueRows.queueColumns) a sort reads. */
export const sortColumnOf = (sort: CaseSortKey): string => sortColumns[sort];

/**
 * Ascending order of (key, case id): a case without a next deadline (key '') after every case with one, and the case
 * id breaking ties, so the order is total and a page boundary is a single point.
 */
function ascending(a: SortableRow, b: SortableRow): number {
  const missingA = a.key === '';
  const missingB = b.key === '';
  if (missingA !== missingB) return missingA ? 1 : -1;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;
}

/** The continuation token of a sorted list: the last row of the page, whose successor starts the next one. */
export function sortedPageToken(last: SortableRow): string {
  return Buffer.from(JSON.stringify([last.key, last.caseId]), 'utf8').toString('base64url');
}

function rowOfToken(token: string): SortableRow {
  const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    !['string', 'number'].includes(typeof parsed[0]) ||
    typeof parsed[1] !== 'string'
  )
    throw new Error('Not a sorted page token');
  return { key: parsed[0] as string | number, caseId: parsed[1] };
}

/**
 * One page of rows in the requested order, starting after the row a token names (which may have left the list since:
 * the page starts at its successor all the same). `next` is the page's last row when more follow.
 * The token is the desk's own, signed before a client sees it (services/pageTokens.ts), so a malformed one is a bug.
 */
export function pageAfter(
  rows: SortableRow[],
  options: { order: 'asc' | 'desc'; pageSize: number; after?: string },
): { rows: SortableRow[]; next?: SortableRow } {
  const compare = options.order === 'asc' ? ascending : (a: SortableRow, b: SortableRow) => ascending(b, a);
  const sorted = [...rows].sort(compare);
  const after = options.after === undefined ? undefined : rowOfToken(options.after);
  const start = after === undefined ? 0 : sorted.findIndex((row) => compare(row, after) > 0);
  if (start < 0) return { rows: [] };
  const page = sorted.slice(start, start + options.pageSize);
  const more = start + options.pageSize < sorted.length;
  return more ? { rows: page, next: page[page.length - 1] } : { rows: page };
}
