import type { HttpHandler, HttpMethod, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { currentDesk, type Desk } from '../composition';
import type { Endpoint, EndpointAnswer, EndpointInput } from '../api/endpoint';
import { actedByOf, authorize, ifMatchOf } from './authorization';
import { problemResponse } from './problems';
import { readJsonBody, validate } from './requestBody';
import { idempotencyKeyOf } from './writeConditions';

/** What an endpoint does once its definition was enforced: the checked input in, one of its documented answers out. */
export type EndpointHandler<E extends Endpoint> = (
  input: EndpointInput<E>,
  desk: Desk,
  context: InvocationContext,
) => Promise<EndpointAnswer<E>>;

/**
 * Where the API lives on the function app. host.json's routePrefix is empty so that the agent console can be served
 * from the same app at /console (a function's route cannot leave the host-wide prefix); every API route carries this
 * prefix itself instead, so the API's paths stay /api/... and the OpenAPI document (servers: /api) is unchanged.
 */
export const apiRoutePrefix = 'api';

/** The trigger options of `app.http` for an endpoint: its method and route, with the desk's own API-key check. */
export function httpTrigger(endpoint: Endpoint): { methods: HttpMethod[]; route: string; authLevel: 'anonymous' } {
  return { methods: [endpoint.method], route: `${apiRoutePrefix}/${endpoint.route}`, authLevel: 'anonymous' };
}

const nothing = z.strictObject({});

/**
 * Headers every answer carries. Answers hold case data (customers, contacts, mail text) or problems that name cases,
 * so no browser or proxy may keep them (`no-store`) unless a handler chose its own caching for public data, and no
 * browser may sniff a JSON answer into something it renders (`nosniff`).
 */
function safetyHeaders(cacheControl: string | undefined): Record<string, string> {
  return { 'cache-control': cacheControl ?? 'no-store', 'x-content-type-options': 'nosniff' };
}

function toHttpResponse(
  endpoint: Endpoint,
  answer: { status: number; body?: unknown; text?: string; etag?: string; location?: string; cacheControl?: string },
): HttpResponseInit {
  const headers: Record<string, string> = safetyHeaders(answer.cacheControl);
  if (answer.etag !== undefined) headers.etag = answer.etag;
  if (answer.location !== undefined) headers.location = answer.location;
  const contentType = endpoint.responses[answer.status]?.text?.contentType;
  if (answer.text !== undefined && contentType !== undefined) {
    return { status: answer.status, headers: { ...headers, 'content-type': contentType }, body: answer.text };
  }
  return { status: answer.status, headers, ...(answer.body !== undefined ? { jsonBody: answer.body } : {}) };
}

/** Repeated query parameters arrive as arrays, so a schema that takes one value refuses two instead of reading the first. */
function queryOf(request: HttpRequest): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(request.query.keys())) {
    const values = request.query.getAll(name);
    query[name] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}

async function inputOf<E extends Endpoint>(endpoint: E, request: HttpRequest, desk: Desk): Promise<EndpointInput<E>> {
  const caller = endpoint.access === 'anyone' ? undefined : await authorize(request, desk, endpoint.access);
  const actedBy = caller && actedByOf(request, caller);
  const principal = caller && actedBy !== undefined ? { ...caller, actedBy } : caller;
  const path: unknown = validate(endpoint.path ?? nothing, request.params, 'The path');
  const query: unknown = validate(endpoint.query ?? nothing, queryOf(request), 'The query');
  const headers = endpoint.requestHeaders ?? [];
  const ifMatch = headers.includes('If-Match') ? ifMatchOf(request) : undefined;
  const idempotencyKey = headers.includes('Idempotency-Key') ? idempotencyKeyOf(request) : undefined;
  const body: unknown = endpoint.body ? await readJsonBody(request, endpoint.body.schema) : undefined;
  // Each value was parsed with the schema the type is inferred from; TypeScript cannot follow that through the generic.
  return { principal, path, query, body, ifMatch, idempotencyKey } as EndpointInput<E>;
}

/**
 * The HTTP handler of an endpoint, built from its definition: the key must hold the endpoint's permission (401, 403,
 * 429), the path, query, headers and body must fit its schemas (400, 413, 415), in that order and before the handler
 * runs; whatever the handler throws becomes one problem response. Every answer carries the safety headers.
 */
export function endpointHandler<E extends Endpoint>(endpoint: E, handler: NoInfer<EndpointHandler<E>>): HttpHandler {
  return async (request, context) => {
    try {
      const desk = currentDesk();
      return toHttpResponse(endpoint, await handler(await inputOf(endpoint, request, desk), desk, context));
    } catch (error) {
      const response = problemResponse(error, context, new URL(request.url).pathname);
      return { ...response, headers: { ...(response.headers as Record<string, string>), ...safetyHeaders(undefined) } };
    }
  };
}
