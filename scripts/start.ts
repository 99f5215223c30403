import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { systemClock } from '../shared/adapters/systemClock';
import { currentDesk } from '../shared/composition';
import { azuriteConnectionString } from '../shared/config';
import { settingNames } from '../shared/resourceNames';
import { startAzurite } from './azurite';
import { consoleLogSink, functionFilesFor } from './localHost/functionApp';
import { seedDevelopmentData } from './localHost/devSeed';
import { devSupportMailbox, seedDevelopmentDirectory } from './localHost/devDirectory';
import { startLocalHost } from './localHost/localHost';
import { loadLocalSettings } from './localSettings';

/** `npm start`: Azurite's Table service, then the local Functions host running the compiled app. */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const root = resolve(__dirname, '..', '..');
  const { created } = loadLocalSettings(root);
  if (created) console.log('Created local.settings.json from local.settings.sample.json');

  const tablePort = Number(process.env.AZURITE_TABLE_PORT ?? 10002);
  const azurite = await startAzurite({ port: tablePort, location: join(root, '.azurite') });
  const storageSetting = process.env[settingNames.caseStorageConnectionString];
  if (!storageSetting || storageSetting === 'UseDevelopmentStorage=true') {
    process.env[settingNames.caseStorageConnectionString] = azuriteConnectionString(tablePort);
  }

  const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
  const hostJson = JSON.parse(readFileSync(join(root, 'host.json'), 'utf8')) as { extensions?: { http?: { routePrefix?: string } } };
  const host = await startLocalHost({
    functionFiles: functionFilesFor(packageJson.main, root),
    port: Number(process.env.PORT ?? 7071),
    hostname: process.env.HOST ?? '127.0.0.1',
    clock: systemClock,
    routePrefix: hostJson.extensions?.http?.routePrefix ?? 'api',
    log: consoleLogSink,
    maxDeliveryCount: process.env.MAX_DELIVERY_COUNT ? Number(process.env.MAX_DELIVERY_COUNT) : undefined,
  });
  const keys = await seedDevelopmentData(currentDesk());
  await seedDevelopmentDirectory(currentDesk());

  console.log(`\nAzurite Table service: http://127.0.0.1:${azurite.port} (data in .azurite/)`);
  console.log(`Local Functions host: ${host.url} (ready in ${Date.now() - startedAt} ms)\n`);
  console.log('Functions:');
  host.describe().forEach((line) => console.log(`  ${line}`));
  console.log('\nDev API keys (header x-api-key):');
  keys.forEach((key) => console.log(`  ${key.role.padEnd(6)} ${key.secret}  (tenant ${key.tenantId})`));
  console.log(`\nSupport mailbox for email intake: ${devSupportMailbox}`);
  console.log(`Try: curl ${host.url}/api/health`);
  console.log('Press Ctrl-C to stop.\n');

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping ...');
    await host.stop();
    await azurite.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
