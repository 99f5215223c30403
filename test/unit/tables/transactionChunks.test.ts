import type { TransactionAction } from '@azure/data-tables';
import { maxActionsPerTransaction, transactionChunks } from '../../../shared/adapters/tables/transactionChunks';

const put = (rowKey: string, characters: number): TransactionAction => [
  'upsert',
  { partitionKey: 'tenant', rowKey, Doc0: 'x'.repeat(characters) },
  'Merge',
];

describe("splitting a partition's actions into transactions Table Storage takes", () => {
  it('given 250 small actions, then transactions of 100, 100 and 50, in order', () => {
    const actions = Array.from({ length: 250 }, (_, index) => put(`row-${index}`, 10));

    const chunks = transactionChunks(actions);

    expect(chunks.map((chunk) => chunk.length)).toEqual([maxActionsPerTransaction, maxActionsPerTransaction, 50]);
    expect(chunks.flat()).toEqual(actions);
  });

  it('given actions whose entities add up to more than the 4 MiB payload, then each transaction stays under it', () => {
    const actions = Array.from({ length: 12 }, (_, index) => put(`row-${index}`, 900_000));

    const chunks = transactionChunks(actions);

    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks)
      expect(chunk.reduce((bytes, action) => bytes + JSON.stringify(action[1]).length, 0)).toBeLessThan(
        4 * 1024 * 1024,
      );
    expect(chunks.flat()).toEqual(actions);
  });

  it('given one action larger than the limit, then it has a transaction of its own', () => {
    const chunks = transactionChunks([put('small', 10), put('huge', 5_000_000), put('after', 10)]);

    expect(chunks.map((chunk) => chunk.map((action) => action[1].rowKey))).toEqual([['small'], ['huge'], ['after']]);
  });
});
