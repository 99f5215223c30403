import { BoundedCache } from '../../../shared/caching/boundedCache';

describe('BoundedCache', () => {
  const options = { max: 3, maxMisses: 2, ttlMs: 60_000 };

  it('given more keys than its bound, when filled, then it keeps only the most recently used and loads the others again', async () => {
    const cache = new BoundedCache<string>(options);
    const loads: string[] = [];
    const load = (key: string) => cache.get(key, async () => (loads.push(key), `value of ${key}`));

    for (const key of ['a', 'b', 'c', 'd', 'e']) await load(key);
    await load('e');
    await load('a');

    expect(cache.entries).toEqual({ values: 3, misses: 0 });
    expect(loads).toEqual(['a', 'b', 'c', 'd', 'e', 'a']);
  });

  it('given many keys that load nothing, when asked, then they are remembered apart, within their own bound, and never push out values', async () => {
    const cache = new BoundedCache<string | undefined>(options);
    await cache.get('known', async () => 'value');

    for (let index = 0; index < 1_000; index += 1) await cache.get(`unknown-${index}`, async () => undefined);
    let loadedAgain = false;
    const known = await cache.get('known', async () => ((loadedAgain = true), 'reloaded'));

    expect(cache.entries).toEqual({ values: 1, misses: 2 });
    expect(known).toBe('value');
    expect(loadedAgain).toBe(false);
  });

  it('given a load in flight, when the key is forgotten (a write), then the older value it loaded is not kept', async () => {
    const cache = new BoundedCache<string>(options);
    let finish: (value: string) => void = () => undefined;
    const inFlight = cache.get('k', () => new Promise<string>((resolve) => (finish = resolve)));

    cache.forget('k');
    finish('old');
    await inFlight;

    expect(await cache.get('k', async () => 'new')).toBe('new');
  });

  it('given a size bound, when a value larger than it is loaded, then it is served but not kept', async () => {
    const cache = new BoundedCache<string>({ ...options, maxSize: 10, sizeOf: (value) => value.length });

    await cache.get('big', async () => 'x'.repeat(50));
    await cache.get('small', async () => 'tiny');

    expect(cache.entries).toEqual({ values: 1, misses: 0 });
  });
});
