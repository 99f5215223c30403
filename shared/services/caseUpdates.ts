import type { NewTimelineEvent, SupportCase } from '../domain/case';
import { DeskError, notFound } from '../errors';
import type { CaseStore, IdempotencyClaim, StoredCase, StoredClaim } from '../ports/caseStore';
import type { MessagePublisher } from '../ports/messagePublisher';
import { sendOutbox } from './caseOutbox';
import { withDeadlineMessage } from './slaDueFiling';

/**
 * What a change makes of a case: the next version, the timeline entries it adds and any lookup keys (e.g. an email's
 * Message-ID) to point at it; undefined leaves the case as it is.
 */
export type CaseChange = (current: StoredCase) => { next: SupportCase; events: NewTimelineEvent[]; lookupKeys?: string[] } | undefined;

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

/** What a change made of the case, or, for a request whose Idempotency-Key made its change before, that claim. */
export type ClaimedChange = { kind: 'changed'; stored: StoredCase } | { kind: 'replayed'; stored: StoredCase; claim: StoredClaim };

/**
 * Sends the messages earlier changes left on the outbox and takes those the queue took off the next version: each was
 * sent right after its own save too, so this send is the duplicate the queue drops, unless that one was lost.
 */
async function withEarlierOutboxSent(publisher: MessagePublisher, current: SupportCase, next: SupportCase): Promise<SupportCase> {
  const earlier = current.outbox.filter((message) => next.outbox.some((kept) => kept.messageId === message.messageId));
  if (earlier.length === 0) return next;
  const sent = await sendOutbox(publisher, earlier);
  return { ...next, outbox: next.outbox.filter((message) => !sent.has(message.messageId)) };
}

/**
 * Applies a change under optimistic concurrency. Without `ifMatch` a concurrent write makes it reload and apply the
 * change again to the fresh case (never overwrite); with `ifMatch` a stale version is a 412.
 */
export async function changeCase(cases: CaseStore, tenantId: string, caseId: string, change: CaseChange, options: ChangeOptions = {}): Promise<StoredCase> {
  return (await applyChange(cases, tenantId, caseId, change, options)).stored;
}

/**
 * `changeCase` for a request that carries an Idempotency-Key: the claim is stored in the same transaction as the
 * change, and once it is stored the same key changes nothing and answers the case as it is now, with the claim.
 */
export function changeCaseOnce(
  cases: CaseStore,
  tenantId: string,
  caseId: string,
  change: CaseChange,
  claim: IdempotencyClaim,
  options: ChangeOptions = {},
): Promise<ClaimedChange> {
  return applyChange(cases, tenantId, caseId, change, options, claim);
}

async function applyChange(
  cases: CaseStore,
  tenantId: string,
  caseId: string,
  change: CaseChange,
  options: ChangeOptions,
  claim?: IdempotencyClaim,
): Promise<ClaimedChange> {
  const { ifMatch, alreadyRead, beforeSave, publisher } = options;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    // Checked on every attempt: a twin request that won the race shows up as a stale version first.
    const earlier = claim ? await cases.findClaim(tenantId, claim.key) : undefined;
    const current = attempt === 1 && alreadyRead ? alreadyRead : await cases.get(tenantId, caseId);
    if (!current) throw notFound(`No case ${caseId}.`);
    if (earlier) return { kind: 'replayed', stored: current, claim: earlier };
    if (ifMatch !== undefined && ifMatch !== current.etag) {
      throw new DeskError('preconditionFailed', 'The case changed since you read it; read it again and retry.', { etag: current.etag });
    }
    const outcome = change(current);
    if (!outcome) return { kind: 'changed', stored: current };
    const sent = publisher ? await withEarlierOutboxSent(publisher, current.supportCase, outcome.next) : outcome.next;
    const next = withDeadlineMessage(current.supportCase, sent);
    if (beforeSave) await beforeSave(current, next);
    const saved = await cases.update(current, next, outcome.events, outcome.lookupKeys, claim);
    if (saved.kind === 'saved') {
      if (publisher) await sendOutbox(publisher, saved.stored.supportCase.outbox);
      return { kind: 'changed', stored: saved.stored };
    }
    // With a claim, the next attempt tells a twin request that won (a replay) from someone else's change (a 412).
    if (ifMatch !== undefined && !claim) {
      throw new DeskError('preconditionFailed', 'The case changed since you read it; read it again and retry.');
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
  }
  throw new Error(`Case ${caseId} kept changing under ${maxAttempts} attempts to update it`);
}
