import { app } from '@azure/functions';
import { supportOfferingSchema } from '../shared/domain/offering';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { replaceOffering } from '../shared/services/supportOffering';

/** PUT /api/offering: an admin replaces the tenant's support offering as a whole. */
export const putOffering = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'offering:manage');
  const offering = await readJsonBody(request, supportOfferingSchema);
  return { status: 200, jsonBody: await replaceOffering(desk, principal, offering) };
});

app.http('putOffering', { methods: ['PUT'], route: 'offering', authLevel: 'anonymous', handler: putOffering });
