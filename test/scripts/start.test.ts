import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { azuritePidFileName, portAnswers } from '../../scripts/azurite';
import { freePort } from '../../scripts/freePort';
import { applySettingsFile } from '../../scripts/localSettings';
import { startDevelopment, type DevelopmentOptions } from '../../scripts/start';

const root = join(__dirname, '..', '..');
const quiet = (): void => undefined;

describe('npm start: Azurite, then the local host', () => {
  let location: string;
  let savedStorage: string | undefined;

  beforeEach(() => {
    location = mkdtempSync(join(tmpdir(), 'start-test-'));
    // As in a developer's local.settings.json: the start points it at the Azurite it runs.
    savedStorage = process.env.CaseStorage;
    process.env.CaseStorage = 'UseDevelopmentStorage=true';
    process.env.MESSAGING_TRANSPORT = 'inProcess';
    applySettingsFile(join(root, 'local.settings.sample.json')); // the dev keys npm start seeds
  });
  afterEach(() => {
    process.env.CaseStorage = savedStorage;
    rmSync(location, { recursive: true, force: true });
  });

  const options = async (hostPort: number): Promise<DevelopmentOptions> => ({
    tablePort: await freePort(),
    azuriteLocation: location,
    azuriteDebug: false,
    hostPort,
    hostname: '127.0.0.1',
    functionFiles: [join(root, 'functions', 'health.ts')],
    log: quiet,
  });

  it('given the host port is taken, when npm start runs, then it fails and Azurite no longer answers, leaving no record behind', async () => {
    const hostPort = await freePort();
    const occupant: Server = createServer();
    await new Promise<void>((resolve) => occupant.listen(hostPort, '127.0.0.1', resolve));
    try {
      const start = await options(hostPort);
      await expect(startDevelopment(start)).rejects.toThrow(/EADDRINUSE/);

      expect(await portAnswers(start.tablePort)).toBe(false);
      expect(existsSync(join(location, azuritePidFileName))).toBe(false);
      expect(occupant.listening).toBe(true);

      // The next start, once the port is free, starts cleanly: nothing of the failed one is in the way.
      await new Promise<void>((resolve) => occupant.close(() => resolve()));
      const running = await startDevelopment(start);
      try {
        expect((await fetch(`${running.host.url}/api/health`)).status).toBe(200);
        expect(running.keys.length).toBeGreaterThan(0);
      } finally {
        await running.stop();
      }
      expect(await portAnswers(start.tablePort)).toBe(false);
    } finally {
      if (occupant.listening) await new Promise<void>((resolve) => occupant.close(() => resolve()));
    }
  });

  it('given an npm start that failed to start its host, when run as a process, then it exits 1 and leaves no Azurite running', async () => {
    const hostPort = await freePort();
    const tablePort = await freePort();
    const occupant: Server = createServer();
    await new Promise<void>((resolve) => occupant.listen(hostPort, '127.0.0.1', resolve));
    try {
      // scripts/start.ts as npm start runs it (from source here, as the build would run it from dist).
      const script = `
        require('./scripts/start').startDevelopment({
          tablePort: ${tablePort}, azuriteLocation: ${JSON.stringify(location)}, azuriteDebug: false,
          hostPort: ${hostPort}, hostname: '127.0.0.1', functionFiles: [], log: () => undefined,
        }).catch((error) => { console.error(error.message); process.exit(1); });`;
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env },
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toMatch(/EADDRINUSE/);
      expect(await portAnswers(tablePort)).toBe(false);
    } finally {
      await new Promise<void>((resolve) => occupant.close(() => resolve()));
    }
  }, 60_000);
});
