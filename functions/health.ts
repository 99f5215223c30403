import { app } from '@azure/functions';
import { healthEndpoint } from '../shared/api/catalogue/deskEndpoints';
import { probeStorage } from '../shared/services/health';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** Liveness for load balancers and smoke checks: answers 200 only once case storage answers. */
export const health = endpointHandler(healthEndpoint, async (_input, desk) => {
  const storage = await probeStorage(desk.tables);
  const body = {
    status: storage === 'ok' ? ('ok' as const) : ('unavailable' as const),
    storage,
    time: desk.clock.now().toISOString(),
  };
  return storage === 'ok' ? { status: 200, body } : { status: 503, body };
});

app.http(healthEndpoint.name, { ...httpTrigger(healthEndpoint), handler: health });
