import { apiKeyCreateRequestSchema, apiKeyListSchema, issuedApiKeySchema } from '../apiKeyRequests';
import { z } from 'zod';
import { defineEndpoint, named, type Endpoint } from '../endpoint';
import { apiKeyIdParameter } from '../pathParameters';

export const createApiKeyEndpoint = defineEndpoint({
  name: 'createApiKey',
  method: 'POST',
  route: 'keys',
  tag: 'API keys',
  summary: 'Issue an API key for the tenant',
  description:
    'The secret is in this answer only; the desk stores nothing but its hash. A portal key may be limited to up to ten ' +
    "customers (`customerTenantIds`): it then opens, reads, lists and works only those customers' cases.",
  access: 'keys:manage',
  body: named('ApiKeyRequest', apiKeyCreateRequestSchema),
  responses: { 201: { description: 'The new key with its secret', body: named('IssuedApiKey', issuedApiKeySchema) } },
});

export const listApiKeysEndpoint = defineEndpoint({
  name: 'listApiKeys',
  method: 'GET',
  route: 'keys',
  tag: 'API keys',
  summary: "List the tenant's API keys (without secrets)",
  access: 'keys:manage',
  responses: { 200: { description: "The tenant's keys", body: named('ApiKeyList', apiKeyListSchema) } },
});

export const revokeApiKeyEndpoint = defineEndpoint({
  name: 'revokeApiKey',
  method: 'DELETE',
  route: 'keys/{id}',
  tag: 'API keys',
  summary: 'Revoke an API key',
  description: 'The key fails from the next request on.',
  access: 'keys:manage',
  path: z.strictObject({ id: apiKeyIdParameter }),
  responses: { 204: { description: 'The key is revoked' } },
  conflicts: 'A key cannot revoke itself.',
});

export const keyEndpoints: readonly Endpoint[] = [createApiKeyEndpoint, listApiKeysEndpoint, revokeApiKeyEndpoint];
