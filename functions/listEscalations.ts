import { app } from '@azure/functions';
import { escalationListQuerySchema } from '../shared/api/escalationRequests';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { validate } from '../shared/http/requestBody';
import { watchEscalations } from '../shared/services/microsoftEscalation';

/** GET /api/escalations?status=open: what waits on Microsoft (or on the partner), and for how long. */
export const listEscalations = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'escalations:read');
  const query = validate(escalationListQuerySchema, Object.fromEntries(request.query.entries()), 'The query');
  const asOf = desk.clock.now().toISOString();
  const items = await watchEscalations(desk, principal, query.status);
  return { status: 200, jsonBody: { asOf, items } };
});

app.http('listEscalations', { methods: ['GET'], route: 'escalations', authLevel: 'anonymous', handler: listEscalations });
