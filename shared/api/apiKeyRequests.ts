import { z } from 'zod';
import { apiKeyRecordSchema, apiKeyRoleSchema, servedCustomersSchema } from '../domain/apiKey';
import { built } from '../domain/builtSchema';

/** POST /api/keys. */
export const apiKeyCreateRequestSchema = z.lazy(() =>
  z.strictObject({
    role: apiKeyRoleSchema,
    /** Who or what uses the key, e.g. "Ann (agent)" or "Customer portal"; the timeline names actors by key id. */
    label: z.string().trim().min(1).max(200).optional(),
    /** Portal keys only: the customers (Microsoft Entra tenant ids) the key serves; without it, every customer. */
    customerTenantIds: servedCustomersSchema.optional(),
  }),
);

/** The answer to POST /api/keys: the only time the secret is shown. */
export const issuedApiKeySchema = z.lazy(() => built(apiKeyRecordSchema).extend({ secret: z.string() }));

export const apiKeyListSchema = z.object({ items: z.array(apiKeyRecordSchema) });
