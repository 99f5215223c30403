import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TableClient, odata } from '@azure/data-tables';
import { buildSync } from 'esbuild';
import { caseRowKeys } from '../shared/adapters/tables/tableCaseStore';
import { hostNodeArguments, settingNames, tableNames } from '../shared/resourceNames';
import { startAzurite, type RunningAzurite } from '../scripts/azurite';
import { freePort } from '../scripts/freePort';
import { monotonicMicros, summarizeProfile, type ProfileSummary } from './cpuProfile';
import type { HostReply, HostRequest } from './intakeThroughput/hostProcess';
import { portalCaseBody } from './intakeThroughput/workload';
import { runStandalone } from './stats';
import type { Bench, BenchResult, BenchRow } from './types';

/*
 * Intake under load, side by side with what Azurite itself sustains, in one run on one machine:
 * - raw: single-entity inserts (TableClient.createEntity of a small entity, unique keys) from N concurrent clients;
 * - intake: POST /api/cases from N concurrent keep-alive clients against the local Functions host running the compiled
 *   app, with triage and enrichment consuming their queues in the same host, as under `npm start`;
 * for N = 16, then N = 64, each for BENCH_INTAKE_SECONDS (15). Clients send the next request as soon as the previous
 * one is answered; a run's rate counts the requests answered until its last one is, so every rate covers its whole run.
 * After the 16-client run the pipeline is let drain, so that the 64-client run starts from the same idle desk; after the
 * 64-client run the drain is what allEnrichedWithinS measures: from the last answer to the moment every accepted case
 * reached `enriched` (or a later status), polled every 100 ms by point reads of the oldest cases not yet seen enriched
 * (see stillPending), capped at
 * BENCH_INTAKE_DRAIN_CAP_SECONDS (180).
 * The host runs in a process of its own (bench/intakeThroughput/hostProcess.ts): its RSS is the host's, not the load
 * generator's. BENCH_INTAKE_PROFILE_DIR=<dir> records CPU profiles of the host (node --cpu-prof) and of Azurite (the
 * inspector's profiler, preloaded) and summarises each during the 16-client intake run (or, with
 * BENCH_INTAKE_PROFILE_WINDOW=drain, during the drain after the 64-client run): self time by function and by package,
 * and the app's own functions by inclusive time (stderr, and summary.json in that folder).
 */
const seconds = Number(process.env.BENCH_INTAKE_SECONDS ?? 15);
const drainCapSeconds = Number(process.env.BENCH_INTAKE_DRAIN_CAP_SECONDS ?? 180);
const profileDir = process.env.BENCH_INTAKE_PROFILE_DIR;
const profileDrain = process.env.BENCH_INTAKE_PROFILE_WINDOW === 'drain';
const concurrencies = [16, 64] as const;
const pollMs = 100;
const root = join(__dirname, '..');
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits: number): number => Number(value.toFixed(digits));

// ---- The host process ----

type Ready = Extract<HostReply, { type: 'ready' }>;

interface HostProcess {
  ready: Ready;
  ask<T extends HostReply['type']>(request: HostRequest, answer: T): Promise<Extract<HostReply, { type: T }>>;
  stop(): Promise<void>;
}

/**
 * The host helper as one plain JavaScript file, bundled with esbuild into a temporary folder: plain `node` runs it, as
 * `npm start` runs the host. Under tsx the process would carry tsx's loader thread (about 30 MB of RSS) that no host
 * has. The helper loads the app itself from dist/ at run time, so the bundle holds only the helper and its workload.
 */
function hostScript(): string {
  const outfile = join(mkdtempSync(join(tmpdir(), 'intake-host-')), 'hostProcess.js');
  buildSync({
    entryPoints: [join(__dirname, 'intakeThroughput', 'hostProcess.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
  return outfile;
}

function startHostProcess(connectionString: string, extraExecArgv: string[]): Promise<HostProcess> {
  const child: ChildProcess = fork(hostScript(), [root], {
    env: {
      ...process.env,
      [settingNames.caseStorageConnectionString]: connectionString,
      MESSAGING_TRANSPORT: 'inProcess',
    },
    // The host's Node.js options, as npm start and Azure give them (hostNodeArguments).
    execArgv: [...hostNodeArguments, ...extraExecArgv],
    // stdout stays clean for the bench's own table and JSON line.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ask = <T extends HostReply['type']>(
    request: HostRequest,
    answer: T,
  ): Promise<Extract<HostReply, { type: T }>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.off('message', listen);
        reject(new Error(`the host process did not answer ${request.type} within 30 s`));
      }, 30_000);
      const listen = (reply: HostReply): void => {
        if (reply.type !== answer) return;
        clearTimeout(timer);
        child.off('message', listen);
        resolve(reply as Extract<HostReply, { type: T }>);
      };
      child.on('message', listen);
      child.send(request);
    });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.send({ type: 'stop' } satisfies HostRequest);
      const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(forced);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the host process was not ready within 90 s'));
    }, 90_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the host process exited before it was ready (${code ?? signal})`));
    });
    child.on('message', (reply: HostReply) => {
      if (reply.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`the host process failed to start: ${reply.message}`));
      } else if (reply.type === 'ready') {
        clearTimeout(timer);
        resolve({ ready: reply, ask, stop });
      }
    });
  });
}

// ---- Memory ----

/** VmRSS of a process in MB (Linux), as the kernel counts it: the same figure as process.memoryUsage().rss there. */
function rssMbOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** The highest RSS of each process seen while it runs, read every half second. */
function peakRss(pids: Record<string, number | undefined>): { peaks: Record<string, number>; stop(): void } {
  const peaks: Record<string, number> = {};
  const sample = (): void => {
    for (const [name, pid] of Object.entries(pids)) {
      const mb = rssMbOf(pid);
      if (mb !== undefined) peaks[name] = Math.max(peaks[name] ?? 0, mb);
    }
  };
  const timer = setInterval(sample, 500);
  timer.unref();
  return { peaks, stop: () => clearInterval(timer) };
}

// ---- Load ----

type Outcome = { ok: true; id?: string } | { ok: false; status: string; detail: string };

interface LoadResult {
  concurrency: number;
  ok: number;
  errors: number;
  /** From the first request to the last answer. */
  elapsedS: number;
  perS: number;
  latenciesMs: number[];
  errorsByStatus: Record<string, number>;
  errorSamples: string[];
  ids: string[];
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** N clients, each sending its next request when the previous one is answered, until the time is up. */
async function closedLoop(
  concurrency: number,
  durationS: number,
  send: (index: number) => Promise<Outcome>,
): Promise<LoadResult> {
  const result: LoadResult = {
    concurrency,
    ok: 0,
    errors: 0,
    elapsedS: 0,
    perS: 0,
    latenciesMs: [],
    errorsByStatus: {},
    errorSamples: [],
    ids: [],
  };
  let next = 0;
  const started = performance.now();
  const deadline = started + durationS * 1000;
  const client = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const index = next;
      next += 1;
      const sent = performance.now();
      const outcome = await send(index).catch((error: unknown): Outcome => ({
        ok: false,
        status: 'network',
        detail: String(error),
      }));
      result.latenciesMs.push(performance.now() - sent);
      if (outcome.ok) {
        result.ok += 1;
        if (outcome.id) result.ids.push(outcome.id);
      } else {
        result.errors += 1;
        result.errorsByStatus[outcome.status] = (result.errorsByStatus[outcome.status] ?? 0) + 1;
        if (result.errorSamples.length < 5)
          result.errorSamples.push(`${outcome.status}: ${outcome.detail.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  result.elapsedS = (performance.now() - started) / 1000;
  result.perS = result.ok / result.elapsedS;
  return result;
}

function rawInsert(table: TableClient, concurrency: number): (index: number) => Promise<Outcome> {
  return async (index) => {
    try {
      await table.createEntity({
        partitionKey: `raw-${concurrency}`,
        rowKey: String(index).padStart(9, '0'),
        Title: 'Teams calls drop',
        Severity: 'B',
        Sequence: index,
      });
      return { ok: true };
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      return { ok: false, status: String(status ?? 'network'), detail: (error as Error).message };
    }
  };
}

function postCase(url: string, portalKey: string, offset: number): (index: number) => Promise<Outcome> {
  return async (index) => {
    const response = await fetch(`${url}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': portalKey },
      body: JSON.stringify(portalCaseBody(offset + index)),
    });
    const text = await response.text(); // read to the end, so the connection is kept for the next request
    if (response.status < 200 || response.status > 299)
      return { ok: false, status: String(response.status), detail: text };
    const id = response.headers.get('location')?.split('/').pop() ?? (JSON.parse(text) as { id?: string }).id;
    return { ok: true, id };
  };
}

// ---- Drain ----

const caseRowPrefix = caseRowKeys.caseRowKey('');
const notYetEnriched = new Set(['new', 'triaged']);

/** How many of the oldest pending cases one poll reads side by side. */
const pollChunk = 20;

/**
 * The accepted cases not yet seen enriched, oldest first (case ids start with their opening time), after one poll: it
 * reads the Status of the oldest ones, a chunk at a time, and goes on to the next chunk only while a whole chunk is
 * enriched; a case seen enriched is not read again (its status never goes back). A poll costs the emulator a few point
 * reads, not a scan of the case table: a scan every 100 ms took about a sixth of the emulator's time during the drain,
 * which is the very resource the drain waits on.
 */
async function stillPending(cases: TableClient, tenantId: string, pending: readonly string[]): Promise<string[]> {
  let done = 0;
  while (done < pending.length) {
    const chunk = pending.slice(done, done + pollChunk);
    const statuses = await Promise.all(
      chunk.map(async (caseId) => {
        const row = await cases.getEntity<{ Status?: string }>(tenantId, caseRowKeys.caseRowKey(caseId), {
          queryOptions: { select: ['Status'] },
        });
        return String(row.Status);
      }),
    );
    const firstPending = statuses.findIndex((status) => notYetEnriched.has(status));
    if (firstPending >= 0) return pending.slice(done + firstPending);
    done += chunk.length;
  }
  return [];
}

/** How many accepted cases are stored with a status of `enriched` or later. */
async function enrichedCount(cases: TableClient, tenantId: string, accepted: ReadonlySet<string>): Promise<number> {
  const filter = odata`PartitionKey eq ${tenantId} and RowKey ge ${caseRowPrefix} and RowKey lt ${`${caseRowPrefix}~`}`;
  let enriched = 0;
  for await (const row of cases.listEntities<{ Status?: string }>({
    queryOptions: { filter, select: ['RowKey', 'Status'] },
  })) {
    if (accepted.has(String(row.rowKey).slice(caseRowPrefix.length)) && !notYetEnriched.has(String(row.Status)))
      enriched += 1;
  }
  return enriched;
}

interface Drain {
  seconds: number;
  capped: boolean;
  notEnriched: number;
  /** How long the last poll took: `seconds` is when the first poll that found nothing pending was answered. */
  pollSeconds: number;
}

/** Seconds from now until every accepted case is enriched, polled every 100 ms, up to the cap. */
async function drain(cases: TableClient, tenantId: string, accepted: ReadonlySet<string>): Promise<Drain> {
  const started = performance.now();
  let pending = [...accepted].sort();
  for (;;) {
    const asked = performance.now();
    pending = await stillPending(cases, tenantId, pending);
    const answered = performance.now();
    const elapsed = (answered - started) / 1000;
    if (pending.length === 0 || elapsed >= drainCapSeconds) {
      const notEnriched = accepted.size - (await enrichedCount(cases, tenantId, accepted));
      const pollSeconds = round((answered - asked) / 1000, 2);
      return {
        seconds: notEnriched === 0 ? elapsed : drainCapSeconds,
        capped: notEnriched > 0,
        notEnriched,
        pollSeconds,
      };
    }
    await pause(pollMs);
  }
}

// ---- The benchmark ----

const latencySummary = (run: LoadResult): Record<string, number> => ({
  p50Ms: Math.round(percentile(run.latenciesMs, 50)),
  p99Ms: Math.round(percentile(run.latenciesMs, 99)),
  maxMs: Math.round(Math.max(0, ...run.latenciesMs)),
});

const runFigures = (run: LoadResult): Record<string, unknown> => ({
  ok: run.ok,
  errors: run.errors,
  seconds: round(run.elapsedS, 2),
  perS: round(run.perS, 1),
  ...latencySummary(run),
  ...(run.errors ? { errorsByStatus: run.errorsByStatus, errorSamples: run.errorSamples } : {}),
});

/**
 * Azurite's own start-up takes no Node.js flags, and --cpu-prof is not allowed in NODE_OPTIONS; --require is. This
 * preload profiles Azurite's process in-process (the inspector's Profiler, 1 ms samples as --cpu-prof takes) and
 * writes the profile when it is stopped with SIGTERM (which Azurite itself does not handle).
 */
const profilerPreload = (file: string): string => `
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');
process.once('SIGTERM', () => {
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(${JSON.stringify(file)}, JSON.stringify(result.profile));
    process.exit(0);
  });
});
`;

async function withAzuriteProfiled<T>(start: () => Promise<T>): Promise<T> {
  if (!profileDir) return start();
  const preload = join(profileDir, 'azuriteProfiler.js');
  writeFileSync(preload, profilerPreload(join(profileDir, 'azurite.cpuprofile')));
  const before = process.env.NODE_OPTIONS;
  // Azurite's process inherits the environment (the host process is started later, without it).
  process.env.NODE_OPTIONS = `${before ?? ''} --require ${preload}`.trim();
  try {
    return await start();
  } finally {
    if (before === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = before;
  }
}

async function run(): Promise<BenchResult> {
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    for (const file of readdirSync(profileDir))
      if (file.endsWith('.cpuprofile')) rmSync(join(profileDir, file), { force: true });
  }
  const azurite: RunningAzurite = await withAzuriteProfiled(async () => startAzurite({ port: await freePort() }));
  let host: HostProcess | undefined;
  let profiledWindow: { fromMicros: number; toMicros: number } | undefined;
  let hostPid: number | undefined;
  try {
    host = await startHostProcess(
      azurite.connectionString,
      profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    );
    const { url, portalKey, tenantId } = host.ready;
    hostPid = host.ready.pid;
    const memory = peakRss({ host: hostPid, azurite: azurite.pid });
    const rawTable = TableClient.fromConnectionString(azurite.connectionString, 'benchrawinserts', {
      allowInsecureConnection: true,
    });
    await rawTable.createTable();
    const cases = TableClient.fromConnectionString(azurite.connectionString, tableNames.cases, {
      allowInsecureConnection: true,
    });

    // Warm-up: both code paths compiled and every cache of the host filled, then the pipeline idle again.
    let offset = 0;
    const warmUp = await closedLoop(4, 2, postCase(url, portalKey, offset));
    offset += warmUp.ok + warmUp.errors;
    await closedLoop(4, 1, rawInsert(rawTable, 0));
    await drain(cases, tenantId, new Set(warmUp.ids));

    const raw: Record<number, LoadResult> = {};
    const intake: Record<number, LoadResult> = {};
    let drain16: Drain | undefined;
    let drain64: Drain | undefined;
    let hostRssAfterLoad = Number.NaN;
    // What of the host's RSS is JavaScript heap: committed, and in use.
    let hostHeapAfterLoad = { total: Number.NaN, used: Number.NaN };
    let azuriteRssAfterLoad = Number.NaN;
    for (const concurrency of concurrencies) {
      console.error(`  intakeThroughput: raw inserts, ${concurrency} clients, ${seconds} s`);
      raw[concurrency] = await closedLoop(concurrency, seconds, rawInsert(rawTable, concurrency));
      await pause(1000);
      console.error(`  intakeThroughput: POST /api/cases, ${concurrency} clients, ${seconds} s`);
      const fromMicros = monotonicMicros();
      const load = await closedLoop(concurrency, seconds, postCase(url, portalKey, offset));
      if (concurrency === 16 && !profileDrain) profiledWindow = { fromMicros, toMicros: monotonicMicros() };
      intake[concurrency] = load;
      offset += load.ok + load.errors;
      if (load.ids.length !== load.ok)
        throw new Error(
          `${load.ok - load.ids.length} accepted cases came without a Location: the drain cannot follow them`,
        );
      if (concurrency === 64) {
        const usage = await host.ask({ type: 'rss' }, 'rss');
        hostRssAfterLoad = usage.rss / 1024 / 1024;
        hostHeapAfterLoad = { total: usage.heapTotal / 1024 / 1024, used: usage.heapUsed / 1024 / 1024 };
        azuriteRssAfterLoad = rssMbOf(azurite.pid) ?? Number.NaN;
      }
      console.error(`  intakeThroughput: waiting until the ${load.ids.length} accepted cases are enriched`);
      const drainFromMicros = monotonicMicros();
      const drained = await drain(cases, tenantId, new Set(load.ids));
      if (concurrency === 64 && profileDrain)
        profiledWindow = { fromMicros: drainFromMicros, toMicros: monotonicMicros() };
      if (concurrency === 16) drain16 = drained;
      else drain64 = drained;
    }
    const hostRssAfterDrain = (await host.ask({ type: 'rss' }, 'rss')).rss / 1024 / 1024;
    const azuriteRssAfterDrain = rssMbOf(azurite.pid) ?? Number.NaN;
    const logs = await host.ask({ type: 'logs' }, 'logs');
    memory.stop();
    await host.stop();
    host = undefined;

    const r16 = raw[16]!;
    const r64 = raw[64]!;
    const i16 = intake[16]!;
    const i64 = intake[64]!;
    const ratio16 = i16.perS / r16.perS;
    const ratio64 = i64.perS / r64.perS;
    const p99 = (run: LoadResult): number => Math.round(percentile(run.latenciesMs, 99));
    const drained = drain64 ?? { seconds: Number.NaN, capped: true, notEnriched: Number.NaN, pollSeconds: Number.NaN };
    const enrichedValue = drained.capped
      ? `> ${drainCapSeconds} s (cap; ${drained.notEnriched} of ${i64.ids.length} not enriched)`
      : `${drained.seconds.toFixed(1)} s`;

    const rows: BenchRow[] = [
      { benchmark: 'intakeThroughput', metric: 'rawInsertsPerS16 (Azurite, createEntity)', value: r16.perS.toFixed(0) },
      { benchmark: 'intakeThroughput', metric: 'intakePerS16 (POST /api/cases accepted)', value: i16.perS.toFixed(1) },
      { benchmark: 'intakeThroughput', metric: 'intakeVsRawInsert16', value: ratio16.toFixed(3), target: '>= 0.10' },
      { benchmark: 'intakeThroughput', metric: 'intakeP99Ms16', value: String(p99(i16)), target: '<= 1000' },
      { benchmark: 'intakeThroughput', metric: 'intakeErrors16', value: String(i16.errors) },
      { benchmark: 'intakeThroughput', metric: 'rawInsertsPerS64 (Azurite, createEntity)', value: r64.perS.toFixed(0) },
      { benchmark: 'intakeThroughput', metric: 'intakePerS64 (POST /api/cases accepted)', value: i64.perS.toFixed(1) },
      {
        benchmark: 'intakeThroughput',
        metric: 'intakeVsRawInsert64',
        value: ratio64.toFixed(3),
        target: `>= intakeVsRawInsert16 (${ratio16.toFixed(3)})`,
      },
      { benchmark: 'intakeThroughput', metric: 'intakeP99Ms64', value: String(p99(i64)) },
      { benchmark: 'intakeThroughput', metric: 'intakeErrors64', value: String(i64.errors), target: '0' },
      {
        benchmark: 'intakeThroughput',
        metric: `allEnrichedWithinS (after the 64-client run, ${i64.ids.length} cases)`,
        value: enrichedValue,
        target: '<= 30',
      },
      {
        benchmark: 'intakeThroughput',
        metric: 'hostRssMbAfterLoad',
        value: hostRssAfterLoad.toFixed(0),
        target: '<= 200',
      },
      {
        benchmark: 'intakeThroughput',
        metric: 'azuriteRssMbAfterLoad',
        value: azuriteRssAfterLoad.toFixed(0),
        target: 'reported',
      },
    ];

    return {
      rows,
      figures: {
        intakeVsRawInsert16: round(ratio16, 3),
        intakeVsRawInsert64: round(ratio64, 3),
        intakeP99Ms16: p99(i16),
        intakeP99Ms64: p99(i64),
        intakeErrors16: i16.errors,
        intakeErrors64: i64.errors,
        rawInsertsPerS16: round(r16.perS, 1),
        rawInsertsPerS64: round(r64.perS, 1),
        intakePerS16: round(i16.perS, 1),
        intakePerS64: round(i64.perS, 1),
        allEnrichedWithinS: round(drained.seconds, 1),
        hostRssMbAfterLoad: Math.round(hostRssAfterLoad),
        azuriteRssMbAfterLoad: Math.round(azuriteRssAfterLoad),
        intakeThroughput: {
          secondsPerRun: seconds,
          raw: { 16: runFigures(r16), 64: runFigures(r64) },
          intake: { 16: runFigures(i16), 64: runFigures(i64) },
          drainAfter16: drain16 && { ...drain16, seconds: round(drain16.seconds, 1), cases: i16.ids.length },
          drainAfter64: {
            ...drained,
            seconds: round(drained.seconds, 1),
            cases: i64.ids.length,
            capSeconds: drainCapSeconds,
          },
          rssMb: {
            hostAfterLoad: Math.round(hostRssAfterLoad),
            azuriteAfterLoad: Math.round(azuriteRssAfterLoad),
            hostAfterDrain: Math.round(hostRssAfterDrain),
            azuriteAfterDrain: Math.round(azuriteRssAfterDrain),
            hostPeak: Math.round(memory.peaks.host ?? Number.NaN),
            hostHeapTotalAfterLoad: Math.round(hostHeapAfterLoad.total),
            hostHeapUsedAfterLoad: Math.round(hostHeapAfterLoad.used),
            azuritePeak: Math.round(memory.peaks.azurite ?? Number.NaN),
          },
          hostLog: { counts: logs.counts, samples: logs.samples },
          ...(profileDir ? { cpuProfileDir: profileDir } : {}),
        },
      },
    };
  } finally {
    await host?.stop();
    await azurite.stop();
    if (profileDir && profiledWindow && hostPid !== undefined) reportProfiles(profiledWindow, hostPid);
  }
}

/**
 * Prints the top self time of the host and of Azurite during the 16-client intake run (stderr) and writes it to
 * summary.json next to the profiles; Azurite writes its profile only once stopped.
 */
function reportProfiles(window: { fromMicros: number; toMicros: number }, hostPid: number): void {
  const summaries: Record<string, ProfileSummary> = {};
  const dir = profileDir ?? '';
  // --cpu-prof names a profile CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile; the main thread's id is 0.
  const hostProfile = readdirSync(dir).find((file) => file.includes(`.${hostPid}.0.`) && file.endsWith('.cpuprofile'));
  const files = {
    host: hostProfile ? join(dir, hostProfile) : join(dir, 'host.cpuprofile'),
    azurite: join(dir, 'azurite.cpuprofile'),
  };
  for (const [name, file] of Object.entries(files)) {
    try {
      const summary = summarizeProfile(file, root, window);
      summaries[name] = summary;
      console.error(
        `\n${name}: ${summary.busyMs} ms busy of ${summary.windowMs} ms sampled during the 16-client intake run`,
      );
      for (const entry of summary.top)
        console.error(
          `  ${String(entry.selfMs).padStart(7)} ms ${entry.percent.toFixed(1).padStart(5)} %  ${entry.function}  ${entry.location}`,
        );
      console.error('  by area:');
      for (const area of summary.byArea)
        console.error(`  ${String(area.selfMs).padStart(7)} ms ${area.percent.toFixed(1).padStart(5)} %  ${area.area}`);
      if (summary.appInclusive.length) console.error('  app functions, inclusive:');
      for (const entry of summary.appInclusive)
        console.error(
          `  ${String(entry.totalMs).padStart(7)} ms ${entry.percent.toFixed(1).padStart(5)} %  ${entry.function}  ${entry.location}`,
        );
    } catch (error) {
      console.error(`no CPU profile summary for ${name}: ${(error as Error).message}`);
    }
  }
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summaries, null, 2) + '\n');
}

export const intakeThroughputBench: Bench = { name: 'intakeThroughput', run };

if (require.main === module) runStandalone(intakeThroughputBench);
