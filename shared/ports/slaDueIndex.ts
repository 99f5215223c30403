/** One case filed in the due-time index under the instant the SLA enforcement must look at it. */
export interface SlaDueEntry {
  tenantId: string;
  caseId: string;
  /** ISO 8601 instant. */
  dueAt: string;
  /** Version of the entry as read, so removing it leaves alone an entry that was filed again meanwhile. */
  etag: string;
}

/**
 * Cases by the minute they fall due, so a sweep reads only what is due instead of every open case. An entry is a hint,
 * never the truth: the sweep re-evaluates the case and drops entries that no longer match it.
 */
export interface SlaDueIndex {
  /** Files the case under `to` and takes it out from under `from`; either may be null (nothing filed / nothing due). */
  move(tenantId: string, caseId: string, from: string | null, to: string | null): Promise<void>;
  /** Entries due at or before `until`, earliest minute first, at most `limit`. */
  dueBy(until: Date, limit: number): Promise<SlaDueEntry[]>;
  /** Removes an entry as read; one filed again since (another ETag) or already gone is left as it is. */
  remove(entry: SlaDueEntry): Promise<void>;
}

/** The UTC minute an instant falls in, as yyyyMMddHHmm: the unit the index groups entries by and a sweep reads. */
export function slaDueMinute(instant: string): string {
  return new Date(instant).toISOString().slice(0, 16).replace(/[-T:]/g, '');
}
