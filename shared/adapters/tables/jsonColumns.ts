/**
 * Table Storage caps a string property at 32K UTF-16 characters, so a document is spread over numbered
 * columns (Doc0, Doc1, ...) and joined again on read. An entity still may not exceed 1 MiB in total.
 */
const columnLength = 30000;
const columnPrefix = 'Doc';

export type DocumentColumns = Record<string, string>;

export function toDocumentColumns(document: unknown): DocumentColumns {
  const json = JSON.stringify(document);
  const columns: DocumentColumns = {};
  for (let index = 0; index * columnLength < json.length || index === 0; index += 1) {
    columns[`${columnPrefix}${index}`] = json.slice(index * columnLength, (index + 1) * columnLength);
  }
  return columns;
}

export function fromDocumentColumns(entity: Record<string, unknown>): unknown {
  let json = '';
  for (let index = 0; typeof entity[`${columnPrefix}${index}`] === 'string'; index += 1) {
    json += entity[`${columnPrefix}${index}`] as string;
  }
  return JSON.parse(json);
}
