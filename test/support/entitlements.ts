import type { CaseEntitlement } from '../../shared/domain/case';

/**
 * The entitlement enrichment gives a case of a customer without a support plan under the sample offering: not
 * covered, 180 EUR per incident (`noPlan`), with no correction yet. `customerKnown` says whether the desk had a record.
 */
export const billedOutOfPlan = (customerKnown: boolean): CaseEntitlement => ({
  customerKnown,
  covered: false,
  billable: true,
  billingMode: 'perIncident',
  rule: 'noPlan',
  price: { amount: 180, currency: 'EUR', per: 'incident' },
  reason: 'no support plan for azure; billed per incident',
  serviceHoursTimeZone: 'Europe/Berlin',
  changes: [],
});
