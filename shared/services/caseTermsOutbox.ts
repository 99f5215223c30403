import { randomUUID } from 'node:crypto';
import {
  caseTermsDueAt,
  caseTermsScopeKey,
  latestOwed,
  owedCaseTerms,
  unsavedChangeForgotten,
  type CaseTermsScope,
  type OwedCaseTerms,
} from '../domain/caseTermsOutbox';
import type { Desk } from '../composition';
import type { CaseTermsDueEntry } from '../ports/caseTermsDueIndex';
import { CustomerSenderTakenError, StaleVersionError } from '../ports/tenantDirectory';
import { forEachConcurrently } from './concurrently';
import { publishCaseTermsChange, type CaseTermsChangeRequest } from './openCaseTerms';

export type CaseTermsOutboxDesk = Pick<
  Desk,
  'cases' | 'customers' | 'tenants' | 'publisher' | 'caseTermsDue' | 'clock'
>;

/** Scopes whose owed recomputes one sweep queues at the same time. */
const sweepConcurrency = 4;

const nameOf = (scope: CaseTermsScope): string =>
  scope.change === 'offering'
    ? `offering change of ${scope.tenantId}`
    : `plan change of customer ${scope.customerTenantId} of ${scope.tenantId}`;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function owedOf(desk: CaseTermsOutboxDesk, scope: CaseTermsScope): Promise<OwedCaseTerms[]> {
  return scope.change === 'offering'
    ? desk.tenants.owedCaseTerms(scope.tenantId)
    : desk.customers.owedCaseTerms(scope.tenantId, scope.customerTenantId);
}

function settle(desk: CaseTermsOutboxDesk, scope: CaseTermsScope, changeIds: readonly string[]): Promise<void> {
  return scope.change === 'offering'
    ? desk.tenants.settleCaseTerms(scope.tenantId, changeIds)
    : desk.customers.settleCaseTerms(scope.tenantId, scope.customerTenantId, changeIds);
}

/**
 * Queues the recompute the scope's saved changes still owe, if any, and takes them off; answers the changes it covered.
 * One message covers them all (the recompute reads what is stored when it is handled), under a new message id: an
 * earlier send of one of them may have been taken and handled before a later save of the scope, and the queue would
 * drop a copy under that id. A second handling changes nothing the first did not. Errors: those of storage and the
 * publisher, with every owed recompute still there.
 */
async function queueOwed(desk: CaseTermsOutboxDesk, scope: CaseTermsScope): Promise<OwedCaseTerms[]> {
  const owed = await owedOf(desk, scope);
  const latest = latestOwed(owed);
  if (!latest) return [];
  await publishCaseTermsChange(desk, { ...latest.change, changeId: randomUUID() });
  await settle(
    desk,
    scope,
    owed.map(({ change }) => change.changeId),
  );
  return owed;
}

/**
 * Queues what the scope's saved changes still owe and takes their entries off the due index. A failure is logged, not
 * thrown: the change that owes it is saved already, and the recompute waits with it for the SLA sweep (or the scope's
 * next change), as intake's outbox messages wait on their case.
 */
async function sendOwedCaseTerms(desk: CaseTermsOutboxDesk, scope: CaseTermsScope): Promise<void> {
  try {
    const covered = await queueOwed(desk, scope);
    await desk.caseTermsDue.remove(covered.map(({ change }) => ({ scope, changeId: change.changeId })));
  } catch (error) {
    console.warn(`case-terms: the recompute the ${nameOf(scope)} owes waits for the SLA sweep: ${messageOf(error)}`);
  }
}

/**
 * Saves a change that open cases' terms depend on and queues their recompute: `save` must store the owed recompute it
 * is given in the same write as the change (both or neither). The change is filed in the due index before it is saved,
 * so a process that stops between the save and the send leaves the recompute to the SLA sweep; a failed send is
 * logged (sendOwedCaseTerms). Answers what `save` answers; errors: those of `save` and of filing.
 */
export async function saveOwingCaseTerms<Saved>(
  desk: CaseTermsOutboxDesk,
  request: CaseTermsChangeRequest,
  save: (owed: OwedCaseTerms) => Promise<Saved>,
): Promise<Saved> {
  const now = desk.clock.now();
  const owed = owedCaseTerms({ ...request, changeId: randomUUID() }, now);
  const entry = { scope: request, changeId: owed.change.changeId, dueAt: caseTermsDueAt(now) };
  await desk.caseTermsDue.file(entry);
  let saved: Saved;
  try {
    saved = await save(owed);
  } catch (error) {
    // A failed save may have been stored after all: Table Storage committed it, its answer was lost and the SDK's retry
    // was refused (412 on If-Match, 409 on a create). Only the owed recompute stored with it tells, so a refusal reads
    // it: stored, it is sent; not stored, the entry goes. Any other failure leaves the entry to the sweep.
    if (error instanceof StaleVersionError || error instanceof CustomerSenderTakenError)
      await settleRefusedSave(desk, request, entry).catch(() => undefined);
    throw error;
  }
  await sendOwedCaseTerms(desk, request);
  return saved;
}

/** After a refused save: sends the change's recompute if the save was stored after all, else takes its entry off. */
async function settleRefusedSave(
  desk: CaseTermsOutboxDesk,
  scope: CaseTermsScope,
  entry: Pick<CaseTermsDueEntry, 'scope' | 'changeId'>,
): Promise<void> {
  const owed = await owedOf(desk, scope);
  if (owed.some(({ change }) => change.changeId === entry.changeId)) await sendOwedCaseTerms(desk, scope);
  else await desk.caseTermsDue.remove([entry]);
}

export interface CaseTermsReplayReport {
  /** Due-index entries whose instant had come. */
  due: number;
  /** Scopes whose owed recomputes this pass settled: queued, or none of their cases was open. */
  queued: number;
  failures: Array<{ scope: CaseTermsScope; error: string }>;
}

/**
 * The SLA sweep's part of the case-terms outbox: for each scope with a due entry, queues what its saved changes still
 * owe and takes their entries off. An entry whose change it does not find saved stays until no save can land any more
 * (unsavedChangeForgotten), then goes: the change was refused, or the process stopped before the save; a save still
 * on its way when the entry fell due is found at a later pass. A scope that fails keeps its entries and is tried again
 * at the next pass. Queuing twice is harmless. Errors: those of reading the due index.
 */
export async function replayOwedCaseTerms(desk: CaseTermsOutboxDesk): Promise<CaseTermsReplayReport> {
  const now = desk.clock.now();
  const due = await desk.caseTermsDue.dueBy(now);
  const byScope = new Map<string, CaseTermsDueEntry[]>();
  for (const entry of due) {
    const key = `${entry.scope.tenantId}|${caseTermsScopeKey(entry.scope)}`;
    byScope.set(key, [...(byScope.get(key) ?? []), entry]);
  }
  const report: CaseTermsReplayReport = { due: due.length, queued: 0, failures: [] };
  await forEachConcurrently([...byScope.values()], sweepConcurrency, async (entries) => {
    const scope = (entries[0] as CaseTermsDueEntry).scope;
    try {
      const covered = await queueOwed(desk, scope);
      if (covered.length > 0) report.queued += 1;
      const queued = new Set(covered.map(({ change }) => change.changeId));
      await desk.caseTermsDue.remove([
        ...entries.filter((entry) => !queued.has(entry.changeId) && unsavedChangeForgotten(entry, now)),
        // Entries of the changes queued now, whether due yet or not.
        ...covered.map(({ change }) => ({ scope, changeId: change.changeId })),
      ]);
    } catch (error) {
      report.failures.push({ scope, error: messageOf(error) });
    }
  });
  return report;
}
