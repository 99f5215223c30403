import type { NewTimelineEvent, SupportCase } from '../domain/case';
import { DeskError, notFound } from '../errors';
import type { CaseStore, IdempotencyClaim, StoredCase, StoredClaim } from '../ports/caseStore';
import type { MessagePublisher } from '../ports/messagePublisher';
import { sendOutbox } from './caseOutbox';
import { withDeadlineMessage } from './slaDueFiling';

/** A version of a case to save: the next case, the timeline entries it adds and any lookup keys (e.g. an email's Message-ID) to point at it. */
export interface CaseEdit {
  next: SupportCase;
  events: NewTimelineEvent[];
  lookupKeys?: string[];
}

/**
 * What one attempt of a change decides about the case as it stands:
 * - `undefined`: leave the case as it is; the change's result is `undefined`;
 * - `{ next, events, lookupKeys? }` (a `CaseEdit`): save that version; the result is `undefined`;
 * - `{ next, events, lookupKeys?, result }`: save that version, and answer `result` if this save is the one that lands;
 * - `{ result }` (no `next`): leave the case as it is and answer `result`.
 */
export type ChangeDecision =
  CaseEdit | (CaseEdit & { result: unknown }) | { next?: undefined; result: unknown } | undefined;

/** The result a decision carries: its `result`, or `undefined` for a decision without one (`undefined`, a bare `CaseEdit`). */
export type ResultOf<D extends ChangeDecision> = D extends { result: infer R } ? R : undefined;

/**
 * What a change makes of a case, given the case as it stands (read afresh on each attempt). It must be pure: an attempt
 * whose save loses to a concurrent write is thrown away, result and all, and the change runs again on the fresh case.
 * It may throw (e.g. a 409) to refuse the change; nothing is saved then.
 */
export type CaseChange<D extends ChangeDecision = CaseEdit | undefined> = (current: StoredCase) => D;

/**
 * What `changeCase` did, as decided by the attempt that counted (the one whose save landed, or the one that decided to
 * leave the case as it was):
 * - `before`: the case that attempt was given;
 * - `stored`: the case as saved by it, or `before` itself (the same object) when it left the case as it was;
 * - `result`: what that attempt answered; `undefined` when it returned `undefined` or a `CaseEdit` without a result.
 */
export interface ChangedCase<R> {
  stored: StoredCase;
  before: StoredCase;
  result: R;
}

const maxAttempts = 20;

export interface ChangeOptions {
  /** A person's If-Match header: a stale version is a 412 instead of a reload. */
  ifMatch?: string;
  /** The case as the caller already holds it with its ETag, which spares the first read. */
  alreadyRead?: StoredCase;
  /** Runs before each save attempt, for a record that must exist before the new version does (the due-time index). */
  beforeSave?: (current: StoredCase, next: SupportCase) => Promise<void>;
  /**
   * Sends the case's outbox: what earlier changes left on it before this change is saved (sent again, so the save can
   * take it off), and what this change adds after the save. Without it, outbox messages wait for the SLA sweep.
   */
  publisher?: MessagePublisher;
}

/**
 * What a change made of the case (as `ChangedCase`), or, for a request whose Idempotency-Key made its change before,
 * the case as it is now with that claim (the change did not run on it, so there is no `before` or `result`).
 */
export type ClaimedChange<R = undefined> =
  ({ kind: 'changed' } & ChangedCase<R>) | { kind: 'replayed'; stored: StoredCase; claim: StoredClaim };

/**
 * Sends the messages earlier changes left on the outbox and takes those the queue took off the next version: each was
 * sent right after its own save too, so this send is the duplicate the queue drops, unless that one was lost.
 */
async function withEarlierOutboxSent(
  publisher: MessagePublisher,
  current: SupportCase,
  next: SupportCase,
): Promise<SupportCase> {
  const earlier = current.outbox.filter((message) => next.outbox.some((kept) => kept.messageId === message.messageId));
  if (earlier.length === 0) return next;
  const sent = await sendOutbox(publisher, earlier);
  return { ...next, outbox: next.outbox.filter((message) => !sent.has(message.messageId)) };
}

/**
 * Applies a change under optimistic concurrency and answers `{ stored, before, result }` (see `ChangedCase`) of the
 * attempt that counted. Without `ifMatch` a concurrent write makes it reload and run the change again on the fresh
 * case (never overwrite), discarding the earlier attempt's result; with `ifMatch` a stale version is a 412.
 *
 * Errors: `DeskError` notFound when the case does not exist; `DeskError` preconditionFailed when `ifMatch` is given
 * and the case is (or becomes, before the save) another version; whatever the change, `beforeSave`, the store or the
 * publisher throws, unchanged; an `Error` when the case kept changing under every one of 20 attempts.
 */
export async function changeCase<D extends ChangeDecision>(
  cases: CaseStore,
  tenantId: string,
  caseId: string,
  change: CaseChange<D>,
  options: ChangeOptions = {},
): Promise<ChangedCase<ResultOf<D>>> {
  const { stored, before, result } = await applyChange(cases, tenantId, caseId, change, options, undefined);
  return { stored, before, result };
}

/**
 * `changeCase` for a request that carries an Idempotency-Key: the claim is stored in the same transaction as the
 * change, and once it is stored the same key changes nothing and answers `{ kind: 'replayed', stored, claim }`: the
 * case as it is now, with the claim. Otherwise `{ kind: 'changed', stored, before, result }`. Errors as `changeCase`.
 */
export function changeCaseOnce<D extends ChangeDecision>(
  cases: CaseStore,
  tenantId: string,
  caseId: string,
  change: CaseChange<D>,
  claim: IdempotencyClaim,
  options: ChangeOptions = {},
): Promise<ClaimedChange<ResultOf<D>>> {
  return applyChange(cases, tenantId, caseId, change, options, claim);
}

/** The decision's result; a decision without one (`undefined`, a bare `CaseEdit`) has `undefined`. */
const resultOf = <D extends ChangeDecision>(decision: D): ResultOf<D> =>
  (decision !== undefined && 'result' in decision ? decision.result : undefined) as ResultOf<D>;

/** Only a claim can be replayed: without one the change always answers what it changed. */
function applyChange<D extends ChangeDecision>(
  cases: CaseStore,
  tenantId: string,
  caseId: string,
  change: CaseChange<D>,
  options: ChangeOptions,
  claim: undefined,
): Promise<{ kind: 'changed' } & ChangedCase<ResultOf<D>>>;
function applyChange<D extends ChangeDecision>(
  cases: CaseStore,
  tenantId: string,
  caseId: string,
  change: CaseChange<D>,
  options: ChangeOptions,
  claim: IdempotencyClaim,
): Promise<ClaimedChange<ResultOf<D>>>;
async function applyChange<D extends ChangeDecision>(
  cases: CaseStore,
  tenantId: string,
  caseId: string,
  change: CaseChange<D>,
  options: ChangeOptions,
  claim: IdempotencyClaim | undefined,
): Promise<ClaimedChange<ResultOf<D>>> {
  const { ifMatch, alreadyRead, beforeSave, publisher } = options;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    // Checked on every attempt: a twin request that won the race shows up as a stale version first.
    const earlier = claim ? await cases.findClaim(tenantId, claim.key) : undefined;
    const current = attempt === 1 && alreadyRead ? alreadyRead : await cases.get(tenantId, caseId);
    if (!current) throw notFound(`No case ${caseId}.`);
    if (earlier) return { kind: 'replayed', stored: current, claim: earlier };
    if (ifMatch !== undefined && ifMatch !== current.etag) {
      throw new DeskError('preconditionFailed', 'The case changed since you read it; read it again and retry.', {
        etag: current.etag,
      });
    }
    const decision = change(current);
    const result = resultOf(decision);
    if (decision?.next === undefined) return { kind: 'changed', stored: current, before: current, result };
    const outcome: CaseEdit = decision;
    const sent = publisher ? await withEarlierOutboxSent(publisher, current.supportCase, outcome.next) : outcome.next;
    const next = withDeadlineMessage(current.supportCase, sent);
    if (beforeSave) await beforeSave(current, next);
    const saved = await cases.update(current, next, outcome.events, outcome.lookupKeys, claim);
    if (saved.kind === 'saved') {
      if (publisher) await sendOutbox(publisher, saved.stored.supportCase.outbox);
      return { kind: 'changed', stored: saved.stored, before: current, result };
    }
    // With a claim, the next attempt tells a twin request that won (a replay) from someone else's change (a 412).
    if (ifMatch !== undefined && !claim) {
      throw new DeskError('preconditionFailed', 'The case changed since you read it; read it again and retry.');
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
  }
  throw new Error(`Case ${caseId} kept changing under ${maxAttempts} attempts to update it`);
}
