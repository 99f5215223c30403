import { app } from '@azure/functions';
import { customerSchema } from '../shared/domain/customer';
import { customerTenantIdSchema } from '../shared/domain/customerTenantId';
import { authorize, ifMatchOf } from '../shared/http/authorization';
import { deskHttpHandler } from '../shared/http/httpFunction';
import { readJsonBody, validate } from '../shared/http/requestBody';
import { guardedSettingsWrite } from '../shared/http/writeConditions';

/** PUT /api/customers/{customerTenantId}: creates or replaces a customer; 201 when it is new; If-Match guards a replace. */
export const putCustomer = deskHttpHandler(async (request, _context, desk) => {
  const principal = await authorize(request, desk, 'customers:manage');
  const customerTenantId = validate(customerTenantIdSchema, request.params.customerTenantId, 'customerTenantId');
  const body = await readJsonBody(request, customerSchema);
  const existed = (await desk.customers.get(principal.tenantId, customerTenantId)) !== undefined;
  const customer = { ...body, customerTenantId, updatedAt: desk.clock.now().toISOString() };
  const etag = await guardedSettingsWrite(() => desk.customers.put(principal.tenantId, customer, ifMatchOf(request)));
  return { status: existed ? 200 : 201, headers: { etag }, jsonBody: customer };
});

app.http('putCustomer', { methods: ['PUT'], route: 'customers/{customerTenantId}', authLevel: 'anonymous', handler: putCustomer });
