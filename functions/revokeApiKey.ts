import { app } from '@azure/functions';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { revokeApiKey as revoke } from '../shared/services/apiKeys';

/** DELETE /api/keys/{id}: the key fails from the next request on. */
export const revokeApiKey = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'keys:manage');
  await revoke(desk.apiKeys, principal, request.params.id ?? '');
  return { status: 204 };
});

app.http('revokeApiKey', { methods: ['DELETE'], route: 'keys/{id}', authLevel: 'anonymous', handler: revokeApiKey });
