import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AzuriteInUseError,
  azuriteArguments,
  azuriteDebugRequested,
  azuritePidFileName,
  azuriteTablePort,
  portAnswers,
  startAzurite,
  useAzuriteForDevelopmentStorage,
  type RunningAzurite,
} from '../../scripts/azurite';
import { freePort } from '../../scripts/freePort';

const root = join(__dirname, '..', '..');

/** Whether the process still runs: an exited orphan stays a zombie until init reaps it, which some containers never do. */
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.charAt(0) !== 'Z';
  } catch {
    return false;
  }
};

const waitUntil = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('Azurite arguments', () => {
  it('given no AZURITE_DEBUG, when the arguments are built for a data folder, then there is no --debug and data stays in the folder', () => {
    const debug = azuriteDebugRequested({});
    const args = azuriteArguments({ port: 10002, location: '/data/.azurite', debug }, 'azurite-table-main.js');
    expect(debug).toBe(false);
    expect(args).not.toContain('--debug');
    expect(args).toEqual(expect.arrayContaining(['--location', '/data/.azurite', '--silent', '--disableTelemetry']));
    expect(args.slice(0, 5)).toEqual(['azurite-table-main.js', '--tableHost', '127.0.0.1', '--tablePort', '10002']);
  });

  it('given AZURITE_DEBUG=1, when the arguments are built, then --debug names debug.log in the data folder', () => {
    const args = azuriteArguments(
      { port: 10002, location: '/data/.azurite', debug: azuriteDebugRequested({ AZURITE_DEBUG: '1' }) },
      'main.js',
    );
    expect(args.slice(args.indexOf('--debug'), args.indexOf('--debug') + 2)).toEqual([
      '--debug',
      join('/data/.azurite', 'debug.log'),
    ]);
  });

  it('given AZURITE_DEBUG set to 0 or empty, then the debug log stays off', () => {
    expect(azuriteDebugRequested({ AZURITE_DEBUG: '0' })).toBe(false);
    expect(azuriteDebugRequested({ AZURITE_DEBUG: '' })).toBe(false);
    expect(azuriteDebugRequested({ AZURITE_DEBUG: 'true' })).toBe(true);
  });

  it('given no data folder, then Azurite keeps data in memory and writes no debug log unless asked', () => {
    expect(azuriteArguments({ port: 4000 }, 'main.js')).toEqual(expect.arrayContaining(['--inMemoryPersistence']));
    expect(azuriteArguments({ port: 4000 }, 'main.js')).not.toContain('--debug');
    expect(azuriteArguments({ port: 4000, debug: true }, 'main.js')).toContain('--debug');
  });
});

describe('the one Azurite port of npm start and npm run keys', () => {
  it('given no AZURITE_TABLE_PORT, then 10002; given one, then that one; given nonsense, then a clear error', () => {
    expect(azuriteTablePort({})).toBe(10002);
    expect(azuriteTablePort({ AZURITE_TABLE_PORT: '12002' })).toBe(12002);
    expect(() => azuriteTablePort({ AZURITE_TABLE_PORT: 'abc' })).toThrow(/AZURITE_TABLE_PORT/);
    expect(() => azuriteTablePort({ AZURITE_TABLE_PORT: '70000' })).toThrow(/AZURITE_TABLE_PORT/);
  });

  it('given UseDevelopmentStorage=true, then it points at that port; a real connection string or a table URI is kept', () => {
    const local: NodeJS.ProcessEnv = { CaseStorage: 'UseDevelopmentStorage=true' };
    useAzuriteForDevelopmentStorage(12002, local);
    expect(local.CaseStorage).toContain('TableEndpoint=http://127.0.0.1:12002/devstoreaccount1');

    const real: NodeJS.ProcessEnv = { CaseStorage: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=y' };
    useAzuriteForDevelopmentStorage(12002, real);
    expect(real.CaseStorage).toBe('DefaultEndpointsProtocol=https;AccountName=x;AccountKey=y');

    const azure: NodeJS.ProcessEnv = { CaseStorage__tableServiceUri: 'https://a.table.core.windows.net' };
    useAzuriteForDevelopmentStorage(12002, azure);
    expect(azure.CaseStorage).toBeUndefined();
  });
});

describe('our own Azurite, found again by the next start', () => {
  let location: string;
  const cleanup: (() => void | Promise<void>)[] = [];

  beforeEach(() => {
    location = mkdtempSync(join(tmpdir(), 'azurite-test-'));
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    rmSync(location, { recursive: true, force: true });
  });

  /** Starts Azurite from another process and kills that process with SIGKILL, as a crashed or kill -9'd npm start. */
  async function leaveAzuriteBehind(port: number): Promise<number> {
    const script = `
      require('./scripts/azurite').startAzurite({ port: ${port}, location: ${JSON.stringify(location)} }).then((azurite) => {
        console.log('AZURITE ' + azurite.pid);
        process.kill(process.pid, 'SIGKILL');
      });`;
    const starter = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    starter.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => starter.once('exit', resolve));
    const pid = Number(/AZURITE (\d+)/.exec(output)?.[1]);
    expect(Number.isInteger(pid)).toBe(true);
    cleanup.push(() => {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    });
    return pid;
  }

  it.each([
    ['the same port', false],
    ['another port (AZURITE_TABLE_PORT changed since)', true],
  ])(
    'given a leftover Azurite of ours on %s, when Azurite starts again on the folder, then the leftover is stopped and a new one answers',
    async (_name, otherPort) => {
      const leftoverPort = await freePort();
      const leftoverPid = await leaveAzuriteBehind(leftoverPort);
      expect(isAlive(leftoverPid)).toBe(true);
      expect(await portAnswers(leftoverPort)).toBe(true);

      const port = otherPort ? await freePort() : leftoverPort;
      const azurite = await startAzurite({ port, location });
      cleanup.push(() => azurite.stop());

      expect(isAlive(leftoverPid)).toBe(false);
      expect(azurite.pid).not.toBe(leftoverPid);
      expect(await portAnswers(port)).toBe(true);
      if (otherPort) expect(await portAnswers(leftoverPort)).toBe(false);
      expect(JSON.parse(readFileSync(join(location, azuritePidFileName), 'utf8'))).toMatchObject({
        pid: azurite.pid,
        port,
      });

      await azurite.stop();
      expect(existsSync(join(location, azuritePidFileName))).toBe(false);
      expect(await portAnswers(port)).toBe(false);
    },
  );

  it('given our Azurite still in use by a running start, when another start uses the folder, then it is refused and the first keeps running', async () => {
    const first: RunningAzurite = await startAzurite({ port: await freePort(), location });
    cleanup.push(() => first.stop());

    await expect(startAzurite({ port: await freePort(), location })).rejects.toThrow(AzuriteInUseError);
    expect(await portAnswers(first.port)).toBe(true);
    expect(first.pid !== undefined && isAlive(first.pid)).toBe(true);
  });

  it('given a foreign process on the port and no record of ours, when Azurite starts, then "in use" and the foreign process is untouched', async () => {
    const port = await freePort();
    const foreign: Server = createServer();
    await new Promise<void>((resolve) => foreign.listen(port, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => foreign.close(() => resolve())));

    await expect(startAzurite({ port, location })).rejects.toThrow(/already in use/);
    expect(foreign.listening).toBe(true);
    expect(await portAnswers(port)).toBe(true);
  });

  it('given a pid file naming a live foreign process, when Azurite starts, then that process is left alone and the stale record replaced', async () => {
    const stranger: ChildProcess = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], {
      stdio: 'ignore',
    });
    cleanup.push(() => {
      stranger.kill('SIGKILL');
    });
    const strangerPid = stranger.pid ?? 0;
    const port = await freePort();
    writeFileSync(
      join(location, azuritePidFileName),
      JSON.stringify({ pid: strangerPid, parentPid: 1, port, location }),
    );

    const azurite = await startAzurite({ port, location });
    cleanup.push(() => azurite.stop());

    expect(isAlive(strangerPid)).toBe(true);
    expect(JSON.parse(readFileSync(join(location, azuritePidFileName), 'utf8'))).toMatchObject({ pid: azurite.pid });
  });

  it('given a pid file of a process that is gone, when Azurite starts, then it starts as usual', async () => {
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    const port = await freePort();
    writeFileSync(
      join(location, azuritePidFileName),
      JSON.stringify({ pid: gone.pid, parentPid: process.pid, port, location }),
    );

    const azurite = await startAzurite({ port, location });
    cleanup.push(() => azurite.stop());
    expect(await portAnswers(port)).toBe(true);
  });

  it('given a data folder, when Azurite runs without AZURITE_DEBUG, then it writes no debug.log', async () => {
    const azurite = await startAzurite({ port: await freePort(), location });
    cleanup.push(() => azurite.stop());
    await fetch(`http://127.0.0.1:${azurite.port}/devstoreaccount1/Tables`).catch(() => undefined);
    await waitUntil(() => existsSync(join(location, azuritePidFileName)));
    expect(existsSync(join(location, 'debug.log'))).toBe(false);
  });
});
