import type { Product, Severity } from '../caseFields';
import type { Calendar } from '../serviceHours/calendar';
import type { SlaTargets } from '../sla/policy';
import type { Money, ServiceOffering, SupportOffering, SupportPlan } from './supportOffering';

export type BillingMode = 'included' | 'perIncident' | 'hourly';

export interface Entitlement {
  /** Whether the customer's plan covers this service and severity. */
  covered: boolean;
  /** Whether the work on this case is charged on top of any monthly fee. */
  billable: boolean;
  billingMode: BillingMode;
  reason: string;
  serviceHours: Calendar;
  targets: SlaTargets;
  /** What each incident or hour costs; absent when the work is included in a monthly fee. */
  rate?: Money & { per: 'incident' | 'hour' };
}

export interface EntitlementQuery {
  offering: SupportOffering;
  /** The customer's plan for this service, if any. */
  planId: string | undefined;
  product: Product;
  severity: Severity;
}

function outOfPlan(service: ServiceOffering, severity: Severity, reason: string): Entitlement {
  return {
    covered: false,
    billable: true,
    billingMode: 'perIncident',
    reason,
    serviceHours: service.serviceHours,
    targets: service.outOfPlan.targets[severity],
    rate: { ...service.outOfPlan.pricePerIncident, per: 'incident' },
  };
}

function inPlan(service: ServiceOffering, plan: SupportPlan, targets: SlaTargets, severity: Severity): Entitlement {
  const { per, amount, currency } = plan.price;
  const covered = { covered: true, serviceHours: service.serviceHours, targets };
  if (per === 'month') {
    return {
      ...covered,
      billable: false,
      billingMode: 'included',
      reason: `severity ${severity} is included in ${plan.name}`,
    };
  }
  return {
    ...covered,
    billable: true,
    billingMode: per === 'incident' ? 'perIncident' : 'hourly',
    reason: `severity ${severity} is covered by ${plan.name}, billed per ${per}`,
    rate: { amount, currency, per },
  };
}

/** Is this severity of this service covered for a customer on `planId`, and is the work billable? */
export function entitlementFor({ offering, planId, product, severity }: EntitlementQuery): Entitlement {
  const service = offering.services[product];
  if (planId === undefined) return outOfPlan(service, severity, `no support plan for ${product}; billed per incident`);

  const plan = service.plans.find((candidate) => candidate.id === planId);
  if (plan === undefined) {
    return outOfPlan(service, severity, `unknown plan ${planId} for ${product}; billed per incident`);
  }
  const targets = plan.targets[severity];
  if (targets === undefined) {
    return outOfPlan(service, severity, `${plan.name} does not cover severity ${severity}; billed per incident`);
  }
  return inPlan(service, plan, targets, severity);
}
