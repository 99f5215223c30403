import {
  CaseNumberAllocator,
  defaultBlockSizing,
  nextBlockSize,
  type ReservedBlock,
  type ReserveNumbers,
} from '../../shared/domain/caseNumber';
import { DeskError } from '../../shared/errors';

/** A counter row in memory: each reservation takes the next `size` numbers, as the table store does. */
function counter(options: { contendedFirst?: boolean } = {}): { reserve: ReserveNumbers; sizes: number[] } {
  let last = 0;
  const sizes: number[] = [];
  const reserve = async (_tenantId: string, size: number): Promise<ReservedBlock> => {
    await new Promise((resolve) => setImmediate(resolve));
    sizes.push(size);
    const block = { first: last + 1, last: last + size, contended: Boolean(options.contendedFirst) };
    last += size;
    return block;
  };
  return { reserve, sizes };
}

describe('case numbers from blocks', () => {
  it('given 64 creates waiting at once, when they take numbers, then a burst costs a couple of reservations and each number is handed out once', async () => {
    const { reserve, sizes } = counter();
    const numbers = new CaseNumberAllocator(reserve);

    const taken = await Promise.all(Array.from({ length: 64 }, () => numbers.take('t1')));

    expect([...taken].sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, index) => index + 1));
    expect(sizes.length).toBeLessThanOrEqual(2);
  });

  it('given tenants of their own, when they take numbers, then each tenant counts from its own block', async () => {
    const numbers = new CaseNumberAllocator(counter().reserve);
    const other = new CaseNumberAllocator(counter().reserve);

    expect([await numbers.take('t1'), await numbers.take('t1'), await other.take('t2')]).toEqual([1, 2, 1]);
  });

  it('given a number given back, when the next create takes one, then it gets the lowest number this instance holds', async () => {
    const numbers = new CaseNumberAllocator(counter().reserve);
    const [first, second] = [await numbers.take('t1'), await numbers.take('t1')];
    numbers.giveBack('t1', first);

    expect([await numbers.take('t1'), await numbers.take('t1')]).toEqual([first, second + 1]);
  });

  it('given a block discarded, when the next create takes one, then it comes from a new block', async () => {
    const { reserve, sizes } = counter();
    const numbers = new CaseNumberAllocator(reserve);
    await numbers.take('t1');
    numbers.discard('t1');

    expect(await numbers.take('t1')).toBe(defaultBlockSizing.initial + 1);
    expect(sizes).toHaveLength(2);
  });

  it('given blocks used up quickly or lost to another instance, when the next is reserved, then it doubles up to the maximum; slowly used ones halve', () => {
    const sizing = defaultBlockSizing;
    expect(nextBlockSize(sizing, 10, 0, 500, false)).toBe(20);
    expect(nextBlockSize(sizing, 10, 0, 10_000, true)).toBe(20);
    expect(nextBlockSize(sizing, 80, 0, 500, false)).toBe(sizing.max);
    expect(nextBlockSize(sizing, 10, 0, 10_000, false)).toBe(10);
    expect(nextBlockSize(sizing, 10, 0, 120_000, false)).toBe(sizing.min);
  });

  it('given contended reservations, when numbers keep being taken, then blocks grow', async () => {
    const { reserve, sizes } = counter({ contendedFirst: true });
    let now = 0;
    const numbers = new CaseNumberAllocator(reserve, defaultBlockSizing, () => (now += 10_000));

    for (let index = 0; index < 40; index += 1) await numbers.take('t1');

    expect(sizes.slice(0, 3)).toEqual([10, 20, 40]);
  });

  it('given storage that stays too busy, when creates wait for a block, then each of them gets the 503 and the next create tries again', async () => {
    let calls = 0;
    const numbers = new CaseNumberAllocator(async (_tenantId, size) => {
      calls += 1;
      if (calls === 1) throw new DeskError('serviceUnavailable', 'busy', { retryAfterSeconds: 5 });
      return { first: 1, last: size, contended: false };
    });

    const results = await Promise.allSettled(Array.from({ length: 3 }, () => numbers.take('t1')));

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await numbers.take('t1')).toBe(1);
  });
});
