import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { systemClock } from '../shared/adapters/systemClock';
import { currentDesk } from '../shared/composition';
import type { Clock } from '../shared/ports/clock';
import {
  azuriteDebugRequested,
  azuriteTablePort,
  startAzurite,
  useAzuriteForDevelopmentStorage,
  type RunningAzurite,
} from './azurite';
import { consoleLogSink, functionFilesFor, type LogSink } from './localHost/functionApp';
import { seedDevelopmentData, type SeededKey } from './localHost/devSeed';
import { devAgents, devSupportMailbox, seedDevelopmentDirectory } from './localHost/devDirectory';
import { startLocalHost, type LocalHost } from './localHost/localHost';
import { loadLocalSettings } from './localSettings';

export interface DevelopmentOptions {
  /** Azurite's Table port (see azuriteTablePort). */
  tablePort: number;
  /** Azurite's data folder. */
  azuriteLocation: string;
  /** Writes Azurite's debug log, with every request body in it; only when asked (AZURITE_DEBUG=1). */
  azuriteDebug: boolean;
  hostPort: number;
  hostname: string;
  functionFiles: string[];
  /** By default host.json's (see httpRoutePrefix). */
  routePrefix?: string;
  clock?: Clock;
  log?: LogSink;
  maxDeliveryCount?: number;
}

export interface RunningDevelopment {
  azurite: RunningAzurite;
  host: LocalHost;
  keys: SeededKey[];
  /** Stops the host, then Azurite. */
  stop(): Promise<void>;
}

/**
 * What `npm start` starts, in order: Azurite (stopping a leftover of an earlier start first), the local Functions
 * host, then the dev data. If any step after Azurite fails (the host's port is taken, the seed cannot write), what
 * already runs is stopped before the error is passed on, so a failed start leaves no Azurite behind to block the next.
 */
export async function startDevelopment(options: DevelopmentOptions): Promise<RunningDevelopment> {
  const azurite = await startAzurite({
    port: options.tablePort,
    location: options.azuriteLocation,
    debug: options.azuriteDebug,
  });
  let host: LocalHost | undefined;
  try {
    useAzuriteForDevelopmentStorage(azurite.port);
    host = await startLocalHost({
      functionFiles: options.functionFiles,
      port: options.hostPort,
      hostname: options.hostname,
      clock: options.clock ?? systemClock,
      routePrefix: options.routePrefix,
      log: options.log ?? consoleLogSink,
      maxDeliveryCount: options.maxDeliveryCount,
    });
    const keys = await seedDevelopmentData(currentDesk());
    await seedDevelopmentDirectory(currentDesk());
    const running = host;
    return {
      azurite,
      host: running,
      keys,
      async stop() {
        await running.stop();
        await azurite.stop();
      },
    };
  } catch (error) {
    await host?.stop().catch(() => undefined);
    await azurite.stop();
    throw error;
  }
}

/** `npm start`: Azurite's Table service, then the local Functions host running the compiled app. */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const root = resolve(__dirname, '..', '..');
  const { created } = loadLocalSettings(root);
  if (created) console.log('Created local.settings.json from local.settings.sample.json');

  const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
  const azuriteLocation = join(root, '.azurite');
  const azuriteDebug = azuriteDebugRequested();
  const { azurite, host, keys, stop } = await startDevelopment({
    tablePort: azuriteTablePort(),
    azuriteLocation,
    azuriteDebug,
    hostPort: Number(process.env.PORT ?? 7071),
    hostname: process.env.HOST ?? '127.0.0.1',
    functionFiles: functionFilesFor(packageJson.main, root),
    maxDeliveryCount: process.env.MAX_DELIVERY_COUNT ? Number(process.env.MAX_DELIVERY_COUNT) : undefined,
  });

  console.log(`\nAzurite Table service: http://127.0.0.1:${azurite.port} (data in .azurite/)`);
  if (azuriteDebug)
    console.log(`  Azurite debug log: .azurite/debug.log (AZURITE_DEBUG; it holds every request body in plain text)`);
  else if (existsSync(join(azuriteLocation, 'debug.log'))) {
    // Earlier versions of npm start always wrote it; it still holds the mail of those runs.
    console.log(
      '  .azurite/debug.log is from an earlier run with the debug log on and holds mail in plain text; delete it if unneeded.',
    );
  }
  console.log(`Local Functions host: ${host.url} (ready in ${Date.now() - startedAt} ms)\n`);
  console.log('Functions:');
  host.describe().forEach((line) => console.log(`  ${line}`));
  console.log('\nDev API keys (header x-api-key):');
  keys.forEach((key) => console.log(`  ${key.role.padEnd(6)} ${key.secret}  (tenant ${key.tenantId})`));
  console.log(`\nSign in as an agent (Microsoft Entra ID stand-in): ${host.url}/.auth/login/dev`);
  devAgents.forEach((agent) =>
    console.log(
      `  ${agent.role.padEnd(6)} ${agent.name}: ${host.url}/.auth/login/dev?tenant=${agent.tenantId}&agent=${agent.id}`,
    ),
  );
  console.log(`\nAgent console: ${host.url}/console/ (signs in through the development sign-in above)`);
  console.log(`\nSupport mailbox for email intake: ${devSupportMailbox}`);
  console.log(`Try: curl ${host.url}/api/health`);
  console.log('Press Ctrl-C to stop.\n');

  let stopping = false;
  const shutDown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping ...');
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutDown());
  process.on('SIGTERM', () => void shutDown());
}

// Run only as `npm start`; tests import startDevelopment without starting anything.
if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
