import { app } from '@azure/functions';
import { tenantProfileSchema } from '../shared/domain/tenantProfile';
import { conflict } from '../shared/errors';
import { authorize, ifMatchOf } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { guardedSettingsWrite } from '../shared/http/writeConditions';
import { MailboxTakenError } from '../shared/ports/tenantDirectory';

/**
 * PUT /api/tenant-profile: names the partner and claims the support mailboxes its email intake serves. A new mailbox
 * routes mail only once an operator confirms the claim; a mailbox the profile no longer lists is released.
 */
export const putTenantProfile = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'offering:manage');
  const profile = await readJsonBody(request, tenantProfileSchema);
  try {
    const saved = await guardedSettingsWrite(() => desk.tenants.claimProfile(principal.tenantId, profile, ifMatchOf(request)));
    return { status: 200, headers: { etag: saved.etag }, jsonBody: saved.value };
  } catch (error) {
    if (error instanceof MailboxTakenError) throw conflict(error.message);
    throw error;
  }
});

app.http('putTenantProfile', { methods: ['PUT'], route: 'tenant-profile', authLevel: 'anonymous', handler: putTenantProfile });
