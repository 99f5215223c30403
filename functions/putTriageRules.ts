import { app } from '@azure/functions';
import { putTriageRulesEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { guardedSettingsWrite } from '../shared/http/writeConditions';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** PUT /api/triage-rules: replaces the tenant's rules; they apply to every case triaged from now on. */
export const putTriageRules = endpointHandler(putTriageRulesEndpoint, async ({ principal, body, ifMatch }, desk) => {
  const etag = await guardedSettingsWrite(() => desk.tenants.saveTriageRules(principal.tenantId, body, ifMatch));
  return { status: 200, body, etag };
});

app.http(putTriageRulesEndpoint.name, { ...httpTrigger(putTriageRulesEndpoint), handler: putTriageRules });
