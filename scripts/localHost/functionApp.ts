import Module from 'node:module';
import { readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { InvocationContext, type TriggerMetadata } from '@azure/functions';
import { registeredFunctions, type CapturedFunction } from './functionsCore';

type ResolveFilename = (request: string, ...rest: unknown[]) => string;

/**
 * Makes `require('@azure/functions-core')` find our stand-in, as the worker makes it find its own. Under jest the
 * moduleNameMapper does the same job, and this hook is never consulted.
 */
function provideFunctionsCore(): void {
  const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = moduleInternals._resolveFilename;
  if ((original as { functionsCore?: boolean }).functionsCore) return;
  const standIn = require.resolve('./functionsCore');
  const patched: ResolveFilename = function (this: unknown, request, ...rest) {
    return request === '@azure/functions-core' ? standIn : original.call(this, request, ...rest);
  };
  (patched as { functionsCore?: boolean }).functionsCore = true;
  moduleInternals._resolveFilename = patched;
}

/** The files a `main` entry such as `dist/functions/*.js` names, the way the Node.js worker expands it. */
export function functionFilesFor(mainPattern: string, root: string): string[] {
  const pattern = basename(mainPattern);
  const directory = resolve(root, dirname(mainPattern));
  if (!pattern.includes('*')) return [join(directory, pattern)];
  const [prefix = '', suffix = ''] = pattern.split('*');
  return readdirSync(directory)
    .filter(
      (file) => file.startsWith(prefix) && file.endsWith(suffix) && !file.endsWith('.d.ts') && !file.endsWith('.map'),
    )
    .sort()
    .map((file) => join(directory, file));
}

/** Loads the function modules; each one registers itself with `app.*` as it would in Azure. */
export function loadFunctionApp(files: string[]): readonly CapturedFunction[] {
  provideFunctionsCore();
  // The worker loads the app with require() too; the files are only known at run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const file of files) require(file);
  return registeredFunctions();
}

export type LogSink = (level: string, functionName: string, message: string) => void;

export function consoleLogSink(level: string, functionName: string, message: string): void {
  const line = `[${new Date().toISOString()}] ${functionName}: ${message}`;
  if (level === 'error' || level === 'warning') console.error(line);
  else console.log(line);
}

export function invocationContextFor(
  fn: CapturedFunction,
  triggerMetadata: TriggerMetadata,
  log: LogSink,
): InvocationContext {
  return new InvocationContext({
    invocationId: randomUUID(),
    functionName: fn.name,
    triggerMetadata,
    options: { trigger: { ...fn.trigger, name: fn.trigger.name ?? 'trigger', type: fn.trigger.type } },
    logHandler: (level, ...args) =>
      log(
        level,
        fn.name,
        args.map((arg) => (arg instanceof Error ? (arg.stack ?? arg.message) : String(arg))).join(' '),
      ),
  });
}
