import { app, type HttpResponseInit } from '@azure/functions';
import { probeStorage } from '../shared/services/health';
import { deskHttpHandler } from '../shared/http/httpFunction';

/** Liveness for load balancers and smoke checks: answers 200 only once case storage answers. */
export const health = deskHttpHandler(async (_request, _context, desk): Promise<HttpResponseInit> => {
  const storage = await probeStorage(desk.tables);
  const status = storage === 'ok' ? 200 : 503;
  return { status, jsonBody: { status: storage === 'ok' ? 'ok' : 'unavailable', storage, time: desk.clock.now().toISOString() } };
});

app.http('health', { methods: ['GET'], route: 'health', authLevel: 'anonymous', handler: health });
