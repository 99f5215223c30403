import { app } from '@azure/functions';
import { putCustomerEndpoint } from '../shared/api/catalogue/tenantEndpoints';
import { offersPlan } from '../shared/domain/offering';
import { actorFor } from '../shared/domain/permissions';
import { invalidRequest } from '../shared/errors';
import { guardedSettingsWrite } from '../shared/http/writeConditions';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';
import { saveOwingCaseTerms, sendOwedCaseTerms } from '../shared/services/caseTermsOutbox';

/**
 * PUT /api/customers/{customerTenantId}: creates or replaces a customer; 201 when it is new; If-Match guards a replace.
 * A plan the tenant's offering does not sell is a 400: every case of the customer would be billed out of plan. A new
 * customer, or a change of plan, gives the customer's open cases the entitlement of the plan it holds now, on the
 * case-terms queue (recomputeCaseTerms): the recompute is saved with the record and sent after it, so a failed send
 * still answers the save and leaves the recompute to the SLA sweep; a repeated PUT sends what is still owed.
 */
export const putCustomer = endpointHandler(putCustomerEndpoint, async ({ principal, path, body, ifMatch }, desk) => {
  const planId = body.supportPlanId;
  if (planId !== undefined && !offersPlan(await desk.tenants.offering(principal.tenantId), planId)) {
    throw invalidRequest(`The support offering sells no plan ${planId}.`, [
      { field: 'supportPlanId', message: 'not a plan of the support offering (GET /api/offering lists them)' },
    ]);
  }
  // From storage: another instance's copy (up to 30 s old) may hold the plan this save sets and so hide a change.
  const previous = (await desk.customers.versioned(principal.tenantId, path.customerTenantId))?.value;
  const customer = { ...body, customerTenantId: path.customerTenantId, updatedAt: desk.clock.now().toISOString() };
  const change = {
    change: 'customerPlan',
    tenantId: principal.tenantId,
    customerTenantId: customer.customerTenantId,
    actor: actorFor(principal),
  } as const;
  const etag = await guardedSettingsWrite(async () => {
    if (previous === undefined || previous.supportPlanId !== planId) {
      return saveOwingCaseTerms(desk, change, (owed) =>
        desk.customers.put(principal.tenantId, customer, ifMatch, owed),
      );
    }
    const saved = await desk.customers.put(principal.tenantId, customer, ifMatch);
    // An earlier save of this customer whose send failed (this PUT may be its retry) still owes its recompute.
    await sendOwedCaseTerms(desk, change);
    return saved;
  });
  return { status: previous ? 200 : 201, body: customer, etag };
});

app.http(putCustomerEndpoint.name, { ...httpTrigger(putCustomerEndpoint), handler: putCustomer });
