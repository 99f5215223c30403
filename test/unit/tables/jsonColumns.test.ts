import { fromDocumentColumns, toDocumentColumns } from '../../../shared/adapters/tables/jsonColumns';

describe('documents spread over table columns', () => {
  it('given a document longer than one column holds, when it is written and read, then it comes back whole', () => {
    const document = { description: 'x'.repeat(70_000), note: 'ü'.repeat(10) };

    const columns = toDocumentColumns(document);

    expect(columns.DocColumns).toBe(3);
    expect(fromDocumentColumns(columns)).toEqual(document);
  });

  it('given an emoji where a column would end, when the document is spread, then no column ends or starts inside it', () => {
    // '{"text":"' is 9 characters: the emoji's two halves would sit at the 30,000th and 30,001st.
    const document = { text: `${'x'.repeat(30_000 - 9 - 1)}😀${'y'.repeat(10)}` };

    const columns = toDocumentColumns(document);

    const wellFormed = (text: string): boolean =>
      !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
    expect(columns.DocColumns).toBe(2);
    expect(wellFormed(String(columns.Doc0)) && wellFormed(String(columns.Doc1))).toBe(true);
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
