import { app } from '@azure/functions';
import { eraseContactEndpoint } from '../shared/api/catalogue/contactEndpoints';
import { retentionStores } from '../shared/adapters/tables/tableRetention';
import { eraseContact as erase } from '../shared/services/erasure';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** POST /api/contacts/erase: an admin erases a person's personal data from the tenant's cases, timelines and logs. */
export const eraseContact = endpointHandler(eraseContactEndpoint, async ({ principal, body }, desk) => ({
  status: 200,
  body: await erase({ ...desk, ...retentionStores(desk.tables) }, principal, body.email),
}));

app.http(eraseContactEndpoint.name, { ...httpTrigger(eraseContactEndpoint), handler: eraseContact });
