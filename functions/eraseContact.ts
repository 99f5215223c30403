import { app } from '@azure/functions';
import { retentionStores } from '../shared/adapters/tables/tableRetention';
import { contactErasureRequestSchema } from '../shared/api/erasureRequests';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { eraseContact as erase } from '../shared/services/erasure';

/** POST /api/contacts/erase: an admin erases a person's personal data from the tenant's cases, timelines and logs. */
export const eraseContact = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'contacts:erase');
  const { email } = await readJsonBody(request, contactErasureRequestSchema);
  const record = await erase({ ...desk, ...retentionStores(desk.tables) }, principal, email);
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: record };
});

app.http('eraseContact', { methods: ['POST'], route: 'contacts/erase', authLevel: 'anonymous', handler: eraseContact });
