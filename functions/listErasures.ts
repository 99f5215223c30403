import { app } from '@azure/functions';
import { listErasuresEndpoint } from '../shared/api/catalogue/contactEndpoints';
import { retentionStores } from '../shared/adapters/tables/tableRetention';
import { listErasures as erasures } from '../shared/services/erasure';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/contacts/erasures: the tenant's erasure log (who, when, how much; the address only as a hash), newest first. */
export const listErasures = endpointHandler(listErasuresEndpoint, async ({ principal, query }, desk) => ({
  status: 200,
  body: { items: await erasures(retentionStores(desk.tables), principal, query.limit) },
}));

app.http(listErasuresEndpoint.name, { ...httpTrigger(listErasuresEndpoint), handler: listErasures });
