import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bench, BenchRow } from './types';
import { benches } from './benches';

function printTable(rows: BenchRow[]): void {
  const headers: BenchRow = { benchmark: 'benchmark', metric: 'metric', value: 'value', target: 'target' };
  const all = [headers, ...rows];
  const width = (key: keyof BenchRow): number => Math.max(...all.map((row) => (row[key] ?? '').length));
  const line = (row: BenchRow): string =>
    (['benchmark', 'metric', 'value', 'target'] as const).map((key) => (row[key] ?? '').padEnd(width(key))).join('  ');
  console.log(line(headers));
  console.log('-'.repeat(line(headers).length));
  rows.forEach((row) => console.log(line(row)));
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const selected: Bench[] = only.length ? benches.filter((b) => only.includes(b.name)) : benches;
  const rows: BenchRow[] = [];
  const figures: Record<string, unknown> = {};
  for (const bench of selected) {
    console.error(`running ${bench.name} ...`);
    const result = await bench.run();
    rows.push(...result.rows);
    Object.assign(figures, result.figures);
  }
  printTable(rows);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(figures, null, 2) + '\n');
  console.log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
