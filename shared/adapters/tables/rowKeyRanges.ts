import { odata } from '@azure/data-tables';

/**
 * The first key after every key that starts with `prefix`: the prefix with its last character's successor
 * (`q|assignee:` ends before `q|assignee;`), so a range holds its keys whatever characters follow the prefix. (`~` is
 * no such bound: an assignee a correction set may start with `~`, or with a letter beyond ASCII.)
 */
export function prefixEnd(prefix: string): string {
  return `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
}

/** The OData condition on the row keys that start with `prefix` (a RowKey range of one partition). */
export const rowKeysStartingWith = (prefix: string): string =>
  odata`RowKey gt ${prefix} and RowKey lt ${prefixEnd(prefix)}`;
