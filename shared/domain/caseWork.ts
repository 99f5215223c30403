import type { Actor, NewTimelineEvent, SupportCase } from './case';
import { isCommercialMatter, type Category, type Product, type Severity, type SupportTier } from './caseFields';
import { productKnown, withEntitlementRecomputed } from './caseEntitlement';
import { withSlaRecomputed } from './caseSla';
import { allowedTransitions, transition, type CaseActor, type CaseStatus, type SlaClockEffect } from './lifecycle';
import type { SupportOffering } from './offering/supportOffering';
import type { SlaHistoryEvent } from './sla/history';

/** Who works on the case, when, and under which offering (its SLA targets and reopen window). */
export interface WorkContext {
  actor: Actor;
  now: Date;
  offering: SupportOffering;
}

export interface CaseStep {
  next: SupportCase;
  events: NewTimelineEvent[];
}

export type WorkRefusalCode = 'transitionNotAllowed' | 'reopenWindowExpired' | 'reopenTimestampMissing' | 'caseNotOpen';

/** Why the case cannot be worked this way now, and (for status problems) which statuses it could move to instead. */
export interface WorkRefusal {
  code: WorkRefusalCode;
  reason: string;
  allowed?: CaseStatus[];
}

/** A step, nothing to do (`step` undefined: the case already is as asked), or a refusal. */
export type WorkOutcome = { ok: true; step?: CaseStep } | { ok: false; refusal: WorkRefusal };

const slaEventOf: Record<Exclude<SlaClockEffect, 'none'>, 'paused' | 'resumed' | 'resolved' | 'reopened'> = {
  pause: 'paused',
  resume: 'resumed',
  stop: 'resolved',
  restart: 'reopened',
};

function finished(supportCase: SupportCase, context: WorkContext): SupportCase {
  return withSlaRecomputed({ ...supportCase, updatedAt: context.now.toISOString() }, context.offering, context.now);
}

const instant = (iso: string | undefined): Date | undefined => (iso === undefined ? undefined : new Date(iso));

/** The status change with its SLA effect, resolution/closure stamps and timeline entry; the caller checked it is allowed. */
function statusStep(
  supportCase: SupportCase,
  to: CaseStatus,
  effect: SlaClockEffect,
  context: WorkContext,
  reason?: string,
): CaseStep {
  const at = context.now.toISOString();
  const reopened = effect === 'restart';
  const slaHistory: SlaHistoryEvent[] =
    effect === 'none'
      ? supportCase.slaHistory
      : [...supportCase.slaHistory, { type: slaEventOf[effect], at: context.now.getTime() }];
  const next: SupportCase = {
    ...supportCase,
    status: to,
    slaHistory,
    resolvedAt: to === 'resolved' ? at : reopened ? undefined : supportCase.resolvedAt,
    closedAt: to === 'closed' ? at : reopened ? undefined : supportCase.closedAt,
  };
  const from = supportCase.status;
  // Status entries are public: the customer follows the case through them, reason included.
  const event: NewTimelineEvent = {
    type: reopened ? 'reopened' : 'statusChanged',
    at,
    actor: context.actor,
    visibility: 'public',
    summary: `${reopened ? 'Reopened' : 'Status changed'} from ${from} to ${to}${reason ? `: ${reason}` : ''}`,
    data: { from, to, ...(reason ? { reason } : {}) },
  };
  return { next, events: [event] };
}

/** Moves the case to `to` if the lifecycle lets `lifecycleActor` do so now (reopen window included). */
export function moveCase(
  supportCase: SupportCase,
  to: CaseStatus,
  context: WorkContext & { lifecycleActor: CaseActor; reason?: string },
): WorkOutcome {
  const decision = transition(supportCase.status, to, {
    actor: context.lifecycleActor,
    now: context.now,
    resolvedAt: instant(supportCase.resolvedAt),
    closedAt: instant(supportCase.closedAt),
    reopenWindowDays: context.offering.settings.reopenWindowDays,
  });
  if (!decision.ok)
    return { ok: false, refusal: { code: decision.code, reason: decision.reason, allowed: decision.allowed } };
  const step = statusStep(supportCase, to, decision.slaClock, context, context.reason);
  return { ok: true, step: { ...step, next: finished(step.next, context) } };
}

const closedStatuses: readonly CaseStatus[] = ['resolved', 'closed'];

function notOpen(supportCase: SupportCase, what: string, actor: CaseActor): WorkOutcome {
  return {
    ok: false,
    refusal: {
      code: 'caseNotOpen',
      reason: `A ${supportCase.status} case takes no ${what}; reopen it first.`,
      allowed: allowedTransitions(supportCase.status, actor),
    },
  };
}

/** A public answer to the customer: it stops the first-response clock and any running next-response clock. */
export function replyToCustomer(supportCase: SupportCase, text: string, context: WorkContext): WorkOutcome {
  if (supportCase.status === 'closed') return notOpen(supportCase, 'replies', 'agent');
  const at = context.now.toISOString();
  const next: SupportCase = {
    ...supportCase,
    slaHistory: [...supportCase.slaHistory, { type: 'agentReply', at: context.now.getTime() }],
  };
  const event: NewTimelineEvent = {
    type: 'agentReply',
    at,
    actor: context.actor,
    visibility: 'public',
    summary: 'Reply to the customer',
    data: { text },
  };
  return { ok: true, step: { next: finished(next, context), events: [event] } };
}

/**
 * The customer's answer. A case waiting on the customer goes back to work and its SLA clocks resume; a resolved or
 * closed case must be reopened first, so a late "thanks" never silently restarts work.
 */
export function addCustomerReply(supportCase: SupportCase, text: string, context: WorkContext): WorkOutcome {
  if (closedStatuses.includes(supportCase.status)) return notOpen(supportCase, 'customer replies', 'customer');
  const at = context.now.toISOString();
  const message: NewTimelineEvent = {
    type: 'customerMessage',
    at,
    actor: context.actor,
    visibility: 'public',
    summary: 'Reply from the customer',
    data: { text },
  };
  let working = supportCase;
  const events: NewTimelineEvent[] = [];
  if (supportCase.status === 'pending_customer') {
    const resumed = statusStep(supportCase, 'in_progress', 'resume', context, 'the customer replied');
    working = resumed.next;
    events.push(...resumed.events);
  }
  const next: SupportCase = {
    ...working,
    slaHistory: [...working.slaHistory, { type: 'customerMessage', at: context.now.getTime() }],
  };
  return { ok: true, step: { next: finished(next, context), events: [message, ...events] } };
}

/** An internal note: agents only, never shown to the customer's portal, and no effect on SLA clocks. */
export function addNote(supportCase: SupportCase, text: string, context: WorkContext): CaseStep {
  const at = context.now.toISOString();
  return {
    next: { ...supportCase, updatedAt: at },
    events: [
      { type: 'note', at, actor: context.actor, visibility: 'internal', summary: 'Internal note', data: { text } },
    ],
  };
}

/** Fields an agent may correct; `assignee: null` takes the case off whoever had it. */
export interface CaseFieldChanges {
  severity?: Severity;
  category?: Category;
  product?: Product;
  tier?: SupportTier;
  assignee?: string | null;
}

type ChangedField = { field: keyof CaseFieldChanges; from: string | null; to: string | null };

function changedFields(supportCase: SupportCase, changes: CaseFieldChanges): ChangedField[] {
  const fields: (keyof CaseFieldChanges)[] = ['severity', 'category', 'product', 'tier', 'assignee'];
  return fields.flatMap((field) => {
    const wanted = changes[field];
    if (wanted === undefined) return [];
    // A product nobody named is no product yet: an agent naming the same one decides it.
    const unnamedProduct = field === 'product' && !productKnown(supportCase);
    const from = unnamedProduct ? null : (supportCase[field] ?? null);
    return from === wanted ? [] : [{ field, from, to: wanted }];
  });
}

/**
 * Applies field corrections, each with an internal timeline entry naming who changed what and why. A severity change
 * enters the SLA history, and every change recomputes the SLA (product decides service hours, severity the targets).
 */
export function updateCaseFields(
  supportCase: SupportCase,
  changes: CaseFieldChanges,
  reason: string,
  context: WorkContext,
): WorkOutcome {
  const changed = changedFields(supportCase, changes);
  if (changed.length === 0) return { ok: true };
  const at = context.now.toISOString();
  // Whether an agent's category correction makes the case a commercial matter; undefined when the category stays.
  const commercial =
    changes.category !== undefined && changed.some(({ field }) => field === 'category')
      ? isCommercialMatter(changes.category)
      : undefined;
  const next: SupportCase = {
    ...supportCase,
    severity: changes.severity ?? supportCase.severity,
    category: changes.category ?? supportCase.category,
    product: changes.product ?? supportCase.product,
    tier: changes.tier ?? supportCase.tier,
    assignee: changes.assignee === undefined ? supportCase.assignee : (changes.assignee ?? undefined),
    productDecidedBy: changed.some(({ field }) => field === 'product') ? 'agent' : supportCase.productDecidedBy,
    // The kind of Microsoft support follows an agent's category correction: triage's earlier conclusion no longer holds,
    // and a commercial matter goes to commercial support, which needs no technical entitlement.
    triage:
      supportCase.triage && commercial !== undefined
        ? { ...supportCase.triage, vehicleKind: commercial ? 'commercial' : 'technical' }
        : supportCase.triage,
    flags: commercial ? supportCase.flags.filter((flag) => flag !== 'needsTechnicalEntitlement') : supportCase.flags,
    slaHistory:
      changes.severity !== undefined && changed.some(({ field }) => field === 'severity')
        ? [
            ...supportCase.slaHistory,
            { type: 'severityChanged', at: context.now.getTime(), severity: changes.severity },
          ]
        : supportCase.slaHistory,
  };
  const events: NewTimelineEvent[] = changed.map(({ field, from, to }) => ({
    type: 'fieldChanged',
    at,
    actor: context.actor,
    visibility: 'internal',
    summary: `${field} changed from ${from ?? '(none)'} to ${to ?? '(none)'}: ${reason}`,
    data: { field, from, to, reason },
  }));
  const billingFields = changed.filter(({ field }) => entitlementFields.has(field));
  const recomputed =
    billingFields.length === 0
      ? { next, events: [] }
      : withEntitlementRecomputed(next, context.offering, { at, by: context.actor, reason, fields: billingFields });
  return { ok: true, step: { next: finished(recomputed.next, context), events: [...events, ...recomputed.events] } };
}

/** The fields coverage and billing depend on; a change of any of them recomputes the entitlement. */
const entitlementFields: ReadonlySet<string> = new Set(['product', 'category', 'severity']);
