import { z } from 'zod';
import { apiKeyRoleSchema } from '../domain/apiKey';
import { permissionTable, rolesWith } from '../domain/permissions';
import { endpointTags, type Endpoint, type EndpointResponse, type NamedSchema, type ParameterSchema } from './endpoint';
import { endpoints } from './endpoints';
import { problemSchema } from './problems';
import type { OpenApiDocument } from './deskResponses';
import { built } from '../domain/builtSchema';

type JsonObject = Record<string, unknown>;

/** The version of the HTTP contract; raise it with every change a portal developer has to know about. */
export const contractVersion = '1.5.0';

const componentRef = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const problemRef = componentRef('Problem');

const problemTitles: Record<number, string> = {
  400: 'The request is not valid (a path id, a query parameter the endpoint does not take or a bad value, a header, the body): `errors` lists every bad field',
  401: 'No API key, or one that is unknown or revoked',
  403: "The key's role lacks the permission",
  404: "No such object in the caller's tenant (another tenant's objects are never visible)",
  409: 'Conflict',
  412: 'If-Match names an older version (of the case or the setting): read it again, nothing was changed',
  413: 'The body is larger than 256 KB',
  415: 'The body is not application/json',
  429: 'Too many requests with wrong API keys from this client: wait as Retry-After says',
  503: 'Busy: try again after Retry-After seconds; nothing was changed',
};

const actedByHeader: JsonObject = {
  name: 'Acted-By',
  in: 'header',
  required: false,
  description:
    'The person acting through the key (a portal user, an agent on a shared key), recorded on the timeline entries ' +
    'the call makes. Percent-encode names with characters outside Latin-1 (encodeURIComponent). 1-200 characters.',
  schema: { type: 'string', minLength: 1, maxLength: 600 },
};

const requestHeaders: Record<string, JsonObject> = {
  'If-Match': {
    name: 'If-Match',
    in: 'header',
    required: false,
    description:
      'The ETag the change is based on; a stale one answers 412. Without it, the change applies to the latest version.',
    schema: { type: 'string' },
  },
  'Idempotency-Key': {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Up to 200 characters; a retry with the same key and body changes nothing a second time and answers as the first did.',
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  },
};

const responseHeaders: Record<string, JsonObject> = {
  ETag: { description: 'The version of the case or setting, for If-Match.', schema: { type: 'string' } },
  Location: { description: 'Where the case can be read.', schema: { type: 'string' } },
};

type Direction = 'request' | 'response';

/**
 * Collects the named schemas of the catalogue. Requests are documented as clients send them (defaults optional),
 * responses as the desk answers, so one schema used both ways needs two names; one name for two different schemas
 * (or two names for one schema in one direction) would make the document lie, and fails here.
 */
class ComponentNames {
  private readonly owners = new Map<string, { schema: z.ZodType; direction: Direction }>();
  readonly requests = z.registry<{ id: string }>();
  readonly responses = z.registry<{ id: string }>();

  add({ name, schema }: NamedSchema, direction: Direction): void {
    const owner = this.owners.get(name);
    if (owner && (owner.schema !== schema || owner.direction !== direction))
      throw new Error(`The name ${name} is given to two schemas`);
    const registry = direction === 'request' ? this.requests : this.responses;
    const existing = registry.get(schema)?.id;
    if (existing !== undefined && existing !== name)
      throw new Error(`One ${direction} schema is named both ${existing} and ${name}`);
    this.owners.set(name, { schema, direction });
    if (existing === undefined) registry.add(schema, { id: name });
  }
}

/**
 * A request object takes no member its schema does not name, strict or not (requestBody.ts refuses one with a 400), so
 * the document says so: `additionalProperties: false` where the schema leaves it open.
 */
function noOtherMembers(context: { zodSchema: { _zod: { def: { type: string } } }; jsonSchema: JsonObject }): void {
  if (context.zodSchema._zod.def.type === 'object' && context.jsonSchema.additionalProperties === undefined)
    context.jsonSchema.additionalProperties = false;
}

function componentSchemas(catalogue: readonly Endpoint[]): JsonObject {
  const names = new ComponentNames();
  for (const endpoint of catalogue) {
    if (endpoint.body) names.add(endpoint.body, 'request');
    for (const response of Object.values(endpoint.responses)) if (response.body) names.add(response.body, 'response');
  }
  names.add({ name: 'Problem', schema: problemSchema }, 'response');
  const uri = (id: string): string => `#/components/schemas/${id}`;
  const converted = {
    ...z.toJSONSchema(names.requests, { target: 'draft-2020-12', io: 'input', uri, override: noOtherMembers }).schemas,
    ...z.toJSONSchema(names.responses, { target: 'draft-2020-12', io: 'output', uri, unrepresentable: 'any' }).schemas,
  };
  return Object.fromEntries(
    Object.entries(converted).map(([name, { $schema: _schema, $id: _id, ...schema }]) => [name, schema]),
  );
}

const shapeOf = (fields: ParameterSchema | undefined): z.ZodRawShape => {
  if (fields === undefined) return {};
  return fields instanceof z.ZodObject ? fields.shape : built(fields).shape;
};

const routeParameters = (route: string): string[] =>
  [...route.matchAll(/\{([^}:?]+)[^}]*\}/g)].map((match) => match[1] as string);

/** Path or query parameters as the document shows them: each field's JSON schema, its description, whether it is required. */
function fieldParameters(fields: ParameterSchema | undefined, where: 'path' | 'query'): JsonObject[] {
  return Object.entries(shapeOf(fields)).map(([name, schema]) => {
    const {
      $schema: _schema,
      description,
      ...jsonSchema
    } = z.toJSONSchema(schema as z.ZodType, { target: 'draft-2020-12', io: 'input' });
    return {
      name,
      in: where,
      required: where === 'path' || !(schema as z.ZodType).safeParse(undefined).success,
      description,
      schema: jsonSchema,
    };
  });
}

function parameters(endpoint: Endpoint): JsonObject[] {
  const inPath = routeParameters(endpoint.route);
  const described = Object.keys(shapeOf(endpoint.path));
  if (inPath.join() !== described.join()) {
    throw new Error(
      `${endpoint.name}: route ${endpoint.route} has parameters [${inPath}] but the definition checks [${described}]`,
    );
  }
  const headers = (endpoint.requestHeaders ?? []).map((header) => requestHeaders[header] as JsonObject);
  if (endpoint.access !== 'anyone') headers.push(actedByHeader);
  return [...fieldParameters(endpoint.path, 'path'), ...fieldParameters(endpoint.query, 'query'), ...headers];
}

function success(response: EndpointResponse): JsonObject {
  const headers = Object.fromEntries((response.headers ?? []).map((header) => [header, responseHeaders[header]]));
  return {
    description: response.description,
    ...(response.headers?.length ? { headers } : {}),
    ...(response.body
      ? {
          content: {
            'application/json': { schema: componentRef(response.body.name) },
            ...(response.text
              ? { [response.text.contentType]: { schema: { type: 'string', description: response.text.description } } }
              : {}),
          },
        }
      : {}),
  };
}

/** The failures an endpoint can answer with, from what it takes: a key, a body, a path id, If-Match, a conflict. */
function problemStatuses(endpoint: Endpoint): number[] {
  const statuses = new Set<number>();
  if (endpoint.access !== 'anyone') {
    statuses.add(401);
    statuses.add(429);
    if (rolesWith(endpoint.access).length < apiKeyRoleSchema.options.length || endpoint.forbidden) statuses.add(403);
  }
  if (endpoint.body) [400, 413, 415].forEach((status) => statuses.add(status));
  // A path id that cannot be one (a case id of another shape, a key id storage would refuse), or a query parameter the
  // endpoint does not take, is the caller's mistake.
  statuses.add(400);
  if (endpoint.path || endpoint.notFound) statuses.add(404);
  if (endpoint.conflicts) statuses.add(409);
  if (endpoint.requestHeaders?.includes('If-Match')) statuses.add(412);
  if (endpoint.unavailable) statuses.add(503);
  return [...statuses].sort((a, b) => a - b);
}

function problem(endpoint: Endpoint, status: number): JsonObject {
  const specific: Record<number, string | undefined> = {
    403: endpoint.forbidden,
    404: endpoint.notFound,
    409: endpoint.conflicts,
    503: endpoint.unavailable,
  };
  const description = specific[status] ?? problemTitles[status];
  return { description, content: { 'application/problem+json': { schema: problemRef } } };
}

function operation(endpoint: Endpoint): JsonObject {
  const roles = endpoint.access === 'anyone' ? [] : rolesWith(endpoint.access);
  const who =
    endpoint.access === 'anyone'
      ? 'No API key needed.'
      : `Roles: ${roles.join(', ')} (${permissionTable[endpoint.access].what}).`;
  const responses: JsonObject = {};
  for (const [status, response] of Object.entries(endpoint.responses)) responses[status] = success(response);
  for (const status of problemStatuses(endpoint)) responses[String(status)] = problem(endpoint, status);
  return {
    operationId: endpoint.name,
    tags: [endpoint.tag],
    summary: endpoint.summary,
    description: [endpoint.description, who].filter(Boolean).join('\n\n'),
    'x-roles': roles,
    security: endpoint.access === 'anyone' ? [] : [{ apiKey: [] }],
    parameters: parameters(endpoint),
    ...(endpoint.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: componentRef(endpoint.body.name) } },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the catalogue, generated from the same zod schemas the handlers parse with. */
export function openApiDocument(catalogue: readonly Endpoint[] = endpoints): OpenApiDocument {
  const paths: Record<string, JsonObject> = {};
  for (const endpoint of catalogue) {
    const path = (paths[`/${endpoint.route}`] ??= {});
    path[endpoint.method.toLowerCase()] = operation(endpoint);
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'CSP Support Desk API',
      version: contractVersion,
      description:
        'Cases, their lifecycle, replies and escalations to Microsoft for a Microsoft CSP partner desk. Every call except health and ' +
        'this document needs an API key in the x-api-key header; the key decides the tenant and the role (portal, agent, admin). ' +
        'Objects of another tenant are never visible: they answer 404. A query parameter an operation does not list, or a ' +
        'parameter sent twice, is a 400. Failures are RFC 9457 problem details.',
    },
    servers: [{ url: '/api' }],
    tags: endpointTags.map((name) => ({ name })),
    paths,
    components: {
      schemas: componentSchemas(catalogue),
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
    },
  };
}
