import { LRUCache } from 'lru-cache';

export interface BoundedCacheOptions<V> {
  /** At most this many values; the least recently used goes first. */
  max: number;
  /**
   * At most this many keys whose load found nothing (undefined), kept apart from the values: a stream of unknown keys
   * (an anonymous caller trying ids) then never pushes the known ones out. 0 remembers no misses.
   */
  maxMisses: number;
  /** How long a value or a miss is served before it is loaded again. */
  ttlMs: number;
  /** With `sizeOf`: at most this much in total, e.g. characters of JSON; a larger single value is not kept. */
  maxSize?: number;
  /** The size of one value, for `maxSize`. */
  sizeOf?: (value: V) => number;
}

/**
 * A read-through cache of one instance, bounded in entries (and, with `sizeOf`, in size) and in age. A load that
 * started before `forget` is not stored, so a write on this instance is never followed by the older value it replaced;
 * other instances see the write when their entry expires.
 */
export class BoundedCache<V> {
  private readonly values: LRUCache<string, { value: V }>;
  private readonly misses: LRUCache<string, true> | undefined;
  private generation = 0;

  constructor(readonly options: BoundedCacheOptions<V>) {
    const { max, maxMisses, ttlMs, maxSize, sizeOf } = options;
    this.values = new LRUCache<string, { value: V }>({
      max,
      ttl: ttlMs,
      ...(maxSize !== undefined && sizeOf
        ? { maxSize, sizeCalculation: ({ value }) => Math.max(1, Math.ceil(sizeOf(value))) }
        : {}),
    });
    this.misses = maxMisses > 0 ? new LRUCache<string, true>({ max: maxMisses, ttl: ttlMs }) : undefined;
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.values.get(key);
    if (hit) return hit.value;
    // A remembered miss: the load answered undefined, so V includes undefined.
    if (this.misses?.has(key)) return undefined as V;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) {
      if (value === undefined) this.misses?.set(key, true);
      else this.values.set(key, { value });
    }
    return value;
  }

  forget(key: string): void {
    this.generation += 1;
    this.values.delete(key);
    this.misses?.delete(key);
  }

  /** How many values and misses are kept now. */
  get entries(): { values: number; misses: number } {
    return { values: this.values.size, misses: this.misses?.size ?? 0 };
  }
}
