import { app } from '@azure/functions';
import { createApiKeyEndpoint } from '../shared/api/catalogue/keyEndpoints';
import { issueApiKey } from '../shared/services/apiKeys';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** POST /api/keys: an admin issues a key for the tenant; the secret is in this answer only. */
export const createApiKey = endpointHandler(createApiKeyEndpoint, async ({ principal, body }, desk) => {
  const { record, secret } = await issueApiKey(desk, { tenantId: principal.tenantId, ...body });
  return { status: 201, body: { ...record, secret } };
});

app.http(createApiKeyEndpoint.name, { ...httpTrigger(createApiKeyEndpoint), handler: createApiKey });
