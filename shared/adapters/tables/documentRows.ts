import type { TableClient } from '@azure/data-tables';
import type { z } from 'zod';
import { fromDocumentColumns, toDocumentColumns } from './jsonColumns';
import { isStatus } from './restErrors';

/** Reads one row holding a JSON document and validates it; undefined when the row does not exist. */
export async function readDocument<Schema extends z.ZodType>(
  table: TableClient,
  partitionKey: string,
  rowKey: string,
  schema: Schema,
): Promise<z.infer<Schema> | undefined> {
  try {
    const entity = await table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    return schema.parse(fromDocumentColumns(entity));
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

export async function writeDocument(
  table: TableClient,
  partitionKey: string,
  rowKey: string,
  document: unknown,
  extraColumns: Record<string, string | number | boolean> = {},
): Promise<void> {
  await table.upsertEntity({ partitionKey, rowKey, ...extraColumns, ...toDocumentColumns(document) }, 'Replace');
}
