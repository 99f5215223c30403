import { app } from '@azure/functions';
import { putCustomerEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { guardedSettingsWrite } from '../shared/http/writeConditions';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** PUT /api/customers/{customerTenantId}: creates or replaces a customer; 201 when it is new; If-Match guards a replace. */
export const putCustomer = endpointHandler(putCustomerEndpoint, async ({ principal, path, body, ifMatch }, desk) => {
  const existed = (await desk.customers.get(principal.tenantId, path.customerTenantId)) !== undefined;
  const customer = { ...body, customerTenantId: path.customerTenantId, updatedAt: desk.clock.now().toISOString() };
  const etag = await guardedSettingsWrite(() => desk.customers.put(principal.tenantId, customer, ifMatch));
  return { status: existed ? 200 : 201, body: customer, etag };
});

app.http(putCustomerEndpoint.name, { ...httpTrigger(putCustomerEndpoint), handler: putCustomer });
