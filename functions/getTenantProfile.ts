import { app } from '@azure/functions';
import { getTenantProfileEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { notFound } from '../shared/errors';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/tenant-profile: the partner's name and the support mailboxes whose mail becomes its cases, with its ETag. */
export const getTenantProfile = endpointHandler(getTenantProfileEndpoint, async ({ principal }, desk) => {
  const profile = await desk.tenants.versionedProfile(principal.tenantId);
  if (!profile) throw notFound('This tenant has no profile yet; PUT one to register its support mailboxes.');
  return { status: 200, body: profile.value, etag: profile.etag };
});

app.http(getTenantProfileEndpoint.name, { ...httpTrigger(getTenantProfileEndpoint), handler: getTenantProfile });
