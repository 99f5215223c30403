import { fromDocumentColumns, toDocumentColumns } from '../../../shared/adapters/tables/jsonColumns';

describe('documents spread over table columns', () => {
  it('given a document longer than one column holds, when it is written and read, then it comes back whole', () => {
    const document = { description: 'x'.repeat(70_000), note: 'ü'.repeat(10) };

    const columns = toDocumentColumns(document);

    expect(columns.DocColumns).toBe(3);
    expect(fromDocumentColumns(columns)).toEqual(document);
  });

  it('given a row merged with a shorter document, when it is read, then the columns left from the longer one are ignored', () => {
    const longer = toDocumentColumns({ description: 'y'.repeat(65_000) });
    const shorter = toDocumentColumns({ description: 'short again' });

    const merged = { ...longer, ...shorter };

    expect(Object.keys(merged)).toContain('Doc2');
    expect(fromDocumentColumns(merged)).toEqual({ description: 'short again' });
  });

  it('given a row written before the column count existed, when it is read, then its consecutive columns make the document', () => {
    expect(fromDocumentColumns({ Doc0: '{"a":', Doc1: '1}' })).toEqual({ a: 1 });
  });

  it('given a row with no document or with a column missing, when it is read, then the error says which', () => {
    expect(() => fromDocumentColumns({ Status: 'new' })).toThrow(/DocColumns/);
    expect(() => fromDocumentColumns({ DocColumns: 2, Doc0: '{"a":' })).toThrow(/Doc1/);
  });
});
