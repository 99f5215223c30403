import { app } from '@azure/functions';
import { escalationCreateRequestSchema } from '../shared/api/escalationRequests';
import { authorize, ifMatchOf } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { escalateCase } from '../shared/services/microsoftEscalation';

/** POST /api/cases/{id}/escalations: an agent escalates a case to Microsoft. */
export const createEscalation = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'escalations:request');
  const body = await readJsonBody(request, escalationCreateRequestSchema);
  const { stored, escalation } = await escalateCase(desk, principal, request.params.id ?? '', body, ifMatchOf(request));
  return { status: 201, headers: { etag: stored.etag }, jsonBody: escalation };
});

app.http('createEscalation', { methods: ['POST'], route: 'cases/{id}/escalations', authLevel: 'anonymous', handler: createEscalation });
