import { app } from '@azure/functions';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readOffering } from '../shared/services/supportOffering';

/** GET /api/offering: the tenant's support offering with its engine settings (escalation ladder, entitlements). */
export const getOffering = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'offering:read');
  return { status: 200, jsonBody: await readOffering(desk, principal) };
});

app.http('getOffering', { methods: ['GET'], route: 'offering', authLevel: 'anonymous', handler: getOffering });
