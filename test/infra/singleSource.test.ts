import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { functionFilesFor, loadFunctionApp } from '../../scripts/localHost/functionApp';
import type { DeadLetteringQueueHandler } from '../../shared/messaging/queueFunction';
import { queueNames, resources, type QueueKey } from '../../shared/resourceNames';
import { ensureInfraBuilt, leafName, readMainSnapshot, repoRoot, resourcesOfType } from './armSnapshot';

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const appSources = [...sourceFiles(join(repoRoot, 'functions')), ...sourceFiles(join(repoRoot, 'shared'))];

describe('one source of truth for queues and settings', () => {
  beforeAll(() => ensureInfraBuilt());

  const registrations = loadFunctionApp(functionFilesFor('functions/*.ts', repoRoot));
  const consumedQueues = registrations
    .filter((fn) => fn.trigger.type === 'serviceBusTrigger')
    .map((fn) => String(fn.trigger.queueName));

  it('given the function registrations, then every queue a function listens on is created by Bicep', () => {
    const bicepQueues = resourcesOfType(readMainSnapshot(), 'Microsoft.ServiceBus/namespaces/queues').map(leafName);
    expect(consumedQueues.length).toBeGreaterThan(0);
    for (const queue of consumedQueues) expect(bicepQueues).toContain(queue);
  });

  it('given the queue functions, then each one dead-letters permanent failures as coming from the queue it listens on', () => {
    const queueFunctions = registrations.filter((fn) => fn.trigger.type === 'serviceBusTrigger');
    expect(queueFunctions.length).toBeGreaterThan(0);
    for (const fn of queueFunctions) {
      const sourceQueue = (fn.handler as Partial<DeadLetteringQueueHandler>).sourceQueue;
      expect({ function: fn.name, sourceQueue }).toEqual({ function: fn.name, sourceQueue: fn.trigger.queueName });
    }
  });

  it('given the dead-letters queue, then no function consumes it: dead letters wait there for an operator', () => {
    expect(consumedQueues).not.toContain(queueNames.deadLetters);
  });

  it('given the queues Bicep creates, then each one is consumed by a function or published to by the code', () => {
    const bicepQueues = resourcesOfType(readMainSnapshot(), 'Microsoft.ServiceBus/namespaces/queues').map(leafName);
    const code = appSources.map((file) => readFileSync(file, 'utf8')).join('\n');
    const keyOf = (name: string): QueueKey | undefined =>
      (Object.keys(queueNames) as QueueKey[]).find((key) => queueNames[key] === name);
    for (const queue of bicepQueues) {
      const key = keyOf(queue);
      expect(key).toBeDefined();
      // Published directly, or saved on a case's outbox for the queue (sent after the save).
      const published = new RegExp(`(?:publish|outboxMessage)\\(\\s*queueNames\\.${key}\\b`).test(code);
      expect({ queue, used: consumedQueues.includes(queue) || published }).toEqual({ queue, used: true });
    }
  });

  it('given the app code, then only shared/config.ts reads app settings, and only by the names in resources.json', () => {
    const readers = appSources
      .filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(repoRoot, file));
    expect(readers).toEqual(['shared/config.ts']);
    const config = readFileSync(join(repoRoot, 'shared/config.ts'), 'utf8');
    expect(config).not.toMatch(/process\.env\.[A-Za-z_]|process\.env\[['"]/);
    const settingsRead = [...config.matchAll(/settingNames\.(\w+)/g)].map(
      (match) => match[1] as keyof typeof resources.settings,
    );
    expect(settingsRead.length).toBeGreaterThan(0);
    for (const setting of settingsRead) expect(Object.keys(resources.settings)).toContain(setting);
  });

  it('given a timer schedule taken from an app setting, then that setting is defined in resources.json for Azure', () => {
    const referenced = registrations
      .filter((fn) => fn.trigger.type === 'timerTrigger')
      .flatMap((fn) => [...String(fn.trigger.schedule).matchAll(/%([^%]+)%/g)].map((match) => match[1]));
    const azureSettings = Object.values(resources.settings)
      .filter((setting) => setting.where !== 'local')
      .map((setting) => setting.name);
    for (const name of referenced) expect(azureSettings).toContain(name);
  });
});
