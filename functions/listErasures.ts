import { app } from '@azure/functions';
import { retentionStores } from '../shared/adapters/tables/tableRetention';
import { erasureListQuerySchema } from '../shared/api/erasureRequests';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { validate } from '../shared/http/requestBody';
import { listErasures as erasures } from '../shared/services/erasure';

/** GET /api/contacts/erasures: the tenant's erasure log (who, when, how much; the address only as a hash), newest first. */
export const listErasures = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'contacts:erase');
  const { limit } = validate(erasureListQuerySchema, Object.fromEntries(request.query.entries()), 'The query');
  const items = await erasures(retentionStores(desk.tables), principal, limit);
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: { items } };
});

app.http('listErasures', { methods: ['GET'], route: 'contacts/erasures', authLevel: 'anonymous', handler: listErasures });
