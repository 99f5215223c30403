import { isReopen, type CaseActor, type CaseStatus } from './caseStatus';
import { slaClockEffect, type SlaClockEffect } from './slaClock';

/** A case may be reopened for this many days after it was resolved (or closed) unless the tenant says otherwise. */
export const defaultReopenWindowDays = 14;

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Who may move a case from where to where.
 * - The pipeline only triages and enriches.
 * - Agents may start work on a case the pipeline has not finished with yet (new/triaged/enriched -> in_progress):
 *   a critical case must not wait for enrichment, and enrichment of a case already in progress simply adds data.
 * - Agents may resolve a case that is pending the customer: the customer often confirms the fix in the reply
 *   the agent was waiting for.
 * - Customers answer (pending_customer -> in_progress), confirm a fix (resolved -> closed) and reopen.
 * - Reopening (resolved/closed -> in_progress) is limited to the tenant's reopen window.
 */
const transitionsByActor: Record<CaseActor, Record<CaseStatus, readonly CaseStatus[]>> = {
  system: {
    new: ['triaged'],
    triaged: ['enriched'],
    enriched: [],
    in_progress: [],
    pending_customer: [],
    resolved: [],
    closed: [],
  },
  agent: {
    new: ['in_progress'],
    triaged: ['in_progress'],
    enriched: ['in_progress'],
    in_progress: ['pending_customer', 'resolved'],
    pending_customer: ['in_progress', 'resolved'],
    resolved: ['in_progress', 'closed'],
    closed: ['in_progress'],
  },
  customer: {
    new: [],
    triaged: [],
    enriched: [],
    in_progress: [],
    pending_customer: ['in_progress'],
    resolved: ['in_progress', 'closed'],
    closed: ['in_progress'],
  },
};

/** Every status `actor` may move a case to from `from`, before the reopen window is taken into account. */
export function allowedTransitions(from: CaseStatus, actor: CaseActor): CaseStatus[] {
  return [...transitionsByActor[actor][from]];
}

export interface TransitionContext {
  actor: CaseActor;
  now: Date;
  /** When the case was resolved; the reopen window of a resolved case runs from here. */
  resolvedAt?: Date;
  /** When the case was closed; the reopen window of a closed case runs from here. */
  closedAt?: Date;
  reopenWindowDays: number;
}

export type TransitionRefusalCode = 'transitionNotAllowed' | 'reopenWindowExpired' | 'reopenTimestampMissing';

export type TransitionResult =
  | { ok: true; slaClock: SlaClockEffect }
  | { ok: false; code: TransitionRefusalCode; allowed: CaseStatus[]; reason: string };

type ReopenWindow =
  { open: true } | { open: false; code: 'reopenWindowExpired' | 'reopenTimestampMissing'; reason: string };

/** The window is the half-open interval [anchor, anchor + days): at exactly `days` after the anchor it has closed. */
function reopenWindow(from: CaseStatus, context: TransitionContext): ReopenWindow {
  const anchorName = from === 'closed' ? 'closedAt' : 'resolvedAt';
  const anchor = context[anchorName];
  if (anchor === undefined) {
    return { open: false, code: 'reopenTimestampMissing', reason: `a ${from} case needs ${anchorName} to be reopened` };
  }
  const closesAt = anchor.getTime() + context.reopenWindowDays * dayMs;
  if (context.now.getTime() < closesAt) return { open: true };
  return {
    open: false,
    code: 'reopenWindowExpired',
    reason: `the reopen window of ${context.reopenWindowDays} days from ${anchorName} ${anchor.toISOString()} has passed`,
  };
}

/**
 * Decides whether `context.actor` may move a case from `from` to `to` now.
 * A refusal lists the statuses that are allowed at this moment, so an API can answer 409 naming them.
 */
export function transition(from: CaseStatus, to: CaseStatus, context: TransitionContext): TransitionResult {
  const permitted = allowedTransitions(from, context.actor);
  const window: ReopenWindow = permitted.some((target) => isReopen(from, target))
    ? reopenWindow(from, context)
    : { open: true };
  const allowed = permitted.filter((target) => window.open || !isReopen(from, target));

  if (allowed.includes(to)) return { ok: true, slaClock: slaClockEffect(from, to) };
  if (!window.open && permitted.includes(to)) return { ok: false, code: window.code, allowed, reason: window.reason };
  return {
    ok: false,
    code: 'transitionNotAllowed',
    allowed,
    reason: `${context.actor} may not move a case from ${from} to ${to}`,
  };
}
