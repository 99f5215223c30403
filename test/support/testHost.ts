import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ensureTables } from '../../shared/adapters/tables/tableClients';
import { systemClock } from '../../shared/adapters/systemClock';
import { currentDesk, type Desk } from '../../shared/composition';
import { hashApiKey, type ApiKeyRole } from '../../shared/domain/apiKey';
import type { Clock } from '../../shared/ports/clock';
import { functionFilesFor, type LogSink } from '../../scripts/localHost/functionApp';
import { startLocalHost, type LocalHost } from '../../scripts/localHost/localHost';
import { applySettingsFile } from '../../scripts/localSettings';

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export interface RequestOptions {
  key?: string;
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export interface TestHost {
  host: LocalHost;
  desk: Desk;
  url: string;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /** A fresh tenant with a key of the given role, so each test sees only its own cases. */
  newTenantKey(role?: ApiKeyRole, tenantId?: string): Promise<{ tenantId: string; key: string }>;
  stop(): Promise<void>;
}

export interface TestHostOptions {
  clock?: Clock;
  maxDeliveryCount?: number;
  functionFiles?: string[];
  /** Whether the host plays App Service Authentication (see LocalHostOptions); by default it does. */
  appServiceAuthentication?: boolean;
  /** The HTTP route prefix; by default host.json's, as for the app (see LocalHostOptions). */
  routePrefix?: string;
}

const quiet: LogSink = (level, functionName, message) => {
  if (process.env.HOST_LOGS) console.log(`[${level}] ${functionName}: ${message}`);
};

const root = join(__dirname, '..', '..');

/** The real local host on a free port, running the app's own function files against the test run's Azurite. */
export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  process.env.MESSAGING_TRANSPORT = 'inProcess';
  // The committed sample settings, as a developer's local.settings.json would have them.
  applySettingsFile(join(root, 'local.settings.sample.json'));
  const host = await startLocalHost({
    functionFiles: options.functionFiles ?? functionFilesFor('functions/*.ts', root),
    port: 0,
    hostname: '127.0.0.1',
    clock: options.clock ?? systemClock,
    routePrefix: options.routePrefix,
    log: quiet,
    maxDeliveryCount: options.maxDeliveryCount,
    appServiceAuthentication: options.appServiceAuthentication,
  });
  const desk = currentDesk();
  await ensureTables(desk.tables).catch(() => undefined);

  return {
    host,
    desk,
    url: host.url,
    async request(method, path, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      if (requestOptions.key) headers['x-api-key'] = requestOptions.key;
      let body: string | Buffer | undefined = requestOptions.rawBody;
      if (requestOptions.body !== undefined) {
        body = JSON.stringify(requestOptions.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${host.url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
    async newTenantKey(role = 'portal', tenantId = `tenant-${randomUUID().slice(0, 8)}`) {
      const key = `test-${role}-${randomUUID()}`;
      await desk.apiKeys.save(hashApiKey(key), {
        keyId: `key-${randomUUID().slice(0, 8)}`,
        tenantId,
        role,
        createdAt: desk.clock.now().toISOString(),
      });
      return { tenantId, key };
    },
    stop: () => host.stop(),
  };
}
