import { app } from '@azure/functions';
import { revokeApiKeyEndpoint } from '../shared/api/catalogue/keyEndpoints';
import { revokeApiKey as revoke } from '../shared/services/apiKeys';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** DELETE /api/keys/{id}: the key fails from the next request on. */
export const revokeApiKey = endpointHandler(revokeApiKeyEndpoint, async ({ principal, path }, desk) => {
  await revoke(desk.apiKeys, principal, path.id);
  return { status: 204 };
});

app.http(revokeApiKeyEndpoint.name, { ...httpTrigger(revokeApiKeyEndpoint), handler: revokeApiKey });
