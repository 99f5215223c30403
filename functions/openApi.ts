import { app } from '@azure/functions';
import { openApiEndpoint } from '../shared/api/catalogue/deskEndpoints';
import { openApiDocument } from '../shared/api/openApiDocument';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

let document: ReturnType<typeof openApiDocument> | undefined;

/** GET /api/openapi.json: the contract portal developers build against; no key needed. Built once per instance. */
export const openApi = endpointHandler(openApiEndpoint, async () => {
  document ??= openApiDocument();
  return { status: 200, body: document };
});

app.http(openApiEndpoint.name, { ...httpTrigger(openApiEndpoint), handler: openApi });
