import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { HttpRequest, HttpResponse, type HttpResponseInit } from '@azure/functions';
import { invocationContextFor, type LogSink } from './functionApp';
import type { CapturedFunction } from './functionsCore';
import { routeTemplate, type RouteTemplate } from './routeTemplate';

/** Azure's own request size limit; the functions apply their tighter ones. */
const maxRequestBytes = 100 * 1024 * 1024;

/** Azure Functions limits the URL to 4 KB and refuses longer ones before any function runs. */
export const maxUrlBytes = 4096;

/** A body over Azure's 100 MB limit: the client's mistake, answered 413. */
export class RequestTooLargeError extends Error {
  override readonly name = 'RequestTooLargeError';
}

/** What a request names, or why it names nothing the host can route: the client's mistake, never the host's. */
export type RequestTarget = { url: URL } | { status: 400 | 414; detail: string };

// RFC 3986 reg-name and IPv4 characters (percent-encoding included), then an optional port. No '@' (userinfo), '/', '?',
// '#', space or second ':'; IPv6 literals are checked on their own.
const hostPattern = /^(?:(?<name>[A-Za-z0-9\-._~!$&'()*+,;=%]+)|\[(?<ipv6>[0-9A-Fa-f:.]+)\])(?::(?<port>\d{0,5}))?$/;

function validHost(host: string): boolean {
  const match = hostPattern.exec(host);
  if (!match?.groups) return false;
  const { ipv6, port } = match.groups;
  if (ipv6 !== undefined && !isIPv6(ipv6)) return false;
  return port === undefined || port === '' || Number(port) <= 65535;
}

function wellFormedPercentEncoding(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false; // a stray '%', a truncated escape, or bytes that are no UTF-8
  }
}

/** HTTP/1.0 may omit Host: the address the request came in on stands in for it, as it would in Kestrel. */
function localAuthority(request: IncomingMessage): string {
  const address = request.socket.localAddress ?? '127.0.0.1';
  const port = request.socket.localPort;
  return `${isIPv6(address) ? `[${address}]` : address}${port ? `:${port}` : ''}`;
}

/**
 * Reads the request target and Host header the way the Functions host (Kestrel) does, and answers what is wrong
 * instead of throwing: RFC 9110 wants 400 for a missing, repeated or invalid Host in HTTP/1.1, an absolute-form
 * target must be an http(s) URL (and then wins over Host), a path must be valid %-encoded UTF-8, and Azure refuses
 * URLs over 4 KB with 414. Nothing here throws, so no request can take the host down.
 */
export function requestTarget(request: IncomingMessage): RequestTarget {
  const target = request.url ?? '/';
  if (Buffer.byteLength(target) > maxUrlBytes)
    return { status: 414, detail: `The URL is longer than ${maxUrlBytes} bytes.` };
  const hosts = request.headersDistinct.host ?? [];
  if (hosts.length > 1) return { status: 400, detail: 'The request has more than one Host header.' };
  const [host] = hosts;
  if (host === undefined && request.httpVersion !== '1.0')
    return { status: 400, detail: 'The request has no Host header.' };
  if (host !== undefined && !validHost(host)) return { status: 400, detail: 'The Host header is not a valid host.' };

  let url: URL;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(target)) {
    try {
      url = new URL(target);
    } catch {
      return { status: 400, detail: 'The request target is not a valid URL.' };
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
      return { status: 400, detail: 'The request target is not an http URL.' };
    }
  } else if (target.startsWith('/')) {
    // Concatenated, not resolved against a base: a path such as //x must stay a path, not become a host.
    try {
      url = new URL(`http://${host ?? localAuthority(request)}${target}`);
    } catch {
      return { status: 400, detail: 'The request target is not a valid path.' };
    }
  } else {
    return { status: 400, detail: 'The request target must be a path or an absolute http URL.' };
  }
  if (!wellFormedPercentEncoding(url.pathname)) return { status: 400, detail: 'The path has malformed %-encoding.' };
  return { url };
}

interface HttpRoute {
  fn: CapturedFunction;
  template: RouteTemplate;
  methods: string[];
}

/**
 * Reads the whole body, refusing one over Azure's 100 MB limit with a RequestTooLargeError (as soon as Content-Length
 * announces it, else when the bytes pass it). The socket is left open so the 413 can still be sent; the rest of the
 * body is discarded.
 */
export function readRequestBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = (): RequestTooLargeError => new RequestTooLargeError('The request body exceeds 100 MB.');
    if (Number(request.headers['content-length'] ?? 0) > maxRequestBytes) {
      request.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxRequestBytes) {
        chunks.length = 0; // keep nothing of a body that is refused anyway
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
    // A client that goes away mid-body emits neither 'end' nor always 'error'; without this the promise would hang.
    request.on('close', () => {
      if (!request.complete) reject(new Error('The client closed the connection before the body was complete.'));
    });
  });
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Answers with a JSON body (the admin routes' answers, and problems with a content type of their own). */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
): void {
  response.writeHead(status, { 'content-type': contentType });
  response.end(JSON.stringify(body));
}

/** Answers with an RFC 9457 problem, as the app's functions do. */
export function sendProblem(
  response: ServerResponse,
  status: number,
  title: string,
  detail: string,
  extraHeaders: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/problem+json', ...extraHeaders });
  response.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

/** The Functions host's own page at `/`, which answers when no function's route is `/`. */
const homepage = `<!DOCTYPE html>
<html><head><title>Your Functions 4.0 app is up and running</title></head>
<body><h1>Your Functions 4.0 app is up and running</h1><p>Local host of the CSP support desk.</p></body></html>
`;

/**
 * What the Functions host answers when no function's route and methods fit: the host's homepage at `/` (200, or 204
 * when AzureWebJobsDisableHomepage is true), anywhere else a 404 with an empty body. The host writes no problem
 * document here, so a client must not expect one locally either.
 */
export function sendUnrouted(response: ServerResponse, url: URL, settings: NodeJS.ProcessEnv = process.env): void {
  if (url.pathname === '/') {
    if (settings.AzureWebJobsDisableHomepage?.toLowerCase() === 'true') {
      response.writeHead(204).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(homepage) });
    response.end(homepage);
    return;
  }
  response.writeHead(404, { 'content-length': '0' }).end();
}

/**
 * Serves every HTTP-triggered function as the Functions host routes them: each route template behind the route prefix
 * (`api/cases/{id}`), matched case-insensitively in registration order, with the function's methods as part of the
 * route. A path no function's route and methods fit is answered by `sendUnrouted`: a wrong method, HEAD or OPTIONS on
 * a route that lacks it, a path outside the prefix all get the host's empty 404, never a 405.
 */
export class HttpGateway {
  private readonly routes: HttpRoute[];

  /**
   * @param platformHeaders what the platform in front of the app does to a request's headers (App Service
   *   Authentication removes client-supplied identity headers and adds its own); by default nothing.
   */
  constructor(
    functions: readonly CapturedFunction[],
    routePrefix: string,
    private readonly log: LogSink,
    private readonly platformHeaders: (headers: Record<string, string>) => Record<string, string> = (headers) =>
      headers,
  ) {
    this.routes = functions.map((fn) => {
      const route = String(fn.trigger.route ?? fn.name);
      return {
        fn,
        template: routeTemplate(routePrefix ? `${routePrefix}/${route}` : route),
        // The @azure/functions library always names the methods (GET and POST when the app gives none).
        methods: (fn.trigger.methods ?? ['GET', 'POST']).map((method) => method.toUpperCase()),
      };
    });
  }

  /** Endpoint lines for the start-up banner. */
  describe(baseUrl: string): string[] {
    return this.routes.map(
      (route) => `${route.fn.name}: [${route.methods.join(',')}] ${baseUrl}/${route.template.template}`,
    );
  }

  /** Runs the first function whose route and methods fit the request, or answers as the host does when none does. */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    for (const route of this.routes) {
      if (!route.methods.includes(method)) continue;
      const params = route.template.match(url.pathname);
      if (params === undefined) continue;
      await this.invoke(route.fn, params, request, response, url);
      return;
    }
    request.resume(); // an unread body would otherwise hold the connection
    sendUnrouted(response, url);
  }

  private async invoke(
    fn: CapturedFunction,
    params: Record<string, string>,
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    const body = await readRequestBody(request);
    const method = (request.method ?? 'GET').toUpperCase();
    const httpRequest = new HttpRequest({
      method,
      url: url.toString(),
      headers: this.platformHeaders(headersOf(request)),
      // No query mapping: the library then reads the URL's own search parameters, repeated ones included.
      params,
      body: method === 'GET' || method === 'HEAD' ? undefined : { bytes: body },
    });
    const context = invocationContextFor(
      fn,
      { params, query: Object.fromEntries(url.searchParams.entries()) },
      this.log,
    );
    let result: unknown;
    try {
      result = await fn.handler(httpRequest, context);
    } catch (error) {
      this.log('error', fn.name, `threw: ${(error as Error).stack ?? String(error)}`);
      sendProblem(response, 500, 'Internal error', `Function ${fn.name} failed; see the host log.`);
      return;
    }
    const httpResponse = result instanceof HttpResponse ? result : new HttpResponse((result ?? {}) as HttpResponseInit);
    const headers: Record<string, string> = {};
    httpResponse.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const bytes = Buffer.from(await httpResponse.arrayBuffer());
    response.writeHead(httpResponse.status, headers);
    response.end(bytes);
  }
}
