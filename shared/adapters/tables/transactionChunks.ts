import type { TransactionAction } from '@azure/data-tables';

/**
 * Table Storage takes at most 100 operations, with a payload of at most 4 MiB, in one entity group transaction
 * (https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions).
 */
export const maxActionsPerTransaction = 100;
/** What the entities of one transaction may add up to: the 4 MiB less room for the multipart envelope's headers. */
const maxEntityBytesPerTransaction = 3.5 * 1024 * 1024;
/** The headers and boundaries one operation adds to the payload, generously. */
const envelopeBytesPerAction = 1024;

const bytesOf = (action: TransactionAction): number =>
  Buffer.byteLength(JSON.stringify(action[1]), 'utf8') + envelopeBytesPerAction;

/**
 * Splits the actions of one partition into transactions Table Storage takes: at most 100 each and within the payload
 * limit, in order. A single action over the limit gets a transaction of its own (and storage answers for it).
 */
export function transactionChunks(actions: readonly TransactionAction[]): TransactionAction[][] {
  const result: TransactionAction[][] = [];
  let chunk: TransactionAction[] = [];
  let bytes = 0;
  for (const action of actions) {
    const size = bytesOf(action);
    if (
      chunk.length > 0 &&
      (chunk.length === maxActionsPerTransaction || bytes + size > maxEntityBytesPerTransaction)
    ) {
      result.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(action);
    bytes += size;
  }
  if (chunk.length > 0) result.push(chunk);
  return result;
}
