import { app } from '@azure/functions';
import { openApiDocument } from '../shared/api/openApiDocument';
import { deskHttpHandler } from '../shared/http/httpFunction';

let document: ReturnType<typeof openApiDocument> | undefined;

/** GET /api/openapi.json: the contract portal developers build against; no key needed. Built once per instance. */
export const openApi = deskHttpHandler(async () => {
  document ??= openApiDocument();
  return { status: 200, jsonBody: document };
});

app.http('openApi', { methods: ['GET'], route: 'openapi.json', authLevel: 'anonymous', handler: openApi });
