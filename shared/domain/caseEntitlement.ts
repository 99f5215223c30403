import type { Actor, CaseEntitlement, CaseFlag, NewTimelineEvent, SupportCase } from './case';
import { entitlementFor } from './offering/entitlement';
import type { SupportOffering } from './offering/supportOffering';

/** Who the customer is to the partner, as enrichment found them: known or not, and the plan they hold. */
export interface CustomerPlan {
  customerKnown: boolean;
  planId: string | undefined;
}

/** A correction that may change the entitlement: who made it, why, and which fields it changed. */
export interface EntitlementCorrection {
  at: string;
  by: Actor;
  reason: string;
  fields: { field: string; from: string | null; to: string | null }[];
}

/**
 * Whether anything named the case's product: the customer, a triage rule or model, an agent, or it is a product other
 * than the `other` fallback. A product nobody named must not decide coverage or billing.
 */
export function productKnown(supportCase: SupportCase): boolean {
  return (
    supportCase.product !== 'other' ||
    supportCase.customerGiven.product !== undefined ||
    supportCase.productDecidedBy !== undefined
  );
}

/** The case's entitlement from its fields now; `changes` carries over from `previous`. */
export function caseEntitlementOf(
  supportCase: SupportCase,
  offering: SupportOffering,
  customer: CustomerPlan,
  previous?: CaseEntitlement,
): CaseEntitlement {
  const decided = entitlementFor({
    offering,
    planId: customer.planId,
    product: supportCase.product,
    category: supportCase.category,
    severity: supportCase.severity ?? 'C',
    productKnown: productKnown(supportCase),
  });
  return {
    customerKnown: customer.customerKnown,
    planId: customer.planId,
    covered: decided.covered,
    billable: decided.billable,
    billingMode: decided.billingMode,
    rule: decided.rule,
    ...(decided.billable && decided.rate ? { price: decided.rate } : {}),
    reason: decided.reason,
    serviceHoursTimeZone: decided.serviceHours.timeZone,
    changes: previous?.changes ?? [],
  };
}

/** The flags that follow from an entitlement, set and cleared. */
export function withEntitlementFlags(flags: readonly CaseFlag[], entitlement: CaseEntitlement): CaseFlag[] {
  const wanted: Partial<Record<CaseFlag, boolean>> = {
    notCoveredByPlan: !entitlement.covered && entitlement.rule !== 'productUnknown',
    productUnknown: entitlement.rule === 'productUnknown',
  };
  const kept = flags.filter((flag) => wanted[flag] !== false);
  const added = (Object.keys(wanted) as CaseFlag[]).filter((flag) => wanted[flag] && !kept.includes(flag));
  return [...kept, ...added];
}

const termsOf = (entitlement: CaseEntitlement): Pick<CaseEntitlement, 'covered' | 'billable' | 'rule' | 'price'> => ({
  covered: entitlement.covered,
  billable: entitlement.billable,
  ...(entitlement.rule !== undefined ? { rule: entitlement.rule } : {}),
  ...(entitlement.price !== undefined ? { price: entitlement.price } : {}),
});

const sameTerms = (a: CaseEntitlement, b: CaseEntitlement): boolean =>
  JSON.stringify(termsOf(a)) === JSON.stringify(termsOf(b));

/**
 * Recomputes the entitlement of an enriched case after a correction of its product, category or severity, or of the
 * customer (`customer`: who they are to the partner now; by default as at enrichment). When the terms change, the
 * correction is kept on the entitlement (for the billing export) and an internal timeline entry says what changed and
 * why; the flags follow. A case not yet enriched is left to enrichment.
 */
export function withEntitlementRecomputed(
  supportCase: SupportCase,
  offering: SupportOffering,
  correction: EntitlementCorrection,
  customer: CustomerPlan = {
    customerKnown: supportCase.entitlement?.customerKnown ?? false,
    planId: supportCase.entitlement?.planId,
  },
): { next: SupportCase; events: NewTimelineEvent[] } {
  const previous = supportCase.entitlement;
  if (!previous) return { next: supportCase, events: [] };
  const entitlement = caseEntitlementOf(supportCase, offering, customer, previous);
  // Same terms in other words (B and C both included): the reason follows the case, no change to record or bill.
  if (sameTerms(previous, entitlement)) return { next: { ...supportCase, entitlement }, events: [] };
  const change = { ...correction, before: termsOf(previous), after: termsOf(entitlement) };
  const recorded: CaseEntitlement = { ...entitlement, changes: [...previous.changes, change].slice(-50) };
  const next: SupportCase = {
    ...supportCase,
    entitlement: recorded,
    flags: withEntitlementFlags(supportCase.flags, recorded),
  };
  const billed = (terms: CaseEntitlement): string =>
    terms.billable
      ? `billable${terms.price ? ` (${terms.price.amount} ${terms.price.currency} per ${terms.price.per})` : ''}`
      : 'not billable';
  const event: NewTimelineEvent = {
    type: 'entitlementChanged',
    at: correction.at,
    actor: correction.by,
    visibility: 'internal',
    summary: `Entitlement now ${entitlement.covered ? 'covered' : 'not covered'}, ${billed(entitlement)}: ${entitlement.reason} (was ${billed(previous)}: ${previous.reason})`,
    data: { before: change.before, after: change.after, reason: correction.reason, fields: correction.fields },
  };
  return { next, events: [event] };
}

/**
 * An open case after the partner recorded its customer or changed the customer's plan (PUT /api/customers/{id}): the
 * entitlement follows the plan the customer holds now, as a correction by whoever saved the record, and the case is no
 * longer flagged as of an unknown customer. Unchanged when the case already had this customer and plan, or is not
 * enriched yet (enrichment reads the record itself).
 */
export function withCustomerPlan(
  supportCase: SupportCase,
  offering: SupportOffering,
  planId: string | undefined,
  change: Pick<EntitlementCorrection, 'at' | 'by'>,
): { next: SupportCase; events: NewTimelineEvent[] } | undefined {
  const previous = supportCase.entitlement;
  if (!previous || (previous.customerKnown && previous.planId === planId)) return undefined;
  const known: SupportCase = { ...supportCase, flags: supportCase.flags.filter((flag) => flag !== 'unknownCustomer') };
  const reason = previous.customerKnown
    ? `the customer's plan is now ${planId ?? 'none'}`
    : `the customer is now known${planId ? `, with plan ${planId}` : ', without a plan'}`;
  const correction: EntitlementCorrection = {
    ...change,
    reason,
    fields: [{ field: 'supportPlan', from: previous.planId ?? null, to: planId ?? null }],
  };
  return withEntitlementRecomputed(known, offering, correction, { customerKnown: true, planId });
}

/**
 * An open case after the partner saved a new support offering (PUT /api/offering): the entitlement the new offering
 * gives the case's product, category, severity and customer plan, as a correction by whoever saved it. Undefined when
 * the terms stay as they were (the change was elsewhere in the offering) or the case is not enriched yet (enrichment
 * reads the offering itself).
 */
export function withOfferingChanged(
  supportCase: SupportCase,
  offering: SupportOffering,
  change: Pick<EntitlementCorrection, 'at' | 'by'>,
): { next: SupportCase; events: NewTimelineEvent[] } | undefined {
  const changed = withEntitlementRecomputed(supportCase, offering, {
    ...change,
    reason: 'the support offering changed',
    fields: [],
  });
  return changed.events.length > 0 ? changed : undefined;
}
