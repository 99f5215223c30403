import { app } from '@azure/functions';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';

/** GET /api/offering: the tenant's support offering with its engine settings (escalation ladder, entitlements) and ETag. */
export const getOffering = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'offering:read');
  const offering = await desk.tenants.versionedOffering(principal.tenantId);
  return { status: 200, headers: { etag: offering.etag }, jsonBody: offering.value };
});

app.http('getOffering', { methods: ['GET'], route: 'offering', authLevel: 'anonymous', handler: getOffering });
