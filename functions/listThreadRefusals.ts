import { app } from '@azure/functions';
import { threadRefusalQuerySchema } from '../shared/domain/threadRefusal';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { validate } from '../shared/http/requestBody';

/** GET /api/intake/thread-refusals: mail that pointed at a case its sender is not on, and the case it opened instead. */
export const listThreadRefusals = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'cases:readInternal');
  const { limit } = validate(threadRefusalQuerySchema, Object.fromEntries(request.query.entries()), 'The query');
  return { status: 200, jsonBody: await desk.intakeLog.listThreadRefusals(principal.tenantId, limit) };
});

app.http('listThreadRefusals', { methods: ['GET'], route: 'intake/thread-refusals', authLevel: 'anonymous', handler: listThreadRefusals });
