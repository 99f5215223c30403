import { app } from '@azure/functions';
import { getCustomerEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { notFound } from '../shared/errors';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/customers/{customerTenantId}: a customer of the tenant, with plan, billing mode, CSP subscriptions and ETag. */
export const getCustomer = endpointHandler(getCustomerEndpoint, async ({ principal, path }, desk) => {
  const customer = await desk.customers.versioned(principal.tenantId, path.customerTenantId);
  if (!customer) throw notFound(`No customer ${path.customerTenantId}.`);
  return { status: 200, body: customer.value, etag: customer.etag };
});

app.http(getCustomerEndpoint.name, { ...httpTrigger(getCustomerEndpoint), handler: getCustomer });
