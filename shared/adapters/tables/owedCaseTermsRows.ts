import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import { owedCaseTermsSchema, type OwedCaseTerms } from '../../domain/caseTermsOutbox';
import { fromDocumentColumns, toDocumentColumns, type DocumentColumns } from './jsonColumns';
import { isStatus } from './restErrors';
import { rowKeysStartingWith } from './rowKeyRanges';

/*
 * An owed recompute of open cases' terms is a row next to the document whose change owes it, in the same partition, so
 * the document and the row are written in one entity-group transaction: RowKey caseTerms|{subject}|{changeId}, where
 * the subject is the customer's id (customers table) or `offering` (tenants table), holding the OwedCaseTerms as a
 * JSON document. A row per change: taking off what one send covered never takes off a later change's row.
 */
const owedRowPrefix = (subject: string): string => `caseTerms|${subject}|`;

/** The row that records `owed` next to the document of `subject` in partition `partitionKey`. */
export function owedCaseTermsRow(
  partitionKey: string,
  subject: string,
  owed: OwedCaseTerms,
): TableEntity<DocumentColumns> {
  return {
    partitionKey,
    rowKey: `${owedRowPrefix(subject)}${owed.change.changeId}`,
    ...toDocumentColumns(owed),
  };
}

/** The recomputes the subject's saved changes still owe, in one request (a RowKey range of the partition). */
export async function readOwedCaseTerms(
  table: TableClient,
  partitionKey: string,
  subject: string,
): Promise<OwedCaseTerms[]> {
  const filter = `${odata`PartitionKey eq ${partitionKey}`} and ${rowKeysStartingWith(owedRowPrefix(subject))}`;
  const owed: OwedCaseTerms[] = [];
  for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
    owed.push(owedCaseTermsSchema.parse(fromDocumentColumns(row)));
  }
  return owed;
}

/** Takes off the subject's owed recomputes of these changes; one already taken off is fine. */
export async function settleOwedCaseTerms(
  table: TableClient,
  partitionKey: string,
  subject: string,
  changeIds: readonly string[],
): Promise<void> {
  await Promise.all(
    changeIds.map(async (changeId) => {
      try {
        await table.deleteEntity(partitionKey, `${owedRowPrefix(subject)}${changeId}`);
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
    }),
  );
}
