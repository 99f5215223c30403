import { app } from '@azure/functions';
import { getPublicOfferingEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { readPublicOffering } from '../shared/services/supportOffering';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/offering/{tenant}/public: what a customer portal shows, without a key; never the tenant's settings. */
export const getPublicOffering = endpointHandler(getPublicOfferingEndpoint, async ({ path }, desk) => ({
  status: 200,
  body: await readPublicOffering(desk, path.tenant),
  cacheControl: 'public, max-age=300',
}));

app.http(getPublicOfferingEndpoint.name, { ...httpTrigger(getPublicOfferingEndpoint), handler: getPublicOffering });
