import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { azuriteConnectionString } from '../shared/config';

export interface AzuriteOptions {
  /** Folder for Azurite's data; omitted means in memory only. */
  location?: string;
  port: number;
}

export interface RunningAzurite {
  port: number;
  connectionString: string;
  stop(): Promise<void>;
}


function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Azurite exited early with code ${child.exitCode}`);
    if (await portAnswers(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Azurite did not answer on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** Starts Azurite's Table service on loopback, without telemetry, and waits until it answers. */
export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  if (await portAnswers(options.port)) {
    throw new Error(`Port ${options.port} is already in use; stop the other process or choose another port.`);
  }
  const args = [
    require.resolve('azurite/dist/src/table/main.js'),
    '--tableHost', '127.0.0.1',
    '--tablePort', String(options.port),
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--silent',
  ];
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push('--location', options.location, '--debug', join(options.location, 'debug.log'));
  } else {
    args.push('--inMemoryPersistence');
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(options.port, child, 15000);
  return {
    port: options.port,
    connectionString: azuriteConnectionString(options.port),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
