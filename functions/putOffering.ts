import { app } from '@azure/functions';
import { putOfferingEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { actorFor } from '../shared/domain/permissions';
import { guardedSettingsWrite } from '../shared/http/writeConditions';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';
import { publishCaseTermsChange } from '../shared/services/openCaseTerms';

/**
 * PUT /api/offering: an admin replaces the tenant's support offering as a whole; If-Match guards against a stale copy.
 * Open cases whose terms the new offering changes (coverage, prices) get them, as a correction by the admin, on the
 * case-terms queue (recomputeCaseTerms).
 */
export const putOffering = endpointHandler(putOfferingEndpoint, async ({ principal, body, ifMatch }, desk) => {
  const etag = await guardedSettingsWrite(() => desk.tenants.saveOffering(principal.tenantId, body, ifMatch));
  await publishCaseTermsChange(desk, { change: 'offering', tenantId: principal.tenantId, actor: actorFor(principal) });
  return { status: 200, body, etag };
});

app.http(putOfferingEndpoint.name, { ...httpTrigger(putOfferingEndpoint), handler: putOffering });
