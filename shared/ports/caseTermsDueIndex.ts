import type { CaseTermsScope } from '../domain/caseTermsOutbox';

/** A case-terms change filed under the instant the SLA sweep queues its recompute should that still be owed then. */
export interface CaseTermsDueEntry {
  scope: CaseTermsScope;
  changeId: string;
  /** ISO 8601 instant. */
  dueAt: string;
}

/**
 * Customer-plan and offering changes whose recompute of open cases' terms may still be owed, so the SLA sweep finds
 * them without reading every customer and offering. A change is filed before it is saved, so a process that stops
 * between the save and the send leaves it here. An entry is a hint, never the truth: the owed recompute stored with
 * the change is, so an entry whose change was never saved, or whose recompute was queued since, costs one read.
 */
export interface CaseTermsDueIndex {
  file(entry: CaseTermsDueEntry): Promise<void>;
  /** Every entry due at or before `until`, whenever it fell due: an entry stays until it is removed. */
  dueBy(until: Date): Promise<CaseTermsDueEntry[]>;
  /** Takes entries out by scope and change id; one already gone is fine. */
  remove(entries: ReadonlyArray<Pick<CaseTermsDueEntry, 'scope' | 'changeId'>>): Promise<void>;
}
