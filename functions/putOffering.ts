import { app } from '@azure/functions';
import { putOfferingEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { runsInLocalHost } from '../shared/config';
import { pointsInside } from '../shared/domain/offering/webhookAddress';
import { actorFor } from '../shared/domain/permissions';
import { invalidRequest } from '../shared/errors';
import { guardedSettingsWrite } from '../shared/http/writeConditions';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';
import { saveOwingCaseTerms } from '../shared/services/caseTermsOutbox';

/**
 * PUT /api/offering: an admin replaces the tenant's support offering as a whole; If-Match guards against a stale copy.
 * Open cases whose terms the new offering changes (coverage, prices) get them, as a correction by the admin, on the
 * case-terms queue (recomputeCaseTerms): the recompute is saved with the offering and sent after it, so a failed send
 * still answers the save and leaves the recompute to the SLA sweep. A Teams webhook on this machine, a private or
 * special network or Azure's platform address (pointsInside) is a 400 outside the local host: a tenant's admin could
 * otherwise make the app post to addresses only it can reach.
 */
export const putOffering = endpointHandler(putOfferingEndpoint, async ({ principal, body, ifMatch }, desk) => {
  const webhook = body.settings.teamsWebhookUrl;
  if (webhook !== undefined && pointsInside(webhook) && !runsInLocalHost(desk.config)) {
    throw invalidRequest('A Teams webhook must be a public address.', [
      {
        field: 'settings.teamsWebhookUrl',
        message: "on this machine, a private or special network or Azure's platform: only the local host posts there",
      },
    ]);
  }
  const change = { change: 'offering', tenantId: principal.tenantId, actor: actorFor(principal) } as const;
  const etag = await guardedSettingsWrite(() =>
    saveOwingCaseTerms(desk, change, (owed) => desk.tenants.saveOffering(principal.tenantId, body, ifMatch, owed)),
  );
  return { status: 200, body, etag };
});

app.http(putOfferingEndpoint.name, { ...httpTrigger(putOfferingEndpoint), handler: putOffering });
