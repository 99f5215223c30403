import { app } from '@azure/functions';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readPublicOffering } from '../shared/services/supportOffering';

/** GET /api/offering/{tenant}/public: what a customer portal shows, without a key; never the tenant's settings. */
export const getPublicOffering = deskHttpHandler(async (request, _context, desk) => ({
  status: 200,
  headers: { 'cache-control': 'public, max-age=300' },
  jsonBody: await readPublicOffering(desk, request.params.tenant ?? ''),
}));

app.http('getPublicOffering', { methods: ['GET'], route: 'offering/{tenant}/public', authLevel: 'anonymous', handler: getPublicOffering });
