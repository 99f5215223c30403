/**
 * Stands in for `@azure/functions-core`, the module the Azure Functions Node.js worker provides at run time.
 * `app.http`, `app.serviceBusQueue` and `app.timer` hand their metadata and handler to `registerFunction` here,
 * exactly as they do in Azure, so the local host runs the very same registrations and keeps no route table of its own.
 */

export interface CapturedBinding {
  type: string;
  direction: 'in' | 'out';
  name?: string;
  route?: string;
  methods?: string[];
  authLevel?: string;
  queueName?: string;
  connection?: string;
  schedule?: string;
  runOnStartup?: boolean;
  [key: string]: unknown;
}

export interface CapturedFunction {
  name: string;
  trigger: CapturedBinding;
  bindings: Record<string, CapturedBinding>;
  handler: (...args: unknown[]) => unknown;
}

const registrations: CapturedFunction[] = [];

/** Every function registered so far, in registration order. */
export function registeredFunctions(): readonly CapturedFunction[] {
  return registrations;
}

interface FunctionMetadata {
  name: string;
  bindings: Record<string, CapturedBinding>;
}

export function registerFunction(
  metadata: FunctionMetadata,
  handler: (...args: unknown[]) => unknown,
): { dispose(): void } {
  if (registrations.some((existing) => existing.name === metadata.name)) {
    throw new Error(`A function named "${metadata.name}" is already registered; function names must be unique.`);
  }
  const trigger = Object.values(metadata.bindings).find(
    (binding) => binding.direction === 'in' && binding.type.endsWith('Trigger'),
  );
  if (!trigger) throw new Error(`Function "${metadata.name}" has no trigger binding.`);
  const captured: CapturedFunction = { name: metadata.name, trigger, bindings: metadata.bindings, handler };
  registrations.push(captured);
  return {
    dispose: () => {
      const index = registrations.indexOf(captured);
      if (index >= 0) registrations.splice(index, 1);
    },
  };
}

// The library calls these while it sets itself up; the local host has no worker channel to configure.
export function setProgrammingModel(_model: unknown): void {}
export function getProgrammingModel(): undefined {
  return undefined;
}
export function registerHook(_hookName: string, _callback: unknown): { dispose(): void } {
  return { dispose: () => undefined };
}
export function log(level: string, category: string, message: string): void {
  if (level === 'error') console.error(`[${category}] ${message}`);
}
export const version = 'local-host';
