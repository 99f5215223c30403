import { app } from '@azure/functions';
import { putTenantProfileEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { conflict } from '../shared/errors';
import { guardedSettingsWrite } from '../shared/http/writeConditions';
import { MailboxTakenError } from '../shared/ports/tenantDirectory';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/**
 * PUT /api/tenant-profile: names the partner and claims the support mailboxes its email intake serves. A new mailbox
 * routes mail only once an operator confirms the claim; a mailbox the profile no longer lists is released.
 */
export const putTenantProfile = endpointHandler(
  putTenantProfileEndpoint,
  async ({ principal, body, ifMatch }, desk) => {
    try {
      const saved = await guardedSettingsWrite(() => desk.tenants.claimProfile(principal.tenantId, body, ifMatch));
      return { status: 200, body: saved.value, etag: saved.etag };
    } catch (error) {
      if (error instanceof MailboxTakenError) throw conflict(error.message);
      throw error;
    }
  },
);

app.http(putTenantProfileEndpoint.name, { ...httpTrigger(putTenantProfileEndpoint), handler: putTenantProfile });
