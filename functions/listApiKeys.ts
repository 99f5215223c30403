import { app } from '@azure/functions';
import { listApiKeysEndpoint } from '../shared/api/catalogue/keyEndpoints';
import { listApiKeys as listTenantKeys } from '../shared/services/apiKeys';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/keys: the tenant's keys, never their secrets. */
export const listApiKeys = endpointHandler(listApiKeysEndpoint, async ({ principal }, desk) => ({
  status: 200,
  body: { items: await listTenantKeys(desk.apiKeys, principal.tenantId) },
}));

app.http(listApiKeysEndpoint.name, { ...httpTrigger(listApiKeysEndpoint), handler: listApiKeys });
