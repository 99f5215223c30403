/** One line of the readable table that `npm run bench` prints. */
export interface BenchRow {
  benchmark: string;
  metric: string;
  value: string;
  target?: string;
}

/** What every bench module returns: rows for people, figures (under the issues' key names) for machines. */
export interface BenchResult {
  rows: BenchRow[];
  figures: Record<string, unknown>;
}

export interface Bench {
  name: string;
  run(): Promise<BenchResult>;
}
