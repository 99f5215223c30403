import { app } from '@azure/functions';
import { getOfferingEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/offering: the tenant's support offering with its engine settings (escalation ladder, entitlements) and ETag. */
export const getOffering = endpointHandler(getOfferingEndpoint, async ({ principal }, desk) => {
  const offering = await desk.tenants.versionedOffering(principal.tenantId);
  return { status: 200, body: offering.value, etag: offering.etag };
});

app.http(getOfferingEndpoint.name, { ...httpTrigger(getOfferingEndpoint), handler: getOffering });
