import type { NewTimelineEvent, SupportCase } from '../domain/case';
import { DeskError, notFound } from '../errors';
import type { CaseStore, StoredCase } from '../ports/caseStore';

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
}

/**
 * Applies a change under optimistic concurrency. Without `ifMatch` a concurrent write makes it reload and apply the
 * change again to the fresh case (never overwrite); with `ifMatch` a stale version is a 412.
 */
export async function changeCase(cases: CaseStore, tenantId: string, caseId: string, change: CaseChange, options: ChangeOptions = {}): Promise<StoredCase> {
  const { ifMatch, alreadyRead, beforeSave } = options;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const current = attempt === 1 && alreadyRead ? alreadyRead : await cases.get(tenantId, caseId);
    if (!current) throw notFound(`No case ${caseId}.`);
    if (ifMatch !== undefined && ifMatch !== current.etag) {
      throw new DeskError('preconditionFailed', 'The case changed since you read it; read it again and retry.', { etag: current.etag });
    }
    const outcome = change(current);
    if (!outcome) return current;
    if (beforeSave) await beforeSave(current, outcome.next);
    const saved = await cases.update(current, outcome.next, outcome.events, outcome.lookupKeys);
    if (saved.kind === 'saved') return saved.stored;
    if (ifMatch !== undefined) {
      throw new DeskError('preconditionFailed', 'The case changed since you read it; read it again and retry.');
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
  }
  throw new Error(`Case ${caseId} kept changing under ${maxAttempts} attempts to update it`);
}
