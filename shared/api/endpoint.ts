import type { z } from 'zod';
import type { Permission } from '../domain/permissions';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A schema with the name it has in the OpenAPI document's components. */
export interface NamedSchema {
  name: string;
  schema: z.ZodType;
}

export const named = (name: string, schema: z.ZodType): NamedSchema => ({ name, schema });

export interface EndpointResponse {
  description: string;
  body?: NamedSchema;
  headers?: ('ETag' | 'Location')[];
}

/** How the document groups endpoints, in this order. */
export const endpointTags = ['Cases', 'Escalations', 'Tenant administration', 'API keys', 'Desk'] as const;
export type EndpointTag = (typeof endpointTags)[number];

/** One HTTP function of the app: how it is called, who may call it, and the zod schemas its handler parses and answers with. */
export interface Endpoint {
  /** The Azure Function's name, also the OpenAPI operationId. */
  name: string;
  method: HttpMethod;
  /** As registered with app.http(), below the /api prefix. */
  route: string;
  tag: EndpointTag;
  summary: string;
  description?: string;
  /** The permission the caller's key needs; `anyone` needs no key. */
  access: Permission | 'anyone';
  pathParameters?: Record<string, string>;
  query?: z.ZodObject;
  requestHeaders?: ('If-Match' | 'Idempotency-Key')[];
  body?: NamedSchema;
  responses: Record<number, EndpointResponse>;
  /** Why the endpoint answers 403 to a role that has the permission, when it can. */
  forbidden?: string;
  /** Why the endpoint answers 404 although it takes no id, when it can. */
  notFound?: string;
  /** Why the endpoint answers 409, when it can. */
  conflicts?: string;
}
