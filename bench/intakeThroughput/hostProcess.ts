import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as FunctionAppModule from '../../scripts/localHost/functionApp';
import type * as LocalHostModule from '../../scripts/localHost/localHost';
import type * as LocalSettingsModule from '../../scripts/localSettings';
import type * as SystemClockModule from '../../shared/adapters/systemClock';
import type * as TableClientsModule from '../../shared/adapters/tables/tableClients';
import type * as CompositionModule from '../../shared/composition';
import type * as ApiKeysModule from '../../shared/services/apiKeys';
import { benchCustomers, seedBenchTenant } from './workload';

/*
 * The local Functions host of the intake benchmark, in a process of its own as under `npm start`: the compiled app from
 * dist/ (what `npm start` runs; `npm run bench` builds it first) with triage and enrichment consuming their queues in
 * the same host. The benchmark bundles this file and runs it with plain `node`, as `npm start` runs the host, naming the
 * repository's root as the one argument, and talks to it over the IPC channel of child_process.fork.
 */

/** What the benchmark asks of the host process. */
export type HostRequest = { type: 'rss' } | { type: 'logs' } | { type: 'stop' };

/** What the host process answers (`ready` once, unasked). */
export type HostReply =
  | { type: 'ready'; url: string; tenantId: string; portalKey: string; agentKey: string; pid: number }
  | { type: 'rss'; rss: number; heapTotal: number; heapUsed: number; external: number }
  | { type: 'logs'; counts: Record<string, number>; samples: string[] }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

/** The repository: this file runs from a bundle elsewhere, so the benchmark names it. */
const root = process.argv[2] ?? '';
const dist = join(root, 'dist');

/** A compiled module of the app; its type is that of the source it was built from. */
function compiled<T>(path: string): T {
  // The compiled app is only known at run time, as it is for the Functions worker.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(dist, path)) as T;
}

const send = (reply: HostReply): void => {
  process.send?.(reply);
};

async function main(): Promise<void> {
  if (!root) throw new Error('name the repository root as the first argument');
  if (!existsSync(join(dist, 'functions')))
    throw new Error('dist/ is missing: run `npm run build` first (npm run bench does).');
  const { startLocalHost } = compiled<typeof LocalHostModule>('scripts/localHost/localHost.js');
  const { functionFilesFor } = compiled<typeof FunctionAppModule>('scripts/localHost/functionApp.js');
  const { applySettingsFile } = compiled<typeof LocalSettingsModule>('scripts/localSettings.js');
  const { systemClock } = compiled<typeof SystemClockModule>('shared/adapters/systemClock.js');
  const { ensureTables } = compiled<typeof TableClientsModule>('shared/adapters/tables/tableClients.js');
  const { currentDesk } = compiled<typeof CompositionModule>('shared/composition.js');
  const { issueApiKey } = compiled<typeof ApiKeysModule>('shared/services/apiKeys.js');

  // The committed sample settings, as a developer's local.settings.json has them; CaseStorage comes from the benchmark.
  process.env.MESSAGING_TRANSPORT = 'inProcess';
  applySettingsFile(join(root, 'local.settings.sample.json'));

  const counts: Record<string, number> = {};
  const samples: string[] = [];
  const host = await startLocalHost({
    functionFiles: functionFilesFor('dist/functions/*.js', root),
    port: 0,
    hostname: '127.0.0.1',
    clock: systemClock,
    // Counted, and the first warnings and errors kept, instead of a console line per invocation.
    log: (level, functionName, message) => {
      const key = `${level} ${functionName}`;
      counts[key] = (counts[key] ?? 0) + 1;
      if ((level === 'error' || level === 'warning') && samples.length < 20)
        samples.push(`[${level}] ${functionName}: ${message.slice(0, 400)}`);
    },
  });

  const desk = currentDesk();
  await ensureTables(desk.tables);
  const tenantId = 'bench-partner';
  await seedBenchTenant(desk, tenantId, benchCustomers);
  const portal = await issueApiKey(
    { apiKeys: desk.apiKeys, clock: systemClock },
    { tenantId, role: 'portal', label: 'intake bench' },
  );
  const agent = await issueApiKey(
    { apiKeys: desk.apiKeys, clock: systemClock },
    { tenantId, role: 'agent', label: 'intake bench' },
  );

  process.on('message', (request: HostRequest) => {
    switch (request.type) {
      case 'rss':
        return send({ type: 'rss', ...process.memoryUsage() });
      case 'logs':
        return send({ type: 'logs', counts, samples });
      case 'stop':
        void host.stop().finally(() => {
          send({ type: 'stopped' });
          // Exits normally, so that --cpu-prof writes its profile.
          process.exit(0);
        });
        return;
    }
  });
  // The benchmark gone (killed, crashed): nothing else would end this process.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: host.url, tenantId, portalKey: portal.secret, agentKey: agent.secret, pid: process.pid });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  });
}
