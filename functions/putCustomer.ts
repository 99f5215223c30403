import { app } from '@azure/functions';
import { putCustomerEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { offersPlan } from '../shared/domain/offering';
import { actorFor } from '../shared/domain/permissions';
import { invalidRequest } from '../shared/errors';
import { guardedSettingsWrite } from '../shared/http/writeConditions';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';
import { saveOwingCaseTerms } from '../shared/services/caseTermsOutbox';

/**
 * PUT /api/customers/{customerTenantId}: creates or replaces a customer; 201 when it is new; If-Match guards a replace.
 * A plan the tenant's offering does not sell is a 400: every case of the customer would be billed out of plan. Each
 * save gives the customer's open cases the entitlement of the plan the record holds when the recompute runs, and makes
 * the open cases of no known customer whose sender it names its cases, on the case-terms queue (recomputeCaseTerms):
 * the recompute is saved with the record and sent after it, so a failed send still answers the save and leaves the
 * recompute to the SLA sweep; a repeated PUT sends what is still owed. A save that changes neither writes no case.
 */
export const putCustomer = endpointHandler(putCustomerEndpoint, async ({ principal, path, body, ifMatch }, desk) => {
  const planId = body.supportPlanId;
  if (planId !== undefined && !offersPlan(await desk.tenants.offering(principal.tenantId), planId)) {
    throw invalidRequest(`The support offering sells no plan ${planId}.`, [
      { field: 'supportPlanId', message: 'not a plan of the support offering (GET /api/offering lists them)' },
    ]);
  }
  const previous = await desk.customers.versioned(principal.tenantId, path.customerTenantId);
  const customer = { ...body, customerTenantId: path.customerTenantId, updatedAt: desk.clock.now().toISOString() };
  const change = {
    change: 'customerPlan',
    tenantId: principal.tenantId,
    customerTenantId: customer.customerTenantId,
    actor: actorFor(principal),
  } as const;
  // Every save owes a recompute, not only one that changes plan or senders as read before it: that read may be stale
  // by the write (a concurrent PUT of another plan), and the recompute reads the record as stored when it runs, so the
  // last save is what open cases end on. One that changes nothing writes no case.
  const etag = await guardedSettingsWrite(() =>
    saveOwingCaseTerms(desk, change, (owed) => desk.customers.put(principal.tenantId, customer, ifMatch, owed)),
  );
  return { status: previous ? 200 : 201, body: customer, etag };
});

app.http(putCustomerEndpoint.name, { ...httpTrigger(putCustomerEndpoint), handler: putCustomer });
