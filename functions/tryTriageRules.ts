import { app } from '@azure/functions';
import { tryTriageRulesEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';
import { tryTriageRules as triageSample } from '../shared/services/triageTrial';

/** POST /api/triage-rules/try: an admin sees what triage would decide for a sample, and why; no case is stored. */
export const tryTriageRules = endpointHandler(tryTriageRulesEndpoint, async ({ principal, body }, desk) => {
  const { rules, ...request } = body;
  return { status: 200, body: await triageSample(desk, principal.tenantId, request, rules) };
});

app.http(tryTriageRulesEndpoint.name, { ...httpTrigger(tryTriageRulesEndpoint), handler: tryTriageRules });
