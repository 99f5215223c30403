/** One addBusinessMinutes question: which calendar, from when, how many business minutes. */
export interface BenchInput {
  readonly calendarIndex: number;
  readonly start: number;
  readonly minutes: number;
}

/** mulberry32: a tiny deterministic PRNG, so every run asks the same questions. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const RANGE_START = Date.UTC(2024, 0, 1);
const RANGE_END = Date.UTC(2026, 11, 1);
const MINUTE = 60_000;

/**
 * Starts are whole minutes between 2024-01 and 2026-11 (the peers count in whole minutes); amounts are
 * 1-480 minutes (response targets) for 70% and up to 4,800 (resolution targets) for the rest.
 */
export function generateInputs(count: number, calendarCount: number, seed = 20_240_601): BenchInput[] {
  const random = seededRandom(seed);
  const minuteSlots = (RANGE_END - RANGE_START) / MINUTE;
  const inputs: BenchInput[] = [];
  for (let i = 0; i < count; i++) {
    const calendarIndex = Math.floor(random() * calendarCount);
    const start = RANGE_START + Math.floor(random() * minuteSlots) * MINUTE;
    const minutes = random() < 0.7 ? 1 + Math.floor(random() * 480) : 481 + Math.floor(random() * 4_320);
    inputs.push({ calendarIndex, start, minutes });
  }
  return inputs;
}
