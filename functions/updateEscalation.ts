import { app } from '@azure/functions';
import { escalationUpdateRequestSchema } from '../shared/api/escalationRequests';
import { authorize, ifMatchOf } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { recordEscalationUpdate } from '../shared/services/microsoftEscalation';

/** PATCH /api/cases/{id}/escalations/{escalationId}: Microsoft's ticket number, an answer from Microsoft, or a new status. */
export const updateEscalation = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'escalations:update');
  const body = await readJsonBody(request, escalationUpdateRequestSchema);
  const caseId = request.params.id ?? '';
  const escalationId = request.params.escalationId ?? '';
  const { stored, escalation } = await recordEscalationUpdate(desk, principal, caseId, escalationId, body, ifMatchOf(request));
  return { status: 200, headers: { etag: stored.etag }, jsonBody: escalation };
});

app.http('updateEscalation', {
  methods: ['PATCH'],
  route: 'cases/{id}/escalations/{escalationId}',
  authLevel: 'anonymous',
  handler: updateEscalation,
});
