import { performance } from 'node:perf_hooks';
import { ensureTables } from '../shared/adapters/tables/tableClients';
import { configureDesk, currentDesk, type Desk } from '../shared/composition';
import type { SupportCase } from '../shared/domain/case';
import { defaultSupportOffering } from '../shared/domain/offering';
import { enforcementDueAt } from '../shared/domain/slaEnforcement';
import type { MessagePublisher } from '../shared/ports/messagePublisher';
import { sweepDueCases } from '../shared/services/slaEnforcement';
import { startAzurite } from '../scripts/azurite';
import { freePort } from '../scripts/freePort';
import { openCase, seedOpenCases } from './sweepScaling/seed';
import type { Bench, BenchResult, BenchRow } from './types';

/*
 * Sweep time against a real Azurite with 1,000 and then 100,000 open cases of one desk (100 partner tenants), the same
 * 100 of them due. Every open case is a real case row and a real due-time index entry. The others were opened over
 * the last week and answered, so each falls due when its resolution warning comes, spread over the days ahead. Between
 * measured sweeps the same 100 are put back to their due state. Cases are severity B outside any plan in the sample
 * offering (first response within 600 business minutes, resolution within 6,000, Berlin office hours); "now" is a
 * Monday 11:00 in Berlin.
 */
const now = new Date('2030-01-07T10:00:00Z');
const dueCount = 100;
const smallOpen = 1_000;
const largeOpen = Number(process.env.BENCH_SWEEP_OPEN_CASES ?? 100_000);
const rounds = Number(process.env.BENCH_SWEEP_ROUNDS ?? 7);
const tenantCount = 100;
const sweepIntervalSeconds = 60;
const minute = 60_000;
const weekMinutes = 7 * 24 * 60;

const tenantOf = (index: number): string => `bench-tenant-${String(index % tenantCount).padStart(3, '0')}`;

/** Opened on Friday morning and never answered: the first response breached this morning, before "now". */
function dueCases(): SupportCase[] {
  const openedAt = new Date('2030-01-04T08:00:00Z');
  return Array.from({ length: dueCount }, (_, index) =>
    openCase({ tenantId: tenantOf(index), sequence: index + 1, openedAt, evaluatedAt: openedAt }, defaultSupportOffering),
  );
}

/** Opened at scattered minutes of the last week and answered 20 minutes later; due when their resolution warning comes. */
function notDueCases(from: number, to: number): SupportCase[] {
  return Array.from({ length: to - from }, (_, offset) => {
    const index = from + offset;
    const openedAt = new Date(now.getTime() - ((index * 7919) % weekMinutes) * minute - minute);
    const answeredAt = new Date(Math.min(openedAt.getTime() + 20 * minute, now.getTime()));
    return openCase({ tenantId: tenantOf(index), sequence: index + 1, openedAt, answeredAt, evaluatedAt: now }, defaultSupportOffering);
  });
}

const discardingPublisher: MessagePublisher = { publish: async () => undefined };

/** Puts the due cases back as they were before a sweep acted on them, index entries included. */
async function markDueAgain(desk: Desk, originals: readonly SupportCase[]): Promise<void> {
  await Promise.all(
    originals.map(async (original) => {
      const current = await desk.cases.get(original.tenantId, original.id);
      if (!current) throw new Error(`case ${original.id} vanished`);
      const saved = await desk.cases.update(current, original, []);
      if (saved.kind !== 'saved') throw new Error(`case ${original.id} changed while the bench reset it`);
      await desk.slaDue.move(original.tenantId, original.id, enforcementDueAt(current.supportCase), enforcementDueAt(original));
    }),
  );
}

interface SweepTimes {
  medianMs: number;
  maxMs: number;
  tableRequests: number;
}

async function measureSweeps(desk: Desk, due: readonly SupportCase[]): Promise<SweepTimes> {
  const times: number[] = [];
  let tableRequests = 0;
  // The first sweep warms the per-instance offering cache; it is not counted.
  for (let round = 0; round <= rounds; round += 1) {
    await markDueAgain(desk, due);
    desk.tableRequests.reset();
    const started = performance.now();
    const report = await sweepDueCases(desk);
    const elapsed = performance.now() - started;
    if (report.due !== dueCount || report.changed !== dueCount || report.failures.length > 0) {
      throw new Error(`a sweep should act on exactly the ${dueCount} due cases: ${JSON.stringify({ ...report, failures: report.failures.slice(0, 3) })}`);
    }
    if (round > 0) {
      times.push(elapsed);
      tableRequests = desk.tableRequests.requests;
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)] as number, maxMs: sorted[sorted.length - 1] as number, tableRequests };
}

async function run(): Promise<BenchResult> {
  const azurite = await startAzurite({ port: await freePort() });
  process.env.CaseStorage = azurite.connectionString;
  process.env.MESSAGING_TRANSPORT = 'inProcess';
  configureDesk({ clock: { now: () => now }, publisher: discardingPublisher });
  try {
    const desk = currentDesk();
    await ensureTables(desk.tables);
    const tables = { cases: desk.tables('cases'), slaDue: desk.tables('slaDue') };
    const due = dueCases();

    let seedStarted = performance.now();
    await seedOpenCases(tables, [...due, ...notDueCases(dueCount, smallOpen)]);
    const smallSeedSeconds = (performance.now() - seedStarted) / 1000;
    const probe = await desk.cases.get(due[0]!.tenantId, due[0]!.id);
    if (probe?.supportCase.id !== due[0]!.id) throw new Error('seeded case rows no longer match the case store layout');
    const small = await measureSweeps(desk, due);

    seedStarted = performance.now();
    await seedOpenCases(tables, notDueCases(smallOpen, largeOpen));
    const largeSeedSeconds = (performance.now() - seedStarted) / 1000;
    const large = await measureSweeps(desk, due);

    const ratio = large.medianMs / small.medianMs;
    const actedWithin = sweepIntervalSeconds + large.maxMs / 1000;
    const label = (open: number): string => `${open.toLocaleString('en-US')} open`;
    const rows: BenchRow[] = [
      { benchmark: 'sweepScaling', metric: `sweep ms, ${label(smallOpen)}, ${dueCount} due (median of ${rounds})`, value: small.medianMs.toFixed(1) },
      { benchmark: 'sweepScaling', metric: `sweep ms, ${label(largeOpen)}, ${dueCount} due (median of ${rounds})`, value: large.medianMs.toFixed(1) },
      { benchmark: 'sweepScaling', metric: 'sweepScaling100kVs1k', value: ratio.toFixed(2), target: '<= 1.5' },
      { benchmark: 'sweepScaling', metric: `table requests per sweep, ${label(smallOpen)} / ${label(largeOpen)}`, value: `${small.tableRequests} / ${large.tableRequests}` },
      { benchmark: 'sweepScaling', metric: 'slaBreachActedWithinSeconds (worst case, sweep alone: interval + slowest sweep)', value: actedWithin.toFixed(1), target: '<= 120' },
      { benchmark: 'sweepScaling', metric: `seeding s (${label(smallOpen)} / +${(largeOpen - smallOpen).toLocaleString('en-US')})`, value: `${smallSeedSeconds.toFixed(1)} / ${largeSeedSeconds.toFixed(1)}` },
    ];
    return {
      rows,
      figures: {
        sweepScaling100kVs1k: Number(ratio.toFixed(3)),
        slaBreachActedWithinSeconds: Number(actedWithin.toFixed(1)),
        sweepScaling: {
          dueCases: dueCount,
          rounds,
          openCases: { small: smallOpen, large: largeOpen },
          sweepMedianMs: { small: Number(small.medianMs.toFixed(1)), large: Number(large.medianMs.toFixed(1)) },
          sweepMaxMs: { small: Number(small.maxMs.toFixed(1)), large: Number(large.maxMs.toFixed(1)) },
          tableRequestsPerSweep: { small: small.tableRequests, large: large.tableRequests },
          seedingSeconds: { small: Number(smallSeedSeconds.toFixed(1)), large: Number(largeSeedSeconds.toFixed(1)) },
          slaBreachActedWithin: 'worst case through the sweep alone: the sweep interval plus the slowest measured sweep; the deadline message scheduled for the exact due instant usually acts within a second',
        },
      },
    };
  } finally {
    await azurite.stop();
  }
}

export const sweepScalingBench: Bench = { name: 'sweepScaling', run };

if (require.main === module) {
  run()
    .then((result) => {
      for (const row of result.rows) console.log(`${row.metric}: ${row.value}${row.target ? ` (target ${row.target})` : ''}`);
      console.log(JSON.stringify(result.figures, null, 2));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
