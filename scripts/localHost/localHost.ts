import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { InProcessBroker } from '../../shared/adapters/inProcess/inProcessBroker';
import { DevelopmentMailbox, type KeptMail } from '../../shared/adapters/mail/developmentMailbox';
import { configureDesk, currentDesk } from '../../shared/composition';
import { settingNames } from '../../shared/resourceNames';
import type { Clock } from '../../shared/ports/clock';
import { handleAdmin } from './adminRoutes';
import { resolveAppSetting } from './appSettings';
import { devTenantId, secondDevTenantId } from './devSeed';
import { DevSignIn } from './devSignIn';
import { invocationContextFor, loadFunctionApp, type LogSink } from './functionApp';
import type { CapturedFunction } from './functionsCore';
import { HttpGateway, RequestTooLargeError, requestTarget, sendProblem } from './httpGateway';
import { QueueConsumer } from './queueConsumer';
import { TimerScheduler } from './timerScheduler';

export interface LocalHostOptions {
  functionFiles: string[];
  port: number;
  hostname: string;
  clock: Clock;
  /** Put before every HTTP function's route; by default host.json's extensions.http.routePrefix (see httpRoutePrefix). */
  routePrefix?: string;
  log: LogSink;
  /** Overrides every queue's maxDeliveryCount (Service Bus default: 10). */
  maxDeliveryCount?: number;
  /**
   * How many messages each Service Bus trigger function handles at once; by default host.json's
   * extensions.serviceBus.maxConcurrentCalls, as the Functions host reads it (see serviceBusMaxConcurrentCalls).
   */
  maxConcurrentCalls?: number;
  /**
   * Plays App Service Authentication (default true): removes client-supplied X-MS-CLIENT-PRINCIPAL* headers, serves
   * the development sign-in under /.auth/, and sets the principal headers for its sessions; the app then trusts them
   * (AUTH_CLIENT_PRINCIPAL=trusted unless set otherwise). False: requests pass as to an app without authentication.
   */
  appServiceAuthentication?: boolean;
}

export interface LocalHost {
  url: string;
  broker: InProcessBroker;
  functions: readonly CapturedFunction[];
  timers: TimerScheduler;
  describe(): string[];
  /** Resolves once no queue has a deliverable message and no function is running. */
  idle(timeoutMs?: number): Promise<void>;
  /** Takes no further request, message or timer; deliveries under way finish first (at most 10 s). */
  stop(): Promise<void>;
}

/** The app's host.json: the first one in this folder or above it (the repository's root, from source or from dist/). */
function findHostJson(from = __dirname): string | undefined {
  for (let folder = from; ; folder = dirname(folder)) {
    const candidate = join(folder, 'host.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(folder) === folder) return undefined;
  }
}

/**
 * host.json's extensions.serviceBus.maxConcurrentCalls: in Azure, the most messages one Service Bus trigger function
 * handles at once on one instance (each function its own bound). Without it, the extension's default: 16 per processor.
 */
export function serviceBusMaxConcurrentCalls(hostJsonPath = findHostJson()): number {
  const fallback = 16 * availableParallelism();
  if (!hostJsonPath) return fallback;
  const hostJson = JSON.parse(readFileSync(hostJsonPath, 'utf8')) as {
    extensions?: { serviceBus?: { maxConcurrentCalls?: unknown } };
  };
  const configured = hostJson.extensions?.serviceBus?.maxConcurrentCalls;
  if (configured === undefined) return fallback;
  if (typeof configured !== 'number' || !Number.isInteger(configured) || configured < 1)
    throw new Error(`${hostJsonPath}: extensions.serviceBus.maxConcurrentCalls must be a positive whole number`);
  return configured;
}

/**
 * host.json's extensions.http.routePrefix, as the Functions host reads it: `api` when host.json does not set it, and
 * an empty string for no prefix at all (https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook#hostjson-settings).
 */
export function httpRoutePrefix(hostJsonPath = findHostJson()): string {
  if (!hostJsonPath) return 'api';
  const hostJson = JSON.parse(readFileSync(hostJsonPath, 'utf8')) as {
    extensions?: { http?: { routePrefix?: unknown } };
  };
  const configured = hostJson.extensions?.http?.routePrefix;
  if (configured === undefined) return 'api';
  if (typeof configured !== 'string') throw new Error(`${hostJsonPath}: extensions.http.routePrefix must be a string`);
  return configured;
}

function parseMessageInput(input: string | undefined): unknown {
  if (input === undefined) return undefined;
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return input;
  }
}

function listen(server: Server, port: number, hostname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Runs the app's own registrations: HTTP under the route prefix, Service Bus queues in process, timers on schedule. */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const { clock, log } = options;
  const broker = new InProcessBroker({ clock, maxDeliveryCount: options.maxDeliveryCount });
  const appServiceAuthentication = options.appServiceAuthentication ?? true;
  // Only where this host removes what clients send may the app believe the principal headers, as behind Easy Auth.
  if (appServiceAuthentication) process.env[settingNames.clientPrincipal] ??= 'trusted';
  // Mail stays on this machine unless the settings say otherwise (a local.settings.json older than MAIL_SENDER).
  process.env[settingNames.mailSender] ??= 'development';
  configureDesk({
    clock,
    publisher: broker,
    deadLetters: broker,
    // What npm start shows of each mail, so a developer sees the acknowledgement go out (the mail: GET /admin/mail).
    onMailSent: (mail) =>
      log('information', 'mail', `sent "${mail.subject}" to ${mail.to.map((to) => to.address).join(', ')}`),
  });
  const signIn = appServiceAuthentication
    ? new DevSignIn(() => currentDesk().agents, [devTenantId, secondDevTenantId])
    : undefined;
  const functions = loadFunctionApp(options.functionFiles);
  const ofType = (type: string): CapturedFunction[] => functions.filter((fn) => fn.trigger.type === type);
  for (const fn of functions) {
    if (!['httpTrigger', 'serviceBusTrigger', 'timerTrigger'].includes(fn.trigger.type)) {
      log('warning', fn.name, `trigger ${fn.trigger.type} is not supported by the local host; it will not run`);
    }
  }

  const maxConcurrentCalls = options.maxConcurrentCalls ?? serviceBusMaxConcurrentCalls();
  const consumers = ofType('serviceBusTrigger').map(
    (fn) =>
      new QueueConsumer(fn, broker.queue(resolveAppSetting(String(fn.trigger.queueName))), log, maxConcurrentCalls),
  );
  const timers = new TimerScheduler(ofType('timerTrigger'), clock, log, (schedule) => resolveAppSetting(schedule));
  const gateway = new HttpGateway(
    ofType('httpTrigger'),
    options.routePrefix ?? httpRoutePrefix(),
    log,
    signIn && ((headers) => signIn.platformHeaders(headers)),
  );

  const developmentMail = (): Promise<KeptMail[]> | undefined => {
    const mail = currentDesk().config.mail;
    return mail.kind === 'development' ? new DevelopmentMailbox(mail.connectionString).list() : undefined;
  };

  const runFunction = async (fn: CapturedFunction, input: string | undefined): Promise<void> => {
    if (fn.trigger.type === 'timerTrigger') return timers.runNow(fn);
    try {
      await fn.handler(parseMessageInput(input), invocationContextFor(fn, {}, log));
    } catch (error) {
      log('error', fn.name, `failed: ${(error as Error).stack ?? String(error)}`);
    }
  };

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const target = requestTarget(request);
    if (!('url' in target)) {
      // The client's mistake: say so, and close, since the rest of what it sent cannot be trusted to frame a request.
      response.setHeader('connection', 'close');
      sendProblem(response, target.status, target.status === 414 ? 'URI too long' : 'Bad request', target.detail);
      return;
    }
    const { url } = target;
    if (await handleAdmin(request, response, url, { functions, broker, runFunction, developmentMail })) return;
    if (signIn && (await signIn.handle(request, response, url))) return;
    await gateway.handle(request, response, url);
  };
  const server = createServer((request, response) => {
    // Everything a request causes runs inside this promise: an exception in an event handler would end the process.
    serve(request, response)
      .catch((error: unknown) => {
        if (response.headersSent) return void response.end();
        if (error instanceof RequestTooLargeError) {
          response.setHeader('connection', 'close'); // the rest of the body is not worth reading
          return sendProblem(response, 413, 'Content too large', error.message);
        }
        log('error', 'host', (error as Error).stack ?? String(error));
        sendProblem(response, 500, 'Internal error', 'The local host failed; see its log.');
      })
      .catch(() => response.destroy()); // the connection is already gone: nothing left to answer
  });
  const port = await listen(server, options.port, options.hostname);
  const url = `http://${options.hostname === '0.0.0.0' ? 'localhost' : options.hostname}:${port}`;
  consumers.forEach((consumer) => consumer.start());
  timers.start();

  return {
    url,
    broker,
    functions,
    timers,
    describe: () => [
      ...gateway.describe(url),
      ...consumers.map(
        (consumer) =>
          `${consumer.fn.name}: [serviceBusTrigger] queue ${consumer.queue.name} (at most ${consumer.maxConcurrentCalls} at once)`,
      ),
      ...ofType('timerTrigger').map(
        (fn) =>
          `${fn.name}: [timerTrigger] ${resolveAppSetting(String(fn.trigger.schedule))} (next ${timers.nextOccurrence(fn)?.toISOString()})`,
      ),
    ],
    async idle(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(consumers.every((consumer) => consumer.idle) && timers.idle)) {
        if (Date.now() > deadline) throw new Error(`The local host was still busy after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      // The deliveries and timer runs under way finish first, within the bound idle() waits too: a stuck handler must
      // not hang stop.
      await Promise.race([
        Promise.all([timers.stop(), ...consumers.map((consumer) => consumer.stop())]),
        new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
      ]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
