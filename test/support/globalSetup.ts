import { startAzurite, type RunningAzurite } from '../../scripts/azurite';
import { freePort } from '../../scripts/freePort';

declare global {
  var __azurite: RunningAzurite | undefined;
}

/** One in-memory Azurite for the whole run; every test file isolates itself with its own tenant ids or tables. */
export default async function globalSetup(): Promise<void> {
  const azurite = await startAzurite({ port: await freePort() });
  globalThis.__azurite = azurite;
  process.env.CaseStorage = azurite.connectionString;
}
