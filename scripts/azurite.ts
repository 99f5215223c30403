import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { z } from 'zod';
import { azuriteConnectionString } from '../shared/config';
import { settingNames } from '../shared/resourceNames';

/** Azurite's own default Table port, which `UseDevelopmentStorage=true` means everywhere else too. */
export const defaultAzuriteTablePort = 10002;

/** The file in the data folder naming the Azurite process `npm start` runs there, so the next start can find it. */
export const azuritePidFileName = 'azurite.pid';

export interface AzuriteOptions {
  /** Folder for Azurite's data; omitted means in memory only. */
  location?: string;
  port: number;
  /** Writes Azurite's debug log (every request and response body, so customer mail in plain text); off unless asked. */
  debug?: boolean;
}

export interface RunningAzurite {
  port: number;
  pid: number | undefined;
  connectionString: string;
  stop(): Promise<void>;
}

/**
 * The one Azurite Table port of this project: `npm start` listens on it and `npm run keys` talks to it.
 * `AZURITE_TABLE_PORT` overrides Azurite's default 10002.
 */
export function azuriteTablePort(environment: NodeJS.ProcessEnv = process.env): number {
  const configured = environment.AZURITE_TABLE_PORT?.trim();
  if (!configured) return defaultAzuriteTablePort;
  const port = Number(configured);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`AZURITE_TABLE_PORT must be a port number between 1 and 65535, not "${configured}".`);
  }
  return port;
}

/**
 * Points `UseDevelopmentStorage=true` (or an unset connection string) at our Azurite's port. The app's own settings
 * reader maps that value to Azurite's default port only, which is wrong as soon as AZURITE_TABLE_PORT moves it; a
 * table endpoint for Azure (`CaseStorage__tableServiceUri`) or a real connection string is left alone.
 */
export function useAzuriteForDevelopmentStorage(port: number, environment: NodeJS.ProcessEnv = process.env): void {
  if (environment[settingNames.caseStorageTableServiceUri]) return;
  const current = environment[settingNames.caseStorageConnectionString];
  if (!current || current === 'UseDevelopmentStorage=true') {
    environment[settingNames.caseStorageConnectionString] = azuriteConnectionString(port);
  }
}

/** True when the environment asks for Azurite's debug log (`AZURITE_DEBUG=1`). */
export function azuriteDebugRequested(environment: NodeJS.ProcessEnv = process.env): boolean {
  return ['1', 'true', 'yes'].includes((environment.AZURITE_DEBUG ?? '').trim().toLowerCase());
}

const azuriteTableMain = (): string => require.resolve('azurite/dist/src/table/main.js');

/**
 * The command-line arguments for Azurite's Table service (after the Node.js executable), from the options alone.
 * The debug log is added only when `options.debug` is set: it records every request and response in full.
 */
export function azuriteArguments(options: AzuriteOptions, tableMain: string = azuriteTableMain()): string[] {
  const args = [
    tableMain,
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(options.port),
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--silent',
  ];
  args.push(...(options.location ? ['--location', resolvePath(options.location)] : ['--inMemoryPersistence']));
  if (options.debug) {
    args.push(
      '--debug',
      join(
        options.location ? resolvePath(options.location) : tmpdir(),
        options.location ? 'debug.log' : `azurite-debug-${options.port}.log`,
      ),
    );
  }
  return args;
}

/** Resolves true when something accepts connections on 127.0.0.1:port. */
export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `Azurite exited early with ${child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode}`,
      );
    }
    if (await portAnswers(port)) return;
    await pause(50);
  }
  throw new Error(`Azurite did not answer on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

// ---- The record of our Azurite, so a start after a crash or a kill -9 can tell our leftover from a stranger. ----

const pidRecordSchema = z.object({
  pid: z.number().int().positive(),
  /** The process that started Azurite (`npm start`, a test run): while it lives, that Azurite is in use, not left over. */
  parentPid: z.number().int().positive(),
  port: z.number().int(),
  location: z.string(),
});
type PidRecord = z.infer<typeof pidRecordSchema>;

function readPidRecord(pidFile: string): PidRecord | undefined {
  try {
    const parsed = pidRecordSchema.safeParse(JSON.parse(readFileSync(pidFile, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // no file, or one we cannot read: nothing of ours is known to run
  }
}

/** The state letter of /proc/<pid>/stat (Linux only). */
function linuxProcessState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user, so it cannot be ours either way; report it alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // An exited orphan stays a zombie until init reaps it, and signal 0 still reaches it: it holds no port or folder.
  return linuxProcessState(pid) !== 'Z';
}

/** The process's command line, or undefined where it cannot be read (then nothing is assumed about the process). */
function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    // not Linux: macOS and the BSDs have ps
  }
  try {
    const output = execFileSync('ps', ['-p', String(pid), '-o', 'command='], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return output.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The current parent of a process, or undefined where it cannot be read. */
function parentPidOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(parent) ? parent : undefined;
  } catch {
    // not Linux
  }
  try {
    const parent = Number(
      execFileSync('ps', ['-p', String(pid), '-o', 'ppid='], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim(),
    );
    return Number.isInteger(parent) && parent > 0 ? parent : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the start that launched our Azurite is gone. An orphan is adopted by init (or a subreaper), so its parent
 * changes; where the parent cannot be read, the recorded parent's being alive counts as still in use.
 */
function isLeftOver(record: PidRecord): boolean {
  const parent = parentPidOf(record.pid);
  if (parent !== undefined) return parent !== record.parentPid;
  return !isAlive(record.parentPid);
}

/**
 * A pid file alone is no proof: after a reboot its pid may belong to anything. The process is ours only when it runs
 * Azurite's Table service on this very data folder, as the command line we started it with shows.
 */
function isOurAzurite(record: PidRecord, location: string): boolean {
  if (resolvePath(record.location) !== resolvePath(location) || !isAlive(record.pid)) return false;
  const commandLine = commandLineOf(record.pid);
  return (
    commandLine !== undefined &&
    commandLine.includes(azuriteTableMain()) &&
    commandLine.includes(`--location ${resolvePath(location)}`)
  );
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await pause(50);
  }
  return !isAlive(pid);
}

async function waitUntilPortFree(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await portAnswers(port)) && Date.now() < deadline) await pause(50);
}

async function stopLeftover(record: PidRecord): Promise<void> {
  process.kill(record.pid, 'SIGTERM');
  if (!(await waitUntilGone(record.pid, 10_000))) {
    process.kill(record.pid, 'SIGKILL');
    if (!(await waitUntilGone(record.pid, 5_000)))
      throw new Error(`Could not stop the earlier Azurite (pid ${record.pid}).`);
  }
  // The main thread turns zombie while the others still close the process's sockets: wait for the port itself.
  await waitUntilPortFree(record.port, 5_000);
}

/** Another start still runs Azurite on this data folder; stopping it would pull the storage from under that start. */
export class AzuriteInUseError extends Error {
  override readonly name = 'AzuriteInUseError';
}

/**
 * Finds the Azurite an earlier `npm start` left running on this data folder (killed before it could stop it) and
 * stops it: two Azurite processes must never share one folder, and it may hold the port. Returns what was done, for
 * the start-up log. A pid file naming a process that is gone or not ours is deleted, and that process left alone;
 * an Azurite whose start still runs is left alone too, with an AzuriteInUseError.
 */
export async function clearLeftoverAzurite(location: string): Promise<{ stoppedPid?: number }> {
  const pidFile = join(location, azuritePidFileName);
  const record = readPidRecord(pidFile);
  if (!record) return {};
  if (!isOurAzurite(record, location)) {
    rmSync(pidFile, { force: true });
    return {};
  }
  if (!isLeftOver(record)) {
    throw new AzuriteInUseError(
      `Azurite (pid ${record.pid}, port ${record.port}) already serves ${location} for a start that is still running ` +
        `(pid ${record.parentPid}); stop that one first (Ctrl-C).`,
    );
  }
  await stopLeftover(record);
  rmSync(pidFile, { force: true });
  return { stoppedPid: record.pid };
}

function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const forced = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(forced);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts Azurite's Table service on loopback, without telemetry and without its debug log unless `options.debug`
 * says so, and waits until it answers. With a data folder, an Azurite an earlier start left running there is stopped
 * first and this one is recorded in `<location>/azurite.pid`; a port held by any other process is an error, and that
 * process is never touched. If this process exits without `stop()` (an error, `process.exit`), Azurite is told to
 * stop too.
 */
export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    const { stoppedPid } = await clearLeftoverAzurite(options.location);
    if (stoppedPid !== undefined)
      console.log(`Stopped the Azurite (pid ${stoppedPid}) an earlier start left running on ${options.location}`);
  }
  if (await portAnswers(options.port)) {
    throw new Error(
      `Port ${options.port} is already in use by a process this project did not start (or started before it kept ` +
        `${azuritePidFileName}); find it with e.g. \`lsof -i :${options.port}\`, stop it or choose another port (AZURITE_TABLE_PORT).`,
    );
  }
  const child = spawn(process.execPath, azuriteArguments(options), { stdio: ['ignore', 'ignore', 'inherit'] });
  const pidFile = options.location ? join(options.location, azuritePidFileName) : undefined;
  // Written before Azurite answers, so that even a start killed while it waits leaves a record the next start can use.
  if (pidFile && child.pid !== undefined) {
    const record: PidRecord = {
      pid: child.pid,
      parentPid: process.pid,
      port: options.port,
      location: resolvePath(options.location ?? ''),
    };
    writeFileSync(pidFile, JSON.stringify(record));
  }
  // A last resort for exits that skip stop(): the 'exit' event allows only synchronous work, and a signal is that.
  const stopOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', stopOnExit);

  const stop = async (): Promise<void> => {
    await stopChild(child, 10_000);
    process.removeListener('exit', stopOnExit);
    // Only our own record goes: a later start may already have written its own.
    if (pidFile && readPidRecord(pidFile)?.pid === child.pid) rmSync(pidFile, { force: true });
  };
  try {
    await waitForPort(options.port, child, 15000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port: options.port, pid: child.pid, connectionString: azuriteConnectionString(options.port), stop };
}
