import { app } from '@azure/functions';
import { putOfferingEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { guardedSettingsWrite } from '../shared/http/writeConditions';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** PUT /api/offering: an admin replaces the tenant's support offering as a whole; If-Match guards against a stale copy. */
export const putOffering = endpointHandler(putOfferingEndpoint, async ({ principal, body, ifMatch }, desk) => {
  const etag = await guardedSettingsWrite(() => desk.tenants.saveOffering(principal.tenantId, body, ifMatch));
  return { status: 200, body, etag };
});

app.http(putOfferingEndpoint.name, { ...httpTrigger(putOfferingEndpoint), handler: putOffering });
