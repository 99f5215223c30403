import { app } from '@azure/functions';
import { apiKeyCreateRequestSchema } from '../shared/api/apiKeyRequests';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody } from '../shared/http/requestBody';
import { issueApiKey } from '../shared/services/apiKeys';

/** POST /api/keys: an admin issues a key for the tenant; the secret is in this answer only. */
export const createApiKey = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'keys:manage');
  const body = await readJsonBody(request, apiKeyCreateRequestSchema);
  const { record, secret } = await issueApiKey(desk, { tenantId: principal.tenantId, ...body });
  return { status: 201, headers: { 'cache-control': 'no-store' }, jsonBody: { ...record, secret } };
});

app.http('createApiKey', { methods: ['POST'], route: 'keys', authLevel: 'anonymous', handler: createApiKey });
