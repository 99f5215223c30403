/*
 * The parts of the desk API's answers the console reads (GET /api/openapi.json describes them in full). Kept here, not
 * imported from shared/, so the browser bundle carries no server code; the browser tests hold them to the real API.
 */

export type CaseStatus = 'new' | 'triaged' | 'enriched' | 'in_progress' | 'pending_customer' | 'resolved' | 'closed';

export interface SlaClock {
  key: string;
  metric: 'firstResponse' | 'nextResponse' | 'resolution';
  state: 'notStarted' | 'running' | 'paused' | 'met' | 'breached';
  targetMinutes?: number;
  startedAt?: string;
  warningAt?: string;
  dueAt?: string;
  stoppedAt?: string;
}

export interface CaseSla {
  computedAt: string;
  clocks: SlaClock[];
  /** The next instant a warning or breach falls due; null when no clock runs. */
  nextDueAt: string | null;
}

export interface Entitlement {
  customerKnown: boolean;
  planId?: string;
  covered: boolean;
  billable: boolean;
  billingMode: 'included' | 'perIncident' | 'hourly';
  price?: { amount: number; currency: string; per: string };
  reason: string;
  serviceHoursTimeZone: string;
}

/** The ways a partner reaches Microsoft support (POST /api/cases/{id}/escalations `vehicle`). */
export const escalationVehicles = [
  'commercialSupport',
  'premierSupportForPartners',
  'advancedSupportForPartners',
  'signatureCloudSupport',
] as const;
export type EscalationVehicle = (typeof escalationVehicles)[number];

export interface Escalation {
  id: string;
  status: string;
  vehicle?: EscalationVehicle;
  responseDueAt?: string;
}

/** A case as GET /api/cases lists it for an agent. */
export interface ListedCase {
  id: string;
  caseNumber: string;
  title: string;
  status: CaseStatus;
  product?: string;
  category?: string;
  severity?: 'A' | 'B' | 'C';
  tier?: string;
  assignee?: string;
  customer?: { tenantId?: string; name: string };
  contact?: { name?: string; email?: string };
  entitlement?: Entitlement;
  flags?: string[];
  sla?: CaseSla;
  escalations?: Escalation[];
  createdAt: string;
  updatedAt: string;
}

export interface TimelineEntry {
  seq: number;
  type: string;
  at: string;
  actor: { kind: string; id?: string; name?: string };
  visibility: 'public' | 'internal';
  summary: string;
  data?: { text?: string; [name: string]: unknown };
}

/** GET /api/cases/{id}: the case with its timeline. */
export interface CaseView extends ListedCase {
  description?: string;
  timeline: TimelineEntry[];
}

export interface CaseList {
  items: ListedCase[];
  continuationToken: string | null;
}

export type QueueViewName =
  'myOpen' | 'unassigned' | 'atRisk' | 'breached' | 'waitingOnCustomer' | 'waitingOnMicrosoft' | 'stuck';

/** GET /api/queues/summary. */
export interface QueueSummary {
  me: string;
  views: { name: QueueViewName; count: number; query: string }[];
}

export interface Agent {
  id: string;
  name: string;
  email: string;
  role: 'agent' | 'admin';
  entra: { tenantId: string; objectId: string };
  tiers: ('tier1' | 'tier2')[];
  /** Kept as it is when an admin edits the other fields (the console has no editor for it yet). */
  serviceHours?: unknown;
  active: boolean;
}

/** An API key as GET /api/keys lists it: never its secret. */
export interface ApiKeyRecord {
  keyId: string;
  role: 'portal' | 'agent' | 'admin';
  label?: string;
  customerTenantIds?: string[];
  createdAt: string;
}

/** An RFC 9457 problem as the desk answers them; `allowed` on a refused transition, `etag` on a 412. */
export interface Problem {
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  allowed?: CaseStatus[];
  /** On a 403 for a role that lacks the permission (as opposed to a signed-in user who is no agent). */
  permission?: string;
  /** On a 400: each offending field (dotted path) and what is wrong with it. */
  errors?: { field: string; message: string }[];
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** A product's service hours (the calendar SLA business time runs in). */
export interface ServiceHours {
  timeZone: string;
  /** Opening intervals, local 'HH:mm'; an end not after its start closes on the next day. */
  weekly: { day: Weekday; start: string; end: string }[];
  /** Closed dates: 'YYYY-MM-DD' once, or 'MM-DD' every year. */
  holidays: string[];
  alwaysOpen: boolean;
}

/** GET /api/offering: the console edits only service hours and sends everything else back as it came. */
export interface SupportOffering {
  services: Record<string, { serviceHours: ServiceHours } & Record<string, unknown>>;
  settings: Record<string, unknown>;
}

/** One of the tenant's triage rules (GET /api/triage-rules); the console shows what it sets and edits it as JSON. */
export interface TriageRule {
  id: string;
  description: string;
  when: Record<string, unknown>;
  set: Partial<Record<'product' | 'category' | 'severity' | 'scope', string>>;
  override: boolean;
  /** The probability at which the learned model overrules what this rule set; absent, the rule stands. */
  yieldsToModelAt?: number;
}

export type TriageDecider = 'customer' | 'rule' | 'model' | 'fallback';

/** POST /api/triage-rules/try: what triage would decide for a sample, and why. */
export interface TriageDecision {
  product: string;
  category: string;
  severity: string;
  tier: string;
  matchedRuleIds: string[];
  decidedBy: Record<'product' | 'category' | 'severity' | 'scope', TriageDecider>;
  explanation: {
    source: TriageDecider;
    ruleId: string | null;
    field: string;
    value: string;
    applied: boolean;
    reason: string;
    /** false only for a rule whose conditions did not hold; `reason` names the first that failed. */
    matched?: false;
    confidence?: number;
  }[];
  nonMatchingRulesNotListed?: number;
}
