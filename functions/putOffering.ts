import { app } from '@azure/functions';
import { supportOfferingSchema } from '../shared/domain/offering';
import { authorize, ifMatchOf } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { guardedSettingsWrite } from '../shared/http/writeConditions';

/** PUT /api/offering: an admin replaces the tenant's support offering as a whole; If-Match guards against a stale copy. */
export const putOffering = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'offering:manage');
  const offering = await readJsonBody(request, supportOfferingSchema);
  const etag = await guardedSettingsWrite(() => desk.tenants.saveOffering(principal.tenantId, offering, ifMatchOf(request)));
  return { status: 200, headers: { etag }, jsonBody: offering };
});

app.http('putOffering', { methods: ['PUT'], route: 'offering', authLevel: 'anonymous', handler: putOffering });
