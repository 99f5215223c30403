import { app } from '@azure/functions';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';

/** GET /api/triage-rules: the tenant's ordered triage rules (the desk's defaults until the tenant sets its own). */
export const getTriageRules = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'triageRules:read');
  const rules = await desk.tenants.versionedTriageRules(principal.tenantId);
  return { status: 200, headers: { etag: rules.etag }, jsonBody: rules.value };
});

app.http('getTriageRules', { methods: ['GET'], route: 'triage-rules', authLevel: 'anonymous', handler: getTriageRules });
