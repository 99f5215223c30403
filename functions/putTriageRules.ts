import { app } from '@azure/functions';
import { triageRulesSchema } from '../shared/domain/triage/rules';
import { authorize, ifMatchOf } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { guardedSettingsWrite } from '../shared/http/writeConditions';

/** PUT /api/triage-rules: replaces the tenant's rules; they apply to every case triaged from now on. */
export const putTriageRules = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'triageRules:manage');
  const rules = await readJsonBody(request, triageRulesSchema);
  const etag = await guardedSettingsWrite(() => desk.tenants.saveTriageRules(principal.tenantId, rules, ifMatchOf(request)));
  return { status: 200, headers: { etag }, jsonBody: rules };
});

app.http('putTriageRules', { methods: ['PUT'], route: 'triage-rules', authLevel: 'anonymous', handler: putTriageRules });
