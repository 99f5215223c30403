import { app } from '@azure/functions';
import { tenantProfileSchema } from '../shared/domain/tenantProfile';
import { conflict } from '../shared/errors';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';

/** PUT /api/tenant-profile: names the partner and registers the support mailboxes its email intake serves. */
export const putTenantProfile = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'offering:manage');
  const profile = await readJsonBody(request, tenantProfileSchema);
  for (const address of profile.supportAddresses) {
    const owner = await desk.tenants.tenantForMailbox(address);
    if (owner && owner !== principal.tenantId) throw conflict(`The mailbox ${address} belongs to another tenant on this desk.`);
  }
  await desk.tenants.saveProfile(principal.tenantId, profile);
  return { status: 200, jsonBody: profile };
});

app.http('putTenantProfile', { methods: ['PUT'], route: 'tenant-profile', authLevel: 'anonymous', handler: putTenantProfile });
