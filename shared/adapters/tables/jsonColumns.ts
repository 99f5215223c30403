/**
 * Table Storage caps a string property at 32K UTF-16 characters, so a document is spread over numbered
 * columns (Doc0, Doc1, ...) and joined again on read. An entity still may not exceed 1 MiB in total.
 * DocColumns says how many columns the current document uses: a row updated by merge keeps the columns of a longer
 * earlier version, and those must not be read.
 */
const columnLength = 30000;
const columnPrefix = 'Doc';
const countColumn = 'DocColumns';

export type DocumentColumns = Record<string, string | number>;

/** Whether a UTF-16 code unit is the first half of a surrogate pair (an emoji, a rare CJK character). */
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

export function toDocumentColumns(document: unknown): DocumentColumns {
  return toJsonColumns(JSON.stringify(document));
}

/** The columns of a document already serialised to JSON (see toDocumentColumns). */
export function toJsonColumns(json: string): DocumentColumns {
  const parts: string[] = [];
  for (let start = 0; start < json.length || parts.length === 0;) {
    let end = Math.min(json.length, start + columnLength);
    // A column never ends inside a surrogate pair: each holds well-formed text, which storage keeps as it is.
    if (end < json.length && isHighSurrogate(json.charCodeAt(end - 1))) end -= 1;
    parts.push(json.slice(start, end));
    start = end;
  }
  const columns: DocumentColumns = { [countColumn]: parts.length };
  parts.forEach((part, index) => (columns[`${columnPrefix}${index}`] = part));
  return columns;
}

/** Rows written before DocColumns existed (a developer's local Azurite data) were always replaced whole. */
function consecutiveColumns(entity: Record<string, unknown>): number {
  let count = 0;
  while (typeof entity[`${columnPrefix}${count}`] === 'string') count += 1;
  return count;
}

export function fromDocumentColumns(entity: Record<string, unknown>): unknown {
  const count = entity[countColumn] ?? consecutiveColumns(entity);
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new Error(
      `A document row needs a positive whole ${countColumn} and its columns, not ${JSON.stringify(count)}`,
    );
  }
  let json = '';
  for (let index = 0; index < count; index += 1) {
    const column = entity[`${columnPrefix}${index}`];
    if (typeof column !== 'string') throw new Error(`A document row lacks its column ${columnPrefix}${index}`);
    json += column;
  }
  return JSON.parse(json);
}
