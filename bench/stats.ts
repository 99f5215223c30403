import type { Bench } from './types';

/** The middle value: robust against the odd slow run on a noisy machine. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Lets `npx tsx bench/<name>.bench.ts` run one benchmark alone and print its rows and figures. */
export function runStandalone(bench: Bench): void {
  bench
    .run()
    .then((result) => {
      for (const row of result.rows)
        console.log(`${row.metric}: ${row.value}${row.target ? ` (target ${row.target})` : ''}`);
      console.log(JSON.stringify(result.figures, null, 2));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
