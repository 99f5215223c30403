/** One case filed in the due-time index under the instant the SLA enforcement must look at it. */
export interface SlaDueEntry {
  tenantId: string;
  caseId: string;
  /** ISO 8601 instant. */
  dueAt: string;
}

/**
 * Cases by the minute they fall due, so a sweep reads only what fell due since the previous sweep instead of every
 * open case. An entry is a hint, never the truth: the sweep re-evaluates the case, so an entry that no longer matches
 * its case costs one read and changes nothing.
 */
export interface SlaDueIndex {
  /**
   * Files the case under `to` and takes it out from under `from`, an entry still ahead (a passed one stays until its day
   * is dropped); either may be null (nothing to remove / nothing due).
   */
  move(tenantId: string, caseId: string, from: string | null, to: string | null): Promise<void>;
  /** Entries due after `after` (when null: from a week before `until`) and at or before `until`. */
  dueBetween(after: Date | null, until: Date): Promise<SlaDueEntry[]>;
  /** The instant up to which every entry has been acted on; null before the first sweep. */
  sweptUntil(): Promise<Date | null>;
  markSweptUntil(at: Date): Promise<void>;
  /** Drops every entry of the UTC days from `from`'s day up to, not including, `before`'s day; answers those days. */
  dropDays(from: Date, before: Date): Promise<string[]>;
}

/** The UTC minute an instant falls in, as yyyyMMddHHmm: the unit the index groups entries by. */
export function slaDueMinute(instant: string): string {
  return new Date(instant).toISOString().slice(0, 16).replace(/[-T:]/g, '');
}
