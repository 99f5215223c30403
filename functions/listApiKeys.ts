import { app } from '@azure/functions';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { listApiKeys as listTenantKeys } from '../shared/services/apiKeys';

/** GET /api/keys: the tenant's keys, never their secrets. */
export const listApiKeys = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'keys:manage');
  return { status: 200, jsonBody: { items: await listTenantKeys(desk.apiKeys, principal.tenantId) } };
});

app.http('listApiKeys', { methods: ['GET'], route: 'keys', authLevel: 'anonymous', handler: listApiKeys });
