import { app } from '@azure/functions';
import { notFound } from '../shared/errors';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';

/** GET /api/tenant-profile: the partner's name and the support mailboxes whose mail becomes its cases, with its ETag. */
export const getTenantProfile = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'offering:read');
  const profile = await desk.tenants.versionedProfile(principal.tenantId);
  if (!profile) throw notFound('This tenant has no profile yet; PUT one to register its support mailboxes.');
  return { status: 200, headers: { etag: profile.etag }, jsonBody: profile.value };
});

app.http('getTenantProfile', { methods: ['GET'], route: 'tenant-profile', authLevel: 'anonymous', handler: getTenantProfile });
