import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TableClient, TableEntity, TransactionAction } from '@azure/data-tables';
import { duplicateIndexDayOf, duplicateIndexRows } from '../shared/adapters/tables/duplicateIndex';
import { toCaseEntity } from '../shared/adapters/tables/tableCaseStore';
import { ensureTables } from '../shared/adapters/tables/tableClients';
import { systemClock } from '../shared/adapters/systemClock';
import { configureDesk, currentDesk, type Desk } from '../shared/composition';
import type { Principal } from '../shared/domain/apiKey';
import type { SupportCase } from '../shared/domain/case';
import { formatCaseNumber } from '../shared/domain/caseNumber';
import { newCaseRequestSchema } from '../shared/domain/newCase';
import { settingNames } from '../shared/resourceNames';
import { enrichCase } from '../shared/services/caseEnrichment';
import { openCase } from '../shared/services/caseIntake';
import { triageCase } from '../shared/services/caseTriage';
import { newCaseId } from '../shared/services/ids';
import { startAzurite } from '../scripts/azurite';
import { freePort } from '../scripts/freePort';
import { applySettingsFile } from '../scripts/localSettings';
import { benchCustomers, caseSubjects, seedBenchTenant, type BenchCustomer } from './intakeThroughput/workload';
import { median, runStandalone } from './stats';
import type { Bench, BenchResult, BenchRow } from './types';

/*
 * What enriching one case costs when its tenant opened 100 cases in the last 24 hours, and when it opened 5,000: the
 * real enrichment service (shared/services/caseEnrichment.ts, as the enrichCase function calls it) on a case that the
 * real intake and triage services just opened and triaged, against Azurite.
 * - Both tenants live in one Azurite, as on one desk. (Azurite answers every query by scanning the whole table, so
 *   giving each tenant an Azurite of its own would charge the larger tenant for the emulator's scans, not for what the
 *   app reads.) A third tenant holds one case per customer taken through intake, triage and enrichment for real; the
 *   seeded cases are copies of those enriched documents, with their own ids, numbers, titles and opening times spread
 *   over the last 23 hours, written straight into the case table and the duplicate index's day tables a hundred rows
 *   per transaction, in TableCaseStore's layout. Their timelines are left out, as in the sweep benchmark's seed: enrichment never reads another case's
 *   timeline, and Azurite up to 3.36 checked each inserted row against every row of its partition, so seeding the
 *   ~30,000 timeline rows took 90 s instead of a few.
 * - The cases are spread over 20 customers and 20 subjects. The measured cases are all for the first customer, on a
 *   subject the seeded cases have only twice per tenant, so duplicate detection finds the same few in both tenants.
 * - Each round opens and triages a fresh case in each tenant and times its enrichment alone; the tenants take turns,
 *   each going first every other round. BENCH_ENRICH_ROUNDS (7) rounds after 2 warm-up rounds; the medians are compared.
 */
const rounds = Number(process.env.BENCH_ENRICH_ROUNDS ?? 7);
const warmUpRounds = 2;
const smallCount = 100;
const largeCount = Number(process.env.BENCH_ENRICH_LARGE_CASES ?? 5_000);
const customers = benchCustomers.slice(0, 20);
const hour = 60 * 60 * 1000;
const seedSpanMs = 23 * hour;
/** Entity group transactions hold at most 100 operations, all in one partition. */
const batchSize = 100;
const settleMs = 100;
const root = join(__dirname, '..');

const measured = {
  title: 'Exchange transport rule bounces partner invoices',
  description: 'Since the new transport rule went live, invoices from our partners bounce with a policy error.',
  product: 'microsoft365' as const,
};

const portalRequest = (
  customer: BenchCustomer,
  subject: { title: string; description: string; product: 'azure' | 'dynamics365' | 'microsoft365' },
) =>
  newCaseRequestSchema.parse({
    title: subject.title,
    description: subject.description,
    product: subject.product,
    customer: { tenantId: customer.tenantId, name: customer.name },
    contact: { name: 'Ann Example', email: `ann@${customer.domain}` },
  });

const portal = (tenantId: string): Principal => ({ tenantId, role: 'portal', keyId: 'enrich-bench' });

/** Opens a case through the intake service and triages it: what the enrichment queue then hands to enrichCase. */
async function triagedCase(desk: Desk, tenantId: string, request: ReturnType<typeof portalRequest>): Promise<string> {
  const opened = await openCase(desk, portal(tenantId), request);
  await triageCase(desk, { tenantId, caseId: opened.supportCase.id });
  return opened.supportCase.id;
}

/** One enriched case per customer, taken through intake, triage and enrichment in a tenant of its own. */
async function templates(desk: Desk): Promise<SupportCase[]> {
  const tenantId = 'enrich-templates';
  await seedBenchTenant(desk, tenantId, customers);
  const made: SupportCase[] = [];
  for (const [index, customer] of customers.entries()) {
    const caseId = await triagedCase(
      desk,
      tenantId,
      portalRequest(customer, caseSubjects[index % caseSubjects.length]!),
    );
    const { supportCase } = await enrichCase(desk, { tenantId, caseId });
    if (supportCase.status !== 'enriched')
      throw new Error(`template case ${caseId} is ${supportCase.status}, not enriched`);
    made.push(supportCase);
  }
  return made;
}

/** The rows of `count` enriched cases of a tenant, opened over the 23 hours before `now`. */
/** Rows to seed, by table: the case rows, and the duplicate index rows by day table (TableCaseStore.create's layout). */
interface SeedRows {
  cases: TableEntity[];
  /** By day table, then by partition and row: a word's row holds an entry column per case filed under it. */
  indexByDay: Map<string, Map<string, TableEntity>>;
}

function seededRows(tenantId: string, count: number, from: SupportCase[], now: number): SeedRows {
  const rows: SeedRows = { cases: [], indexByDay: new Map() };
  const first = now - seedSpanMs;
  for (let index = 0; index < count; index += 1) {
    const template = from[index % from.length]!;
    const openedAt = new Date(first + Math.floor((index * seedSpanMs) / count)).toISOString();
    const id = newCaseId(new Date(openedAt));
    // Two cases per tenant on the measured subject for the measured customer (template 0), early in the day.
    const title =
      index === 0 || index === from.length
        ? measured.title
        : caseSubjects[Math.floor(index / from.length) % caseSubjects.length]!.title;
    const supportCase: SupportCase = {
      ...template,
      id,
      tenantId,
      caseNumber: formatCaseNumber(100_000 + index + 1),
      title,
      createdAt: openedAt,
      updatedAt: openedAt,
    };
    rows.cases.push(toCaseEntity(supportCase, 0));
    const day = duplicateIndexDayOf(supportCase);
    const dayRows = rows.indexByDay.get(day) ?? new Map<string, TableEntity>();
    for (const row of duplicateIndexRows(supportCase)) {
      const key = `${row.partitionKey}/${row.rowKey}`;
      dayRows.set(key, { ...dayRows.get(key), ...row });
    }
    rows.indexByDay.set(day, dayRows);
  }
  return rows;
}

async function seed(desk: Desk, rows: SeedRows, concurrency = 4): Promise<void> {
  const batches: Array<{ table: TableClient; actions: TransactionAction[] }> = [];
  // A transaction holds rows of one partition.
  const add = (table: TableClient, entities: readonly TableEntity[]): void => {
    const byPartition = new Map<string, TableEntity[]>();
    for (const row of entities) byPartition.set(row.partitionKey, [...(byPartition.get(row.partitionKey) ?? []), row]);
    for (const rows of byPartition.values())
      for (let start = 0; start < rows.length; start += batchSize)
        batches.push({
          table,
          actions: rows.slice(start, start + batchSize).map((row): TransactionAction => ['create', row]),
        });
  };
  add(desk.tables('cases'), rows.cases);
  for (const [day, dayRows] of rows.indexByDay) {
    const entities = [...dayRows.values()];
    const table = desk.tables('duplicateIndex', day);
    await table.createTable();
    add(table, entities);
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next]!;
      next += 1;
      await batch.table.submitTransaction(batch.actions);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

interface Measured {
  ms: number;
  requests: number;
  /** Likely duplicates the enrichment linked: the same in both tenants by design. */
  duplicates: number;
}

/** Opens and triages a fresh case of the first customer, then times its enrichment alone. */
async function enrichOnce(desk: Desk, tenantId: string): Promise<Measured> {
  const caseId = await triagedCase(desk, tenantId, portalRequest(customers[0]!, measured));
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  desk.tableRequests.reset();
  const started = performance.now();
  const { supportCase } = await enrichCase(desk, { tenantId, caseId });
  const ms = performance.now() - started;
  if (supportCase.status !== 'enriched') throw new Error(`case ${caseId} is ${supportCase.status} after enrichment`);
  return { ms, requests: desk.tableRequests.requests, duplicates: supportCase.linkedCaseIds.length };
}

async function run(): Promise<BenchResult> {
  const azurite = await startAzurite({ port: await freePort() });
  const settings = [settingNames.caseStorageConnectionString, 'MESSAGING_TRANSPORT'] as const;
  const before = Object.fromEntries(settings.map((name) => [name, process.env[name]]));
  try {
    process.env[settingNames.caseStorageConnectionString] = azurite.connectionString;
    process.env.MESSAGING_TRANSPORT = 'inProcess';
    applySettingsFile(join(root, 'local.settings.sample.json'));
    // Messages to the next stages (and the contact's acknowledgement) are counted and dropped: nothing else runs.
    const dropped = { messages: 0, deadLetters: 0 };
    configureDesk({
      clock: systemClock,
      publisher: { publish: async () => void (dropped.messages += 1) },
      deadLetters: { deadLetter: async () => void (dropped.deadLetters += 1) },
    });
    const desk = currentDesk();
    await ensureTables(desk.tables);

    const made = await templates(desk);
    const tenants = { small: 'enrich-100', large: `enrich-${largeCount}` };
    const seedStarted = performance.now();
    const now = Date.now();
    for (const [size, tenantId] of Object.entries(tenants)) {
      await seedBenchTenant(desk, tenantId, customers);
      await seed(desk, seededRows(tenantId, size === 'small' ? smallCount : largeCount, made, now));
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const { cases: opened } = await desk.cases.openedBetween(
      tenants.large,
      new Date(Date.now() - 24 * hour),
      new Date(),
    );
    if (opened.length !== largeCount)
      throw new Error(`expected ${largeCount} cases in the last 24 h of ${tenants.large}, found ${opened.length}`);

    const times = { small: [] as number[], large: [] as number[] };
    const requests = { small: 0, large: 0 };
    const duplicates = { small: 0, large: 0 };
    for (let round = 0; round < warmUpRounds + rounds; round += 1) {
      const order = round % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const);
      for (const size of order) {
        const result = await enrichOnce(desk, tenants[size]);
        if (round < warmUpRounds) continue;
        times[size].push(result.ms);
        requests[size] = result.requests;
        duplicates[size] = result.duplicates;
      }
    }

    const smallMs = median(times.small);
    const largeMs = median(times.large);
    const growth = largeMs / smallMs;
    const label = (count: number): string => `${count.toLocaleString('en-US')} cases in 24 h`;
    const rows: BenchRow[] = [
      {
        benchmark: 'enrichCost',
        metric: `enrichment ms, tenant with ${label(smallCount)} (median of ${rounds})`,
        value: smallMs.toFixed(1),
      },
      {
        benchmark: 'enrichCost',
        metric: `enrichment ms, tenant with ${label(largeCount)} (median of ${rounds})`,
        value: largeMs.toFixed(1),
      },
      { benchmark: 'enrichCost', metric: 'enrichCostGrowth5kVs100', value: growth.toFixed(2), target: '<= 1.2' },
      {
        benchmark: 'enrichCost',
        metric: `table requests per enrichment, ${label(smallCount)} / ${label(largeCount)}`,
        value: `${requests.small} / ${requests.large}`,
      },
      { benchmark: 'enrichCost', metric: 'seeding s', value: seedSeconds.toFixed(1) },
    ];
    const rounded = (values: number[]): number[] => values.map((ms) => Number(ms.toFixed(1)));
    return {
      rows,
      figures: {
        enrichCostGrowth5kVs100: Number(growth.toFixed(3)),
        enrichMedianMs100: Number(smallMs.toFixed(1)),
        enrichMedianMs5k: Number(largeMs.toFixed(1)),
        enrichCost: {
          casesInLast24h: { small: smallCount, large: largeCount },
          customers: customers.length,
          rounds,
          enrichMs: { small: rounded(times.small), large: rounded(times.large) },
          tableRequestsPerEnrichment: requests,
          duplicatesLinkedInLastRound: duplicates,
          seedingSeconds: Number(seedSeconds.toFixed(1)),
        },
      },
    };
  } finally {
    configureDesk({});
    for (const name of settings) {
      if (before[name] === undefined) delete process.env[name];
      else process.env[name] = before[name];
    }
    await azurite.stop();
  }
}

export const enrichCostBench: Bench = { name: 'enrichCost', run };

if (require.main === module) runStandalone(enrichCostBench);
