import { app } from '@azure/functions';
import { ignoredMailQuerySchema } from '../shared/domain/ignoredMail';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { validate } from '../shared/http/requestBody';

/** GET /api/intake/ignored: mail the loop and noise guard kept out (auto-replies, bounces, lists), newest first. */
export const listIgnoredMail = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'cases:readInternal');
  const { limit } = validate(ignoredMailQuerySchema, Object.fromEntries(request.query.entries()), 'The query');
  return { status: 200, jsonBody: await desk.intakeLog.listIgnored(principal.tenantId, limit) };
});

app.http('listIgnoredMail', { methods: ['GET'], route: 'intake/ignored', authLevel: 'anonymous', handler: listIgnoredMail });
