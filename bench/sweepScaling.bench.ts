import { performance } from 'node:perf_hooks';
import { TableCaseShares } from '../shared/adapters/tables/tableCaseShares';
import { TableCaseStore } from '../shared/adapters/tables/tableCaseStore';
import { ensureTables, tableClientFactory, TableRequestCounter } from '../shared/adapters/tables/tableClients';
import { TableSlaDueIndex } from '../shared/adapters/tables/tableSlaDueIndex';
import { TableTenantDirectory } from '../shared/adapters/tables/tableTenantDirectory';
import type { SupportCase } from '../shared/domain/case';
import type { TenantDirectory } from '../shared/ports/tenantDirectory';
import { serviceHoursFor } from '../shared/domain/caseSla';
import { defaultSupportOffering } from '../shared/domain/offering';
import { enforcementDueAt } from '../shared/domain/slaEnforcement';
import { sweepDueCases, type SlaEnforcementDesk } from '../shared/services/slaEnforcement';
import { startAzurite, type RunningAzurite } from '../scripts/azurite';
import { freePort } from '../scripts/freePort';
import { openCase, seedOpenCases } from './sweepScaling/seed';
import { median, runStandalone } from './stats';
import type { Bench, BenchResult, BenchRow } from './types';

/*
 * Sweep time with 1,000 and with 100,000 open cases on a desk of 1,000 partner tenants, the same 100 cases due in
 * both. Each size has its own in-memory Azurite, and the sweeps alternate between the two, so load from other
 * processes on the machine affects both sizes alike. Every open case is a real case row and a real due-time index
 * entry. Cases are severity B outside any plan in the sample offering: first response within 600 business minutes,
 * resolution within 6,000, Berlin office hours; "now" is a Monday 11:30 in Berlin.
 * - The 100 due cases were opened on Friday and never answered: their first-response warning went out this morning,
 *   and the breach fell due 20 seconds ago. Before each measured sweep they are put back into that state and the
 *   sweep checkpoint into the previous minute, as if the sweep had run a minute earlier. The tenants' offerings are
 *   read again, as they are a minute after the previous sweep (each instance keeps them 30 seconds).
 * - The others were opened during the last week (mostly in office hours) and answered, so each falls due at its
 *   resolution warning, days ahead.
 */
const now = new Date('2030-01-07T10:30:00Z');
const dueCount = 100;
const smallOpen = 1_000;
const largeOpen = Number(process.env.BENCH_SWEEP_OPEN_CASES ?? 100_000);
const rounds = Number(process.env.BENCH_SWEEP_ROUNDS ?? 15);
const warmUpSweeps = 5;
const tenantCount = 1_000;
const sweepIntervalSeconds = 60;
const minute = 60_000;
const weekMinutes = 7 * 24 * 60;
const previousSweep = new Date(now.getTime() - minute);

const tenantOf = (index: number): string => `bench-tenant-${String(index % tenantCount).padStart(4, '0')}`;

/** Opened on Friday 11:29:40 Berlin: 600 business minutes end 20 seconds before "now"; the warning went out at 08:59:40. */
function dueCases(): SupportCase[] {
  const openedAt = new Date('2030-01-04T10:29:40Z');
  const afterWarning = new Date('2030-01-07T09:00:00Z');
  const cases = Array.from({ length: dueCount }, (_, index) =>
    openCase(
      { tenantId: tenantOf(index), sequence: index + 1, openedAt, evaluatedAt: afterWarning },
      defaultSupportOffering(),
    ),
  );
  const dueAt = Date.parse(enforcementDueAt(cases[0]!) ?? '');
  if (!(dueAt > previousSweep.getTime() && dueAt <= now.getTime()))
    throw new Error(`the due cases fall due at ${new Date(dueAt).toISOString()}, not within the last minute`);
  return cases;
}

const officeHours = serviceHoursFor(defaultSupportOffering().services.azure.serviceHours);
const weekAgo = now.getTime() - weekMinutes * minute;
const officeMinutesThisWeek = Math.floor(officeHours.businessMinutesBetween(weekAgo, now.getTime()));

/** Opened during the last week, most in office hours and one in twenty at night or over the weekend, answered 20 minutes later. */
function notDueCases(from: number, to: number): SupportCase[] {
  return Array.from({ length: to - from }, (_, offset) => {
    const index = from + offset;
    const scatter = (index * 7919) % weekMinutes;
    const openedAt = new Date(
      index % 20 === 0
        ? now.getTime() - (scatter + 1) * minute
        : officeHours.addBusinessMinutes(weekAgo, scatter % officeMinutesThisWeek),
    );
    const answeredAt = new Date(Math.min(openedAt.getTime() + 20 * minute, now.getTime()));
    return openCase(
      { tenantId: tenantOf(index), sequence: index + 1, openedAt, answeredAt, evaluatedAt: now },
      defaultSupportOffering(),
    );
  });
}

interface BenchDesk extends SlaEnforcementDesk {
  tableRequests: TableRequestCounter;
  seed(cases: readonly SupportCase[]): Promise<void>;
  /** A tenant directory with nothing cached, as a sweep a minute after the previous one finds it (offerings stay 30 s). */
  freshTenants(): TenantDirectory;
}

/** The parts of the desk a sweep uses, on one Azurite; deadline and escalation messages are dropped. */
async function deskOn(azurite: RunningAzurite): Promise<BenchDesk> {
  const tableRequests = new TableRequestCounter();
  const tables = tableClientFactory(
    { kind: 'connectionString', connectionString: azurite.connectionString },
    tableRequests,
  );
  await ensureTables(tables);
  return {
    clock: { now: () => now },
    cases: new TableCaseStore(tables),
    tenants: new TableTenantDirectory(tables),
    slaDue: new TableSlaDueIndex(tables, { now: () => now }),
    caseShares: new TableCaseShares(tables),
    publisher: { publish: async () => undefined },
    tableRequests,
    seed: (cases) => seedOpenCases(tables, cases, now),
    freshTenants: () => new TableTenantDirectory(tables),
  };
}

/** Puts the due cases back as they were before a sweep acted on them, index entries and sweep checkpoint included. */
async function markDueAgain(desk: BenchDesk, originals: readonly SupportCase[]): Promise<void> {
  await desk.slaDue.markSweptUntil(previousSweep);
  await Promise.all(
    originals.map(async (original) => {
      const current = await desk.cases.get(original.tenantId, original.id);
      if (!current) throw new Error(`case ${original.id} vanished`);
      const saved = await desk.cases.update(current, original, []);
      if (saved.kind !== 'saved') throw new Error(`case ${original.id} changed while the bench reset it`);
      await desk.slaDue.move(
        original.tenantId,
        original.id,
        enforcementDueAt(current.supportCase),
        enforcementDueAt(original),
      );
    }),
  );
}

/**
 * The reset is the bench's own burst of writes, not the desk's: each sweep starts after this pause, as a sweep does in
 * production (one a minute), so neither Azurite is still collecting the reset's garbage while the sweep is timed.
 */
const settleMs = 300;

/** One sweep over freshly re-marked due cases: its time and how many Table Storage requests it sent. */
async function sweepOnce(desk: BenchDesk, due: readonly SupportCase[]): Promise<{ ms: number; requests: number }> {
  await markDueAgain(desk, due);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  desk.tableRequests.reset();
  const started = performance.now();
  const report = await sweepDueCases({ ...desk, tenants: desk.freshTenants() });
  const ms = performance.now() - started;
  if (report.due !== dueCount || report.changed !== dueCount || report.failures.length > 0) {
    throw new Error(
      `a sweep should act on exactly the ${dueCount} due cases: ${JSON.stringify({ ...report, failures: report.failures.slice(0, 3) })}`,
    );
  }
  return { ms, requests: desk.tableRequests.requests };
}

async function run(): Promise<BenchResult> {
  const [smallAzurite, largeAzurite] = await Promise.all([
    startAzurite({ port: await freePort() }),
    startAzurite({ port: await freePort() }),
  ]);
  try {
    const [small, large] = await Promise.all([deskOn(smallAzurite), deskOn(largeAzurite)]);
    const due = dueCases();
    const firstThousand = [...due, ...notDueCases(dueCount, smallOpen)];

    await small.seed(firstThousand);
    const seedStarted = performance.now();
    await large.seed([...firstThousand, ...notDueCases(smallOpen, largeOpen)]);
    const largeSeedSeconds = (performance.now() - seedStarted) / 1000;
    const probe = await large.cases.get(due[0]!.tenantId, due[0]!.id);
    if (probe?.supportCase.id !== due[0]!.id) throw new Error('seeded case rows no longer match the case store layout');

    // A few sweeps each warm the offering caches and both Azurite processes; then the sizes take turns, each going first
    // every other round.
    for (let warmUp = 0; warmUp < warmUpSweeps; warmUp += 1) {
      await sweepOnce(small, due);
      await sweepOnce(large, due);
    }
    const times = { small: [] as number[], large: [] as number[] };
    const requests = { small: 0, large: 0 };
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const);
      for (const size of order) {
        const measured = await sweepOnce(size === 'small' ? small : large, due);
        times[size].push(measured.ms);
        requests[size] = measured.requests;
      }
    }

    const smallMs = median(times.small);
    const largeMs = median(times.large);
    const ratio = largeMs / smallMs;
    const actedWithin = sweepIntervalSeconds + Math.max(...times.large) / 1000;
    const label = (open: number): string => `${open.toLocaleString('en-US')} open`;
    const rows: BenchRow[] = [
      {
        benchmark: 'sweepScaling',
        metric: `sweep ms, ${label(smallOpen)}, ${dueCount} due (median of ${rounds})`,
        value: smallMs.toFixed(1),
      },
      {
        benchmark: 'sweepScaling',
        metric: `sweep ms, ${label(largeOpen)}, ${dueCount} due (median of ${rounds})`,
        value: largeMs.toFixed(1),
      },
      { benchmark: 'sweepScaling', metric: 'sweepScaling100kVs1k', value: ratio.toFixed(2), target: '<= 1.5' },
      {
        benchmark: 'sweepScaling',
        metric: `table requests per sweep, ${label(smallOpen)} / ${label(largeOpen)}`,
        value: `${requests.small} / ${requests.large}`,
      },
      {
        benchmark: 'sweepScaling',
        metric: 'slaBreachActedWithinSeconds (worst case, sweep alone: interval + slowest sweep)',
        value: actedWithin.toFixed(1),
        target: '<= 120',
      },
      { benchmark: 'sweepScaling', metric: `seeding s (${label(largeOpen)})`, value: largeSeedSeconds.toFixed(1) },
    ];
    return {
      rows,
      figures: {
        sweepScaling100kVs1k: Number(ratio.toFixed(3)),
        slaBreachActedWithinSeconds: Number(actedWithin.toFixed(1)),
        sweepScaling: {
          dueCases: dueCount,
          tenants: tenantCount,
          rounds,
          openCases: { small: smallOpen, large: largeOpen },
          sweepMedianMs: { small: Number(smallMs.toFixed(1)), large: Number(largeMs.toFixed(1)) },
          sweepMs: {
            small: times.small.map((ms) => Number(ms.toFixed(1))),
            large: times.large.map((ms) => Number(ms.toFixed(1))),
          },
          tableRequestsPerSweep: requests,
          largeSeedingSeconds: Number(largeSeedSeconds.toFixed(1)),
          slaBreachActedWithin:
            'worst case through the sweep alone: the sweep interval plus the slowest measured sweep; the deadline message scheduled for the exact due instant usually acts within a second',
        },
      },
    };
  } finally {
    await Promise.all([smallAzurite.stop(), largeAzurite.stop()]);
  }
}

export const sweepScalingBench: Bench = { name: 'sweepScaling', run };

if (require.main === module) runStandalone(sweepScalingBench);
