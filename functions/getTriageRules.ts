import { app } from '@azure/functions';
import { getTriageRulesEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/triage-rules: the tenant's ordered triage rules (the desk's defaults until the tenant sets its own). */
export const getTriageRules = endpointHandler(getTriageRulesEndpoint, async ({ principal }, desk) => {
  const rules = await desk.tenants.versionedTriageRules(principal.tenantId);
  return { status: 200, body: rules.value, etag: rules.etag };
});

app.http(getTriageRulesEndpoint.name, { ...httpTrigger(getTriageRulesEndpoint), handler: getTriageRules });
