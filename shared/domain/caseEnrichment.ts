import { systemActor, type CaseFlag, type NewTimelineEvent, type SupportCase } from './case';
import type { Agent } from './agent';
import type { Customer } from './customer';
import { withSlaRecomputed } from './caseSla';
import { caseEntitlementOf, withEntitlementFlags } from './caseEntitlement';
import type { SupportOffering } from './offering/supportOffering';
import { loadLuxon } from './serviceHours/luxon';
import { maxLinkedDuplicates } from './duplicates';

/** The possible duplicates a case is linked to: the best maxLinkedDuplicates of them. */
const linkedDuplicates = (facts: EnrichmentFacts): EnrichmentFacts['duplicates'] =>
  facts.duplicates.slice(0, maxLinkedDuplicates);

export interface EnrichmentFacts {
  /** The customer record the partner keeps, if the case's customer is known. */
  customer: Customer | undefined;
  offering: SupportOffering;
  /**
   * Likely duplicates, best first (possibleDuplicates): the first maxLinkedDuplicates are linked, the others counted.
   * Only their ids and numbers are used.
   */
  duplicates: readonly Pick<SupportCase, 'id' | 'caseNumber'>[];
  now: Date;
  /** The agent the tenant's round robin gives the case (roundRobin.ts); absent when it assigns nobody. */
  assignee?: Pick<Agent, 'id' | 'name'>;
}

/**
 * An instant as the customer reads it on the portal's timeline: local time in their time zone (the customer's own, else
 * the service hours'), then ISO 8601 UTC, e.g. "07:00 on Mon 12 Mar 2091 (America/New_York), 2091-03-12T11:00:00.000Z".
 */
function customerTime(supportCase: SupportCase, iso: string): string {
  const timeZone = supportCase.customer.timeZone ?? supportCase.entitlement?.serviceHoursTimeZone ?? 'UTC';
  const local = loadLuxon().DateTime.fromISO(iso, { zone: timeZone });
  if (!local.isValid) return iso;
  return `${local.toFormat("HH:mm 'on' ccc d LLL yyyy", { locale: 'en' })} (${timeZone}), ${iso}`;
}

function withFlag(flags: CaseFlag[], flag: CaseFlag, when: boolean): CaseFlag[] {
  return when && !flags.includes(flag) ? [...flags, flag] : flags;
}

/**
 * Ties a triaged case to the customer's plan: entitlement (covered? billable?), the service hours that apply, possible
 * duplicates, and the start of its SLA clocks at the moment the case came in.
 */
export function applyEnrichment(
  supportCase: SupportCase,
  facts: EnrichmentFacts,
): { next: SupportCase; events: NewTimelineEvent[] } {
  const at = facts.now.toISOString();
  const severity = supportCase.severity ?? 'C';
  const planId = facts.customer?.supportPlanId;
  const customer = { customerKnown: facts.customer !== undefined, planId };
  const entitlement = caseEntitlementOf(
    { ...supportCase, severity },
    facts.offering,
    customer,
    supportCase.entitlement,
  );
  let flags = withFlag(supportCase.flags, 'unknownCustomer', facts.customer === undefined);
  flags = withEntitlementFlags(flags, entitlement);
  flags = withFlag(flags, 'possibleDuplicate', facts.duplicates.length > 0);

  const enriched: SupportCase = {
    ...supportCase,
    status: supportCase.status === 'triaged' ? 'enriched' : supportCase.status,
    severity,
    customer: facts.customer
      ? {
          tenantId: facts.customer.customerTenantId,
          name: facts.customer.name,
          ...(facts.customer.timeZone ? { timeZone: facts.customer.timeZone } : {}),
        }
      : supportCase.customer,
    entitlement,
    flags,
    assignee: supportCase.assignee ?? facts.assignee?.id,
    linkedCaseIds: [
      ...new Set([...supportCase.linkedCaseIds, ...linkedDuplicates(facts).map((duplicate) => duplicate.id)]),
    ],
    slaHistory: supportCase.slaHistory.some((event) => event.type === 'opened')
      ? supportCase.slaHistory
      : [
          { type: 'opened', at: Date.parse(supportCase.receivedAt ?? supportCase.createdAt), severity },
          ...supportCase.slaHistory,
        ],
    updatedAt: at,
  };
  const next = withSlaRecomputed(enriched, facts.offering, facts.now);

  const customerText = facts.customer ? `customer ${facts.customer.name}` : 'unknown customer (flagged for follow-up)';
  const events: NewTimelineEvent[] = [
    {
      type: 'enriched',
      at,
      actor: systemActor,
      visibility: 'internal',
      summary: `Enriched: ${customerText}; ${entitlement.reason}${entitlement.billable ? ' (billable)' : ''}`,
      data: { customerTenantId: facts.customer?.customerTenantId, planId, entitlement: next.entitlement },
    },
  ];
  if (facts.assignee && supportCase.assignee === undefined) {
    events.push({
      type: 'fieldChanged',
      at,
      actor: systemActor,
      visibility: 'internal',
      summary: `assignee changed from (none) to ${facts.assignee.id}: round robin`,
      data: { field: 'assignee', from: null, to: facts.assignee.id, reason: `Round robin: ${facts.assignee.name}` },
    });
  }
  if (facts.duplicates.length) {
    const linked = linkedDuplicates(facts);
    const others = facts.duplicates.length - linked.length;
    events.push({
      type: 'linked',
      at,
      actor: systemActor,
      visibility: 'internal',
      summary: `Possible duplicate of ${linked.map((duplicate) => duplicate.caseNumber).join(', ')}${
        others > 0 ? ` and ${others} more similar cases of the 24 hours before it` : ''
      }`,
      data: { caseIds: linked.map((duplicate) => duplicate.id), ...(others > 0 && { similarCasesNotLinked: others }) },
    });
  }
  const firstResponse = next.sla?.clocks.find((clock) => clock.metric === 'firstResponse');
  events.push({
    type: 'slaStarted',
    at,
    actor: systemActor,
    visibility: 'public',
    summary: firstResponse?.dueAt
      ? `First response due by ${customerTime(next, firstResponse.dueAt)}`
      : 'SLA clocks started',
    data: { sla: next.sla },
  });
  return { next, events };
}
