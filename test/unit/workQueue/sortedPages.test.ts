import { pageAfter, sortedPageToken, type SortableRow } from '../../../shared/adapters/tables/sortedPages';

const rows: SortableRow[] = [
  { caseId: 'c', key: '2026-03-02T10:00:00Z' },
  { caseId: 'a', key: '' },
  { caseId: 'b', key: '2026-03-02T09:00:00Z' },
  { caseId: 'd', key: '2026-03-02T10:00:00Z' },
];

/** Every page of `rows` in the order asked, following the tokens. */
function allPages(order: 'asc' | 'desc', pageSize: number): string[][] {
  const pages: string[][] = [];
  let after: string | undefined;
  for (;;) {
    const page = pageAfter(rows, { order, pageSize, after });
    pages.push(page.rows.map((row) => row.caseId));
    if (!page.next) return pages;
    after = sortedPageToken(page.next);
  }
}

describe('pages of a sorted list', () => {
  it('given rows with equal keys and one without a deadline, when paged ascending, then soonest first, ties by id, the one without last', () => {
    expect(allPages('asc', 3)).toEqual([['b', 'c', 'd'], ['a']]);
  });

  it('given the same rows, when paged descending, then the exact reverse', () => {
    expect(allPages('desc', 2)).toEqual([
      ['a', 'd'],
      ['c', 'b'],
    ]);
  });

  it('given the row a token names has left the list, when the next page is read, then it starts at its successor', () => {
    const token = sortedPageToken({ caseId: 'bb', key: '2026-03-02T09:00:00Z' });
    expect(pageAfter(rows, { order: 'asc', pageSize: 10, after: token }).rows.map((row) => row.caseId)).toEqual([
      'c',
      'd',
      'a',
    ]);
  });

  it('given a page that ends the list exactly, then no next page is offered', () => {
    expect(pageAfter(rows, { order: 'asc', pageSize: 4 }).next).toBeUndefined();
  });
});
