import { z } from 'zod';
import { categorySchema, productSchema, severitySchema, supportTierSchema } from './caseFields';
import { customerTenantIdSchema } from './customerTenantId';
import { mailboxAddressSchema } from './email/addresses';
import { caseStatusSchema } from './lifecycle/caseStatus';
import { escalationSchema } from './escalation/escalation';
import { entitlementRuleSchema } from './offering/entitlement';
import { outboxMessageSchema } from './outbox';
import { storedSlaEventRecordSchema } from './sla/eventRecords';
import { slaHistoryEventSchema } from './sla/history';

/** Who did something to a case: the timeline names them, and roles decide what they may do. */
export const actorSchema = z.lazy(() =>
  z.object({
    kind: z.enum(['portal', 'agent', 'admin', 'customer', 'system']),
    id: z.string().optional(),
    name: z.string().optional(),
    /** The person behind an API key, as the caller named them (Acted-By): whom a shared key's entry is from. */
    actedBy: z.string().optional(),
    /** A person signed in with Microsoft Entra ID (an agent of the directory): `name` is theirs, not a key's label. */
    signedIn: z.literal(true).optional(),
  }),
);
export type Actor = z.infer<typeof actorSchema>;

export const systemActor: Actor = { kind: 'system', id: 'pipeline' };

export const attachmentSchema = z.lazy(() =>
  z.object({
    name: z.string().trim().min(1).max(255),
    url: z.url(),
  }),
);

export const customerRefSchema = z.lazy(() =>
  z.object({
    /**
     * The customer's Entra tenant GUID, as in Partner Center, lower-cased (customerTenantIdSchema); unknown for mail from
     * an unregistered domain.
     */
    tenantId: customerTenantIdSchema.optional(),
    name: z.string().trim().min(1).max(200),
    /** The customer's time zone as its record had it when the case was enriched (Customer.timeZone). */
    timeZone: z.string().max(64).optional(),
  }),
);

export const contactSchema = z.lazy(() =>
  z.object({
    name: z.string().trim().min(1).max(200).optional(),
    /** As loose as email intake (a portal's request is held to z.email(), see newCase): mail opens cases too. */
    email: mailboxAddressSchema,
    phone: z.string().trim().min(3).max(40).optional(),
  }),
);

/** The fields a customer chose themselves; triage keeps them unless a rule overrides one with a recorded reason. */
export const customerGivenSchema = z.lazy(() =>
  z.object({
    product: productSchema.optional(),
    category: categorySchema.optional(),
    severity: severitySchema.optional(),
  }),
);

/** What triage concluded about scope: resolve within basic support, or a candidate for Microsoft. */
export const triageOutcomeSchema = z.lazy(() =>
  z.object({
    decidedAt: z.iso.datetime(),
    scope: z.enum(['basicSupport', 'beyondBasicSupport']),
    escalationCandidate: z.boolean(),
    /** The kind of Microsoft support the case would go to: commercial (billing, subscription, licensing) or technical. */
    vehicleKind: z.enum(['commercial', 'technical']).optional(),
    matchedRuleIds: z.array(z.string()),
  }),
);
export type TriageOutcome = z.infer<typeof triageOutcomeSchema>;

/** What a case costs under its entitlement: per incident or per hour of work; absent when nothing is billed. */
export const casePriceSchema = z.lazy(() =>
  z.object({
    amount: z.number().nonnegative(),
    currency: z.string(),
    per: z.enum(['incident', 'hour']),
  }),
);

/** The terms of an entitlement an invoice depends on, as they were before and after a correction. */
export const entitlementTermsSchema = z.lazy(() =>
  z.object({
    covered: z.boolean(),
    billable: z.boolean(),
    rule: entitlementRuleSchema.optional(),
    price: casePriceSchema.optional(),
  }),
);

/** A change of the case (product, category, severity) that changed what the customer is billed, and who made it. */
export const entitlementChangeSchema = z.lazy(() =>
  z.object({
    at: z.iso.datetime(),
    by: actorSchema,
    reason: z.string(),
    fields: z.array(z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
    before: entitlementTermsSchema,
    after: entitlementTermsSchema,
  }),
);
export type EntitlementChange = z.infer<typeof entitlementChangeSchema>;

/** The customer's plan applied to this case: covered or not, and billable or not, recomputed on every change. */
export const caseEntitlementSchema = z.lazy(() =>
  z.object({
    customerKnown: z.boolean(),
    planId: z.string().optional(),
    covered: z.boolean(),
    billable: z.boolean(),
    billingMode: z.enum(['included', 'perIncident', 'hourly']),
    /** The plan rule that decided (cases enriched before it was recorded have none). */
    rule: entitlementRuleSchema.optional(),
    price: casePriceSchema.optional(),
    reason: z.string(),
    serviceHoursTimeZone: z.string(),
    /** Corrections that changed the terms after enrichment, oldest first (at most 50). */
    changes: z.array(entitlementChangeSchema).max(50).default([]),
  }),
);
export type CaseEntitlement = z.infer<typeof caseEntitlementSchema>;

/** One SLA clock as last computed: kept on the case for display and for the due-time index, never counted down. */
export const slaClockSnapshotSchema = z.lazy(() =>
  z.object({
    key: z.string(),
    metric: z.enum(['firstResponse', 'nextResponse', 'resolution']),
    state: z.enum(['notStarted', 'running', 'paused', 'met', 'breached']),
    targetMinutes: z.number().optional(),
    startedAt: z.iso.datetime().optional(),
    warningAt: z.iso.datetime().optional(),
    dueAt: z.iso.datetime().optional(),
    stoppedAt: z.iso.datetime().optional(),
  }),
);

export const caseSlaSchema = z.lazy(() =>
  z.object({
    computedAt: z.iso.datetime(),
    clocks: z.array(slaClockSnapshotSchema),
    /** The next instant a warning or breach falls due; null when no clock runs. */
    nextDueAt: z.iso.datetime().nullable(),
  }),
);
export type CaseSla = z.infer<typeof caseSlaSchema>;

/** Conditions an operator should follow up on. */
export const caseFlagSchema = z.enum([
  'unknownCustomer',
  'needsTechnicalEntitlement',
  'possibleDuplicate',
  'notCoveredByPlan',
  /** Nothing in the case names a product: coverage and billing wait for an agent to set one. */
  'productUnknown',
  'stuck',
  /** A breach reached the ladder's Microsoft step, which waits for an agent (settings.microsoftStep). */
  'microsoftStepProposed',
]);
export type CaseFlag = z.infer<typeof caseFlagSchema>;

export const supportCaseSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    tenantId: z.string(),
    caseNumber: z.string(),
    title: z.string(),
    description: z.string(),
    status: caseStatusSchema,
    source: z.enum(['portal', 'email']),
    product: productSchema,
    category: categorySchema.optional(),
    severity: severitySchema.optional(),
    tier: supportTierSchema.optional(),
    customerGiven: customerGivenSchema,
    customer: customerRefSchema,
    contact: contactSchema,
    subscriptionId: z.string().optional(),
    attachments: z.array(attachmentSchema),
    assignee: z.string().optional(),
    /** Who named the product: the customer, a triage rule or model, or an agent; absent while it is only the fallback. */
    productDecidedBy: z.enum(['customer', 'rule', 'model', 'agent']).optional(),
    triage: triageOutcomeSchema.optional(),
    entitlement: caseEntitlementSchema.optional(),
    flags: z.array(caseFlagSchema).default([]),
    /** The SLA-relevant history the clocks are recomputed from (Zammad style). */
    slaHistory: z.array(slaHistoryEventSchema).default([]),
    sla: caseSlaSchema.optional(),
    /**
     * What the SLA enforcement already did (warnings and breaches on the timeline, breaches escalated, overdue Microsoft
     * responses noted), so each happens exactly once. Cases stored before the records hold string keys, read as records.
     */
    slaEventsEmitted: z.array(storedSlaEventRecordSchema).default([]),
    /** Position on the tenant's escalation ladder (0 = first step). */
    escalationLevel: z.number().int().min(0).default(0),
    /** Other tenants on this desk that provide support for this case (a ladder step); they see and work it. */
    sharedWithTenantIds: z.array(z.string()).default([]),
    escalations: z.array(escalationSchema).default([]),
    /**
     * Messages this case's changes caused (stage requests, notifications, escalation requests), saved with the change that
     * caused them and sent right after it; the next change or the SLA sweep takes them off once they have been sent again.
     */
    outbox: z.array(outboxMessageSchema).default([]),
    /** How often the watchdog re-requested a pipeline stage because the case had not reached `enriched` in time. */
    stageRetries: z.number().int().min(0).default(0),
    /**
     * An SLA breach whose ladder step waits for the service hours to open (severities that are not worked around the
     * clock); the sweep takes the step at this instant.
     */
    escalationDeferredUntil: z.iso.datetime().optional(),
    /** Message-IDs of the emails on this case, for threading replies by In-Reply-To/References. */
    emailMessageIds: z.array(z.string()).default([]),
    emailConversationId: z.string().optional(),
    linkedCaseIds: z.array(z.string()).default([]),
    resolvedAt: z.iso.datetime().optional(),
    closedAt: z.iso.datetime().optional(),
    /**
     * When the request reached the desk, if earlier than createdAt: an email's receivedDateTime (never in the future).
     * The SLA clocks start here, so a slow connector or queue gives the case no extra time.
     */
    receivedAt: z.iso.datetime().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  }),
);
export type SupportCase = z.infer<typeof supportCaseSchema>;

/** The lists and counters of a case that has just come in: nothing flagged, timed, escalated or linked yet. */
export function freshCaseRecords(): Pick<
  SupportCase,
  | 'flags'
  | 'slaHistory'
  | 'slaEventsEmitted'
  | 'escalationLevel'
  | 'sharedWithTenantIds'
  | 'escalations'
  | 'outbox'
  | 'stageRetries'
  | 'emailMessageIds'
  | 'linkedCaseIds'
> {
  return {
    flags: [],
    slaHistory: [],
    slaEventsEmitted: [],
    escalationLevel: 0,
    sharedWithTenantIds: [],
    escalations: [],
    outbox: [],
    stageRetries: 0,
    emailMessageIds: [],
    linkedCaseIds: [],
  };
}

export const timelineEventTypeSchema = z.enum([
  'created',
  /** A breach reached the Microsoft step of the ladder and an agent was asked to take it. */
  'escalationProposed',
  'queuedForTriage',
  'triaged',
  'enriched',
  'customerMessage',
  'agentReply',
  'note',
  'statusChanged',
  'fieldChanged',
  'slaWarning',
  'slaBreached',
  'escalated',
  'escalationUpdated',
  'reopened',
  'linked',
  'entitlementChecked',
  'entitlementChanged',
  'slaStarted',
  'escalationDeferred',
  'stageRetried',
  'flaggedStuck',
  /** A notification the mail service refused for good (data: notificationId, kind, recipient, reason, code). */
  'mailFailed',
  /** The desk filed the escalation with Microsoft (Azure support ticket or Partner Center service request). */
  'escalationFiled',
  /** Microsoft refused the escalation for good (the reason is on the entry); the request was dead-lettered. */
  'escalationFilingFailed',
  /** A communication from Microsoft on a filed ticket, with its text. */
  'microsoftReplied',
  /** Microsoft closed the filed ticket. */
  'microsoftClosed',
]);
export type TimelineEventType = z.infer<typeof timelineEventTypeSchema>;

export const timelineEventSchema = z.lazy(() =>
  z.object({
    seq: z.number().int().positive(),
    type: timelineEventTypeSchema,
    at: z.iso.datetime(),
    actor: actorSchema,
    /** Internal entries (agent notes, rule explanations) are never shown to a customer portal. */
    visibility: z.enum(['public', 'internal']),
    summary: z.string(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
);
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

/** An event before the store has given it its place on the timeline. */
export type NewTimelineEvent = Omit<TimelineEvent, 'seq'>;
