import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TableClient, TableEntity, TransactionAction } from '@azure/data-tables';
import { TableCaseStore, toCaseEntity } from '../shared/adapters/tables/tableCaseStore';
import { TableCaseShares } from '../shared/adapters/tables/tableCaseShares';
import {
  ensureTables,
  tableClientFactory,
  TableRequestCounter,
  type TableClientFactory,
} from '../shared/adapters/tables/tableClients';
import { TableSigningKeys } from '../shared/adapters/tables/tableSigningKeys';
import { slaViewEntity } from '../shared/adapters/tables/slaViewRows';
import { queueRowsOf } from '../shared/adapters/tables/workQueueRows';
import { systemClock } from '../shared/adapters/systemClock';
import { configureDesk, currentDesk, type Desk } from '../shared/composition';
import type { Principal } from '../shared/domain/apiKey';
import type { SupportCase } from '../shared/domain/case';
import { caseListQuerySchema } from '../shared/domain/caseListQuery';
import { formatCaseNumber } from '../shared/domain/caseNumber';
import { newCaseRequestSchema } from '../shared/domain/newCase';
import { slaAttentionOf } from '../shared/domain/workQueue';
import { settingNames } from '../shared/resourceNames';
import { enrichCase } from '../shared/services/caseEnrichment';
import { openCase } from '../shared/services/caseIntake';
import { listCases, type CaseListDesk } from '../shared/services/caseQueries';
import { triageCase } from '../shared/services/caseTriage';
import { newCaseId } from '../shared/services/ids';
import { startAzurite, type RunningAzurite } from '../scripts/azurite';
import { freePort } from '../scripts/freePort';
import { applySettingsFile } from '../scripts/localSettings';
import { benchCustomers, seedBenchTenant } from './intakeThroughput/workload';
import { median, runStandalone } from './stats';
import type { Bench, BenchResult, BenchRow } from './types';

/*
 * The at-risk view (GET /api/cases?sla=atRisk, through the real list service) of one partner tenant, with the same 20
 * cases at risk: on a desk of 1,000 open cases (all the tenant's), and on a desk of BENCH_QUEUE_DESK_CASES (100,000)
 * open cases, BENCH_QUEUE_TENANT_CASES (10,000) of them the tenant's own and the rest spread over partner tenants of
 * 1,000 open cases each. The view reads its rows of the slaviews table and the case row of each (one point read per
 * case at risk), so its cost should follow neither the tenant's open cases nor the desk's.
 * - Each desk is an Azurite of its own. The open cases are copies of one case taken through intake, triage and
 *   enrichment for real, written with exactly the rows TableCaseStore writes (the case row, its work-queue rows and,
 *   for the cases at risk, their slaviews rows), 100 rows per transaction. Timelines and lookup rows are left out:
 *   the view reads neither.
 * - Azurite answers every query by testing each row of the table. Beside each view the run times the emulator's own
 *   cost of a query that matches nothing in the cases table: the raw baseline of what a view served from that table
 *   would pay.
 * - Each round lists the view on each desk, the desks taking turns; BENCH_QUEUE_ROUNDS (9) rounds after 2 warm-up
 *   rounds; medians are compared.
 */
const rounds = Number(process.env.BENCH_QUEUE_ROUNDS ?? 9);
const warmUpRounds = 2;
const smallCount = 1_000;
const tenantCount = Number(process.env.BENCH_QUEUE_TENANT_CASES ?? 10_000);
const deskCount = Number(process.env.BENCH_QUEUE_DESK_CASES ?? 100_000);
const otherTenantCases = 1_000;
const measuredTenant = 'queue-tenant';
const atRiskCount = 20;
const batchSize = 100;
const root = join(__dirname, '..');

const agent = (tenantId: string): Principal => ({ tenantId, role: 'agent', keyId: 'queue-bench' });

/** One open case taken through intake, triage and enrichment: what every seeded case is a copy of. */
async function template(desk: Desk): Promise<SupportCase> {
  const tenantId = 'queue-template';
  const customer = benchCustomers[0]!;
  await seedBenchTenant(desk, tenantId, [customer]);
  const request = newCaseRequestSchema.parse({
    title: 'Azure VM does not start after resize',
    description: 'Since the resize this morning the VM fails to boot.',
    product: 'azure',
    severity: 'B',
    customer: { tenantId: customer.tenantId, name: customer.name },
    contact: { name: 'Ann Example', email: `ann@${customer.domain}` },
  });
  const opened = await openCase(desk, { ...agent(tenantId), role: 'portal' }, request);
  await triageCase(desk, { tenantId, caseId: opened.supportCase.id });
  return (await enrichCase(desk, { tenantId, caseId: opened.supportCase.id })).supportCase;
}

/** The case at risk: its first response clock past the warning the sweep recorded. */
function atRisk(supportCase: SupportCase): SupportCase {
  return {
    ...supportCase,
    slaEventsEmitted: [{ kind: 'warning', clock: { metric: 'firstResponse', cycle: 1 } }],
  };
}

/** The rows of a desk's tables, by table. */
interface DeskRows {
  cases: TableEntity[];
  slaViews: TableEntity[];
}

/**
 * The rows of `count` open cases of a tenant, the first `atRisk` of them at risk, as TableCaseStore writes them: the
 * case rows and their work-queue rows, and the SLA view rows of those at risk.
 */
function tenantRows(tenantId: string, count: number, from: SupportCase, atRiskCases = atRiskCount): DeskRows {
  const rows: DeskRows = { cases: [], slaViews: [] };
  const now = Date.now();
  for (let index = 0; index < count; index += 1) {
    const openedAt = new Date(now - (count - index) * 1000).toISOString();
    const copy: SupportCase = {
      ...from,
      id: newCaseId(new Date(openedAt)),
      tenantId,
      caseNumber: formatCaseNumber(index + 1),
      createdAt: openedAt,
      updatedAt: openedAt,
    };
    const supportCase = index < atRiskCases ? atRisk(copy) : copy;
    const filing = queueRowsOf(supportCase);
    rows.cases.push(toCaseEntity(supportCase, 0, filing.keys, [], 1), ...filing.rows.map(({ row }) => row));
    rows.slaViews.push(...filing.views.map((view) => slaViewEntity(tenantId, view, supportCase.id, 1)));
  }
  return rows;
}

async function seed(tables: TableClientFactory, rows: DeskRows): Promise<void> {
  const batches: Array<{ table: TableClient; actions: TransactionAction[] }> = [];
  for (const key of ['cases', 'slaViews'] as const) {
    for (let start = 0; start < rows[key].length; start += batchSize)
      batches.push({
        table: tables(key),
        actions: rows[key].slice(start, start + batchSize).map((row): TransactionAction => ['create', row]),
      });
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      await batch.table.submitTransaction(batch.actions);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** The view as GET /api/cases?sla=atRisk lists it, timed, with the number of table requests it made. */
async function listAtRisk(desk: ViewDesk, tenantId: string): Promise<{ ms: number; requests: number; found: number }> {
  const query = caseListQuerySchema.parse({ sla: 'atRisk', pageSize: '50' });
  desk.tableRequests.reset();
  const started = performance.now();
  const page = await listCases(desk, agent(tenantId), query);
  return { ms: performance.now() - started, requests: desk.tableRequests.requests, found: page.cases.length };
}

/** Azurite's own cost of one query in the same table that matches nothing: the scan every query pays here. */
async function emptyQuery(desk: ViewDesk, tenantId: string): Promise<number> {
  const started = performance.now();
  const rows = desk.tables('cases').listEntities({
    queryOptions: { filter: `PartitionKey eq '${tenantId}' and RowKey eq 'nothing'` },
  });
  for await (const row of rows) throw new Error(`unexpected row ${String(row.rowKey)}`);
  return performance.now() - started;
}

/** What listing reads, on one Azurite, with its request counter. */
interface ViewDesk extends CaseListDesk {
  tables: TableClientFactory;
  tableRequests: TableRequestCounter;
}

async function viewDeskOn(azurite: RunningAzurite): Promise<ViewDesk> {
  const tableRequests = new TableRequestCounter();
  const tables = tableClientFactory(
    { kind: 'connectionString', connectionString: azurite.connectionString },
    tableRequests,
  );
  await ensureTables(tables);
  return {
    tables,
    tableRequests,
    cases: new TableCaseStore(tables),
    caseShares: new TableCaseShares(tables),
    signingKeys: new TableSigningKeys(tables),
  };
}

async function run(): Promise<BenchResult> {
  const azurite = await startAzurite({ port: await freePort() });
  const largeAzurite = await startAzurite({ port: await freePort() });
  const settings = [settingNames.caseStorageConnectionString, 'MESSAGING_TRANSPORT'] as const;
  const before = Object.fromEntries(settings.map((name) => [name, process.env[name]]));
  try {
    process.env[settingNames.caseStorageConnectionString] = azurite.connectionString;
    process.env.MESSAGING_TRANSPORT = 'inProcess';
    applySettingsFile(join(root, 'local.settings.sample.json'));
    configureDesk({
      clock: systemClock,
      publisher: { publish: async () => undefined },
      deadLetters: { deadLetter: async () => undefined },
    });
    const desk = currentDesk();
    await ensureTables(desk.tables);
    const made = await template(desk);
    if (slaAttentionOf(atRisk(made)) !== 'atRisk') throw new Error('the template case is not at risk once warned');

    const desks = { small: await viewDeskOn(azurite), large: await viewDeskOn(largeAzurite) };
    const seedStarted = performance.now();
    await seed(desks.small.tables, tenantRows(measuredTenant, smallCount, made));
    await seed(desks.large.tables, tenantRows(measuredTenant, tenantCount, made));
    for (let other = 0; other < (deskCount - tenantCount) / otherTenantCases; other += 1)
      await seed(desks.large.tables, tenantRows(`queue-other-${other}`, otherTenantCases, made, 0));
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const times = { small: [] as number[], large: [] as number[] };
    const baseline = { small: [] as number[], large: [] as number[] };
    const requests = { small: 0, large: 0 };
    for (let round = 0; round < warmUpRounds + rounds; round += 1) {
      const order = round % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const);
      for (const size of order) {
        const listed = await listAtRisk(desks[size], measuredTenant);
        if (listed.found !== atRiskCount) throw new Error(`the ${size} desk lists ${listed.found} cases at risk`);
        const scan = await emptyQuery(desks[size], measuredTenant);
        if (round < warmUpRounds) continue;
        times[size].push(listed.ms);
        baseline[size].push(scan);
        requests[size] = listed.requests;
      }
    }
    const smallMs = median(times.small);
    const largeMs = median(times.large);
    const growth = largeMs / smallMs;
    const scanMs = { small: median(baseline.small), large: median(baseline.large) };
    const baselineGrowth = scanMs.large / scanMs.small;
    // What the view costs beyond the emulator's scan of the whole table, which Table Storage does not do for a RowKey
    // range of one partition.
    const beyondScan = (largeMs - scanMs.large) / (smallMs - scanMs.small);
    const count = (value: number): string => value.toLocaleString('en-US');
    const key = `queueListMs1kVs${deskCount / 1000}k`;
    const rows: BenchRow[] = [
      {
        benchmark: 'queueList',
        metric: `at-risk view ms, desk of ${count(smallCount)} open cases (median of ${rounds})`,
        value: smallMs.toFixed(1),
      },
      {
        benchmark: 'queueList',
        metric: `at-risk view ms, desk of ${count(deskCount)} open cases, ${count(tenantCount)} the tenant's`,
        value: largeMs.toFixed(1),
      },
      { benchmark: 'queueList', metric: key, value: growth.toFixed(2), target: '<= 1.5' },
      {
        benchmark: 'queueList',
        metric: "Azurite's query that matches nothing, same desks (raw baseline)",
        value: baselineGrowth.toFixed(2),
      },
      {
        benchmark: 'queueList',
        metric: "view ms beyond Azurite's scan, large vs small desk",
        value: beyondScan.toFixed(2),
      },
      {
        benchmark: 'queueList',
        metric: 'table requests per view, small / large desk',
        value: `${requests.small} / ${requests.large}`,
      },
      { benchmark: 'queueList', metric: 'seeding s', value: seedSeconds.toFixed(1) },
    ];
    return {
      rows,
      figures: {
        [key]: Number(growth.toFixed(3)),
        queueList: {
          openCases: { small: smallCount, largeDesk: deskCount, largeTenant: tenantCount },
          atRisk: atRiskCount,
          rounds,
          medianMs: { small: Number(smallMs.toFixed(1)), large: Number(largeMs.toFixed(1)) },
          azuriteEmptyQueryMs: { small: Number(scanMs.small.toFixed(1)), large: Number(scanMs.large.toFixed(1)) },
          azuriteEmptyQueryGrowth: Number(baselineGrowth.toFixed(3)),
          viewBeyondScanGrowth: Number(beyondScan.toFixed(3)),
          tableRequestsPerView: requests,
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
    await largeAzurite.stop();
  }
}

export const queueListBench: Bench = { name: 'queueList', run };

if (require.main === module) runStandalone(queueListBench);
