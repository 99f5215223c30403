import { app } from '@azure/functions';
import { customerTenantIdSchema } from '../shared/domain/customerTenantId';
import { notFound } from '../shared/errors';
import { authorize } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { validate } from '../shared/http/requestBody';

/** GET /api/customers/{customerTenantId}: a customer of the tenant, with plan, billing mode, CSP subscriptions and ETag. */
export const getCustomer = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'customers:read');
  const customerTenantId = validate(customerTenantIdSchema, request.params.customerTenantId, 'customerTenantId');
  const customer = await desk.customers.versioned(principal.tenantId, customerTenantId);
  if (!customer) throw notFound(`No customer ${customerTenantId}.`);
  return { status: 200, headers: { etag: customer.etag }, jsonBody: customer.value };
});

app.http('getCustomer', { methods: ['GET'], route: 'customers/{customerTenantId}', authLevel: 'anonymous', handler: getCustomer });
