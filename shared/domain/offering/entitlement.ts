import { z } from 'zod';
import { isCommercialMatter, type Category, type Product, type Severity } from '../caseFields';
import type { Calendar } from '../serviceHours/calendar';
import type { SlaTargets } from '../sla/policy';
import type { Money, ServiceOffering, SupportOffering, SupportPlan } from './supportOffering';

export type BillingMode = 'included' | 'perIncident' | 'hourly';

/**
 * The plan rule that decided a case's entitlement, so an invoice line can say why:
 * - `includedInPlan`: the plan covers the severity and its monthly fee includes the work;
 * - `billedByPlan`: the plan covers the severity at a price per incident or per hour;
 * - `commercialMattersIncluded`: a billing, subscription or licensing question, included in the customer's plan
 *   whatever product it concerns (`includesCommercialMatters`);
 * - `productUnknown`: nothing in the case names a product yet; not billed until someone sets one;
 * - `noPlan`, `planNotOffered` (the customer's plan is not sold for this product), `severityNotCovered`: out of plan,
 *   billed per incident.
 */
export const entitlementRuleSchema = z.enum([
  'includedInPlan',
  'billedByPlan',
  'commercialMattersIncluded',
  'productUnknown',
  'noPlan',
  'planNotOffered',
  'severityNotCovered',
]);
export type EntitlementRule = z.infer<typeof entitlementRuleSchema>;

export interface Entitlement {
  /** Whether the customer's plan covers this case. */
  covered: boolean;
  /** Whether the work on this case is charged on top of any monthly fee. */
  billable: boolean;
  billingMode: BillingMode;
  rule: EntitlementRule;
  reason: string;
  serviceHours: Calendar;
  targets: SlaTargets;
  /** What each incident or hour costs; absent when the work is included in a monthly fee or not billed. */
  rate?: Money & { per: 'incident' | 'hour' };
}

export interface EntitlementQuery {
  offering: SupportOffering;
  /** The customer's plan, if any. */
  planId: string | undefined;
  product: Product;
  /** Undefined before triage decided it. */
  category?: Category;
  severity: Severity;
  /** False when nothing in the case named a product and `product` is only the fallback; default true. */
  productKnown?: boolean;
}

function outOfPlan(service: ServiceOffering, severity: Severity, rule: EntitlementRule, reason: string): Entitlement {
  return {
    covered: false,
    billable: true,
    billingMode: 'perIncident',
    rule,
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
      rule: 'includedInPlan',
      reason: `severity ${severity} is included in ${plan.name}`,
    };
  }
  return {
    ...covered,
    billable: true,
    billingMode: per === 'incident' ? 'perIncident' : 'hourly',
    rule: 'billedByPlan',
    reason: `severity ${severity} is covered by ${plan.name}, billed per ${per}`,
    rate: { amount, currency, per },
  };
}

/**
 * The customer's plan, if it includes commercial matters: as sold for the case's own product where that product sells
 * it (a plan that excludes them there is not overruled by the same plan id elsewhere), else wherever it is sold.
 */
function commercialPlan(offering: SupportOffering, product: Product, planId: string): SupportPlan | undefined {
  const own = offering.services[product].plans.find((candidate) => candidate.id === planId);
  if (own) return own.includesCommercialMatters ? own : undefined;
  for (const service of Object.values(offering.services)) {
    const plan = service.plans.find((candidate) => candidate.id === planId);
    if (plan?.includesCommercialMatters) return plan;
  }
  return undefined;
}

/**
 * Is this case covered for a customer on `planId`, and is the work billable? A pure function of the case's product,
 * category and severity, the customer's plan and the tenant's offering, so it is recomputed on every change of any of
 * them. Commercial matters follow the plan, not the product; a product nobody named never makes a case billable.
 */
export function entitlementFor({
  offering,
  planId,
  product,
  category,
  severity,
  productKnown = true,
}: EntitlementQuery): Entitlement {
  const service = offering.services[product];
  const commercial = category !== undefined && isCommercialMatter(category);
  const includedCommercially =
    commercial && planId !== undefined ? commercialPlan(offering, product, planId) : undefined;
  if (includedCommercially) {
    return {
      covered: true,
      billable: false,
      billingMode: 'included',
      rule: 'commercialMattersIncluded',
      reason: `${category} questions are included in ${includedCommercially.name}, whatever the product`,
      serviceHours: service.serviceHours,
      targets: includedCommercially.targets[severity] ?? service.outOfPlan.targets[severity],
    };
  }
  if (!productKnown) {
    return {
      covered: false,
      billable: false,
      billingMode: 'perIncident',
      rule: 'productUnknown',
      reason: 'no product named yet: coverage and billing are decided once an agent sets the product',
      serviceHours: service.serviceHours,
      targets: service.outOfPlan.targets[severity],
    };
  }
  if (planId === undefined) {
    return outOfPlan(service, severity, 'noPlan', `no support plan for ${product}; billed per incident`);
  }
  const plan = service.plans.find((candidate) => candidate.id === planId);
  if (plan === undefined) {
    return outOfPlan(
      service,
      severity,
      'planNotOffered',
      `plan ${planId} is not offered for ${product}; billed per incident`,
    );
  }
  const targets = plan.targets[severity];
  if (targets === undefined) {
    return outOfPlan(
      service,
      severity,
      'severityNotCovered',
      `${plan.name} does not cover severity ${severity}; billed per incident`,
    );
  }
  return inPlan(service, plan, targets, severity);
}
