import type { NewTimelineEvent, SupportCase } from './case';
import { withCustomerPlan, type EntitlementCorrection } from './caseEntitlement';
import type { Customer } from './customer';
import { contactErased } from './notifications';
import type { SupportOffering } from './offering/supportOffering';

/** The customer record that adopts a case, and the sender address by which it does (its contact's, lower-cased). */
export interface Adoption {
  customer: Pick<Customer, 'customerTenantId' | 'name' | 'supportPlanId' | 'timeZone'>;
  sender: string;
}

/**
 * A case of no known customer (mail from a sender no customer record listed when it came in) after the partner recorded
 * the customer its contact belongs to, as intake would decide now (CustomerDirectory.findBySender): the case becomes
 * that customer's (tenant id, name, time zone, as enrichment sets them), the `unknownCustomer` flag clears, and an
 * enriched case's entitlement follows the customer's plan as for a plan change (withCustomerPlan), all as a correction
 * by whoever saved the record. A `fieldChanged` entry (field `customer`) names the record and the sender it lists.
 * Undefined when the case has a customer by now, or its contact is no longer that sender (erased, say): it is not
 * adopted.
 * A case not yet enriched only gets its customer: enrichment reads the record's plan itself.
 */
export function withCustomerAdopted(
  supportCase: SupportCase,
  adoption: Adoption,
  offering: SupportOffering,
  change: Pick<EntitlementCorrection, 'at' | 'by'>,
): { next: SupportCase; events: NewTimelineEvent[] } | undefined {
  const { customer, sender } = adoption;
  // An erased contact's placeholder names nobody, whatever customer lists its domain (erased.invalid).
  if (
    supportCase.customer.tenantId !== undefined ||
    contactErased(supportCase) ||
    supportCase.contact.email.toLowerCase() !== sender
  )
    return undefined;
  const adopted: SupportCase = {
    ...supportCase,
    customer: {
      tenantId: customer.customerTenantId,
      name: customer.name,
      ...(customer.timeZone ? { timeZone: customer.timeZone } : {}),
    },
    flags: supportCase.flags.filter((flag) => flag !== 'unknownCustomer'),
  };
  const reason = `the customer record ${customer.customerTenantId} names the sender ${sender}`;
  const entry: NewTimelineEvent = {
    type: 'fieldChanged',
    at: change.at,
    actor: change.by,
    visibility: 'internal',
    summary: `customer changed from ${supportCase.customer.name} (unknown) to ${customer.name} (${customer.customerTenantId}): ${reason}`,
    data: {
      field: 'customer',
      from: null,
      to: customer.customerTenantId,
      reason,
      sender,
    },
  };
  const terms = withCustomerPlan(adopted, offering, customer.supportPlanId, change);
  return terms ? { next: terms.next, events: [entry, ...terms.events] } : { next: adopted, events: [entry] };
}
