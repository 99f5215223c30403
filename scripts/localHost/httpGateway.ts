import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpRequest, HttpResponse, type HttpResponseInit } from '@azure/functions';
import { invocationContextFor, type LogSink } from './functionApp';
import type { CapturedFunction } from './functionsCore';
import { routeTemplate, type RouteTemplate } from './routeTemplate';

/** Azure's own request size limit; the functions apply their tighter ones. */
const maxRequestBytes = 100 * 1024 * 1024;

interface HttpRoute {
  fn: CapturedFunction;
  template: RouteTemplate;
  methods: string[];
}

export function readRequestBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxRequestBytes) {
        reject(new Error('Request body exceeds 100 MB'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export function sendJson(response: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  response.writeHead(status, { 'content-type': contentType });
  response.end(JSON.stringify(body));
}

function sendProblem(response: ServerResponse, status: number, title: string, detail: string, extraHeaders: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/problem+json', ...extraHeaders });
  response.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

/** Serves every HTTP-triggered function under the route prefix, routing by template and method like the Functions host. */
export class HttpGateway {
  private readonly routes: HttpRoute[];

  constructor(
    functions: readonly CapturedFunction[],
    private readonly routePrefix: string,
    private readonly log: LogSink,
  ) {
    this.routes = functions.map((fn) => ({
      fn,
      template: routeTemplate(String(fn.trigger.route ?? fn.name)),
      methods: (fn.trigger.methods ?? ['GET', 'POST']).map((method) => method.toUpperCase()),
    }));
  }

  /** Endpoint lines for the start-up banner. */
  describe(baseUrl: string): string[] {
    return this.routes.map((route) => `${route.fn.name}: [${route.methods.join(',')}] ${baseUrl}/${this.routePrefix}/${route.template.template}`);
  }

  /** Returns false when the path is not under the route prefix, so the caller may try its own routes. */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    const prefix = `/${this.routePrefix}`;
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return false;
    const path = url.pathname.slice(prefix.length);
    const method = (request.method ?? 'GET').toUpperCase();
    const matching = this.routes
      .map((route) => ({ route, params: route.template.match(path) }))
      .filter((candidate): candidate is { route: HttpRoute; params: Record<string, string> } => candidate.params !== undefined);
    if (matching.length === 0) {
      sendProblem(response, 404, 'Not found', `No function serves ${url.pathname}.`);
      return true;
    }
    const chosen = matching.find((candidate) => candidate.route.methods.includes(method));
    if (!chosen) {
      const allowed = [...new Set(matching.flatMap((candidate) => candidate.route.methods))];
      sendProblem(response, 405, 'Method not allowed', `${url.pathname} accepts ${allowed.join(', ')}.`, { allow: allowed.join(', ') });
      return true;
    }
    await this.invoke(chosen.route.fn, chosen.params, request, response, url);
    return true;
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
      headers: headersOf(request),
      query: Object.fromEntries(url.searchParams.entries()),
      params,
      body: method === 'GET' || method === 'HEAD' ? undefined : { bytes: body },
    });
    const context = invocationContextFor(fn, { params, query: Object.fromEntries(url.searchParams.entries()) }, this.log);
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
