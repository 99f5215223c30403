import { z } from 'zod';

/** GET /api/health. */
export const healthSchema = z.lazy(() =>
  z.object({
    status: z.enum(['ok', 'unavailable']),
    storage: z.string(),
    time: z.iso.datetime(),
  }),
);

/** GET /api/openapi.json: this contract, as an OpenAPI 3.1 document. */
export const openApiDocumentSchema = z.lazy(() =>
  z.looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  }),
);
export type OpenApiDocument = z.infer<typeof openApiDocumentSchema>;
