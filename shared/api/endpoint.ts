import type { z } from 'zod';
import type { Principal } from '../domain/apiKey';
import type { Permission } from '../domain/permissions';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RequestHeaderName = 'If-Match' | 'Idempotency-Key';
export type ResponseHeaderName = 'ETag' | 'Location';

/** A schema with the name it has in the OpenAPI document's components. */
export interface NamedSchema<Schema extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly schema: Schema;
}

export const named = <Schema extends z.ZodType>(name: string, schema: Schema): NamedSchema<Schema> => ({
  name,
  schema,
});

/** Path or query parameters: a strict zod object, or one built on first use (`z.lazy`, see builtSchema.ts). */
export type ParameterSchema = z.ZodObject | z.ZodLazy<z.ZodObject>;

export interface EndpointResponse {
  readonly description: string;
  readonly body?: NamedSchema;
  readonly headers?: readonly ResponseHeaderName[];
  /** The same answer as text in another media type (e.g. text/csv), which the handler may send instead of the JSON body. */
  readonly text?: { readonly contentType: string; readonly description: string };
}

/** How the document groups endpoints, in this order. */
export const endpointTags = [
  'Cases',
  'Work queues',
  'Escalations',
  'Tenant administration',
  'API keys',
  'Desk',
] as const;
export type EndpointTag = (typeof endpointTags)[number];

/**
 * One HTTP function of the app, the single definition of it: `app.http` registers it from here (name, method, route),
 * the desk's endpoint handler enforces it (access, path, query, headers, body, and the answers' types), and the OpenAPI
 * document describes it. Path and query are strict zod objects; a field's `.describe()` is its documentation.
 */
export interface Endpoint {
  /** The Azure Function's name, also the OpenAPI operationId. */
  readonly name: string;
  readonly method: HttpMethod;
  /** As registered with app.http(), below the /api prefix. */
  readonly route: string;
  readonly tag: EndpointTag;
  readonly summary: string;
  readonly description?: string;
  /** The permission the caller's key needs; `anyone` needs no key. */
  readonly access: Permission | 'anyone';
  /** One field per `{parameter}` of the route, in route order. */
  readonly path?: ParameterSchema;
  /** The query parameters; without it, any query parameter is a 400. */
  readonly query?: ParameterSchema;
  readonly requestHeaders?: readonly RequestHeaderName[];
  readonly body?: NamedSchema;
  readonly responses: Readonly<Record<number, EndpointResponse>>;
  /** Why the endpoint answers 403 to a role that has the permission, when it can. */
  readonly forbidden?: string;
  /** Why the endpoint answers 404 although it takes no id, when it can. */
  readonly notFound?: string;
  /** Why the endpoint answers 409, when it can. */
  readonly conflicts?: string;
  /** Why the endpoint answers 503, when it can (with Retry-After). */
  readonly unavailable?: string;
}

/** Keeps an endpoint's literal types (its access, schemas and answers), which type the handler registered for it. */
export const defineEndpoint = <const E extends Endpoint>(endpoint: E): E => endpoint;

type Parsed<Schema> = Schema extends z.ZodType ? z.output<Schema> : Record<string, never>;
type BodyOf<E extends Endpoint> = E['body'] extends NamedSchema<infer Schema> ? z.output<Schema> : undefined;

/** What the handler of an endpoint gets: everything the definition asks for, already checked. */
export interface EndpointInput<E extends Endpoint> {
  /** The caller behind the API key, holding the endpoint's permission; undefined for `anyone`. */
  readonly principal: E['access'] extends 'anyone' ? undefined : Principal;
  readonly path: Parsed<E['path']>;
  readonly query: Parsed<E['query']>;
  readonly body: BodyOf<E>;
  /** If-Match, when the endpoint takes it; `*` counts as no header. */
  readonly ifMatch: string | undefined;
  /** Idempotency-Key, when the endpoint takes it. */
  readonly idempotencyKey: string | undefined;
}

type HeadersOf<Response> = Response extends { readonly headers: readonly (infer Name)[] } ? Name : never;

type AnswerTo<Response extends EndpointResponse, Status extends number> = {
  status: Status;
  cacheControl?: string;
} & (Response extends {
  readonly body: NamedSchema<infer Schema>;
}
  ? Response extends { readonly text: object }
    ? { body: z.output<Schema>; text?: undefined } | { text: string; body?: undefined }
    : { body: z.output<Schema>; text?: undefined }
  : { body?: undefined; text?: undefined }) &
  ('ETag' extends HeadersOf<Response> ? { etag: string } : { etag?: undefined }) &
  ('Location' extends HeadersOf<Response> ? { location: string } : { location?: undefined });

/** What a handler may answer: one of the endpoint's documented statuses, with that status's body and headers. */
export type EndpointAnswer<E extends Endpoint> = {
  [Status in keyof E['responses'] & number]: AnswerTo<E['responses'][Status], Status>;
}[keyof E['responses'] & number];
