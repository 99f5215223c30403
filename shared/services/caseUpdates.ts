import type { NewTimelineEvent, SupportCase } from '../domain/case';
import { DeskError, notFound } from '../errors';
import type { CaseStore, StoredCase } from '../ports/caseStore';

/**
 * What a change makes of a case: the next version, the timeline entries it adds and any lookup keys (e.g. an email's
 * Message-ID) to point at it; undefined leaves the case as it is.
 */
export type CaseChange = (current: StoredCase) => { next: SupportCase; events: NewTimelineEvent[]; lookupKeys?: string[] } | undefined;

const maxAttempts = 20;

/**
 * Applies a change under optimistic concurrency. Without `ifMatch` a concurrent write makes it reload and apply the
 * change again to the fresh case (never overwrite); with `ifMatch` (a person's If-Match header) a stale version is a 412.
 * `alreadyRead` spares the first read when the caller already holds the case with its ETag.
 */
export async function changeCase(
  cases: CaseStore,
  tenantId: string,
  caseId: string,
  change: CaseChange,
  ifMatch?: string,
  alreadyRead?: StoredCase,
): Promise<StoredCase> {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const current = attempt === 1 && alreadyRead ? alreadyRead : await cases.get(tenantId, caseId);
    if (!current) throw notFound(`No case ${caseId}.`);
    if (ifMatch !== undefined && ifMatch !== current.etag) {
      throw new DeskError('preconditionFailed', 'The case changed since you read it; read it again and retry.', { etag: current.etag });
    }
    const outcome = change(current);
    if (!outcome) return current;
    const saved = await cases.update(current, outcome.next, outcome.events, outcome.lookupKeys);
    if (saved.kind === 'saved') return saved.stored;
    if (ifMatch !== undefined) {
      throw new DeskError('preconditionFailed', 'The case changed since you read it; read it again and retry.');
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
  }
  throw new Error(`Case ${caseId} kept changing under ${maxAttempts} attempts to update it`);
}
