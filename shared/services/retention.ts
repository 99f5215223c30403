import type { Desk } from '../composition';
import { addDays, lookupKeysOf, peopleOf, personKey, reviewCase } from '../domain/retention';
import type { DueRetentionEntry, RetentionStores } from '../ports/retention';
import { forEachConcurrently } from './concurrently';

export type RetentionDesk = Pick<Desk, 'cases' | 'tenants' | 'clock' | 'mailDeliveries'> & RetentionStores;

/**
 * A run reads the index days of this many days back: an entry a run could not act on is tried again by every run for
 * more than a year. (It also keeps a run's reads bounded whatever the index holds.)
 */
export const purgeLookbackDays = 400;
/** Entries read and acted on at a time. */
const pageSize = 500;
/** A run stops reading further pages after this long (real time); the next run goes on where it stopped. */
const runBudgetMs = 10 * 60_000;
const concurrency = 8;

export interface PurgeReport {
  at: string;
  /** Index entries that had fallen due. */
  due: number;
  /** Cases removed with their timeline, lookup, person-index and share rows. */
  casesPurged: number;
  /** Cases not expired yet (open, or closed more recently than the tenant's retention), filed to be looked at again. */
  casesKept: number;
  /** Idempotency claims, intake-log entries and their index rows removed. */
  rowsRemoved: number;
  /** Whether the run stopped at its time budget with entries still due; the next run goes on. */
  more: boolean;
  failures: Array<{ tenantId: string; target: string; error: string }>;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

type CaseOutcome = 'purged' | 'kept' | 'gone' | 'changed' | 'takenOver';

/**
 * Looks at one case whose review came. Removal order makes a stopped purge safe to repeat: the rows that go with the
 * case are noted on its entry, then the case row goes only if it is still the version judged (a reopen in between keeps
 * it), then the rest; a later run that finds the case gone removes what the entry noted, the timeline's key range and
 * the case's partition of the mail delivery log.
 */
async function reviewEntry(
  desk: RetentionDesk,
  entry: DueRetentionEntry,
  caseId: string,
  retentionMonths: number,
  now: Date,
): Promise<CaseOutcome> {
  const { tenantId } = entry;
  const stored = await desk.cases.get(tenantId, caseId);
  if (!stored) {
    const { rows, people } = entry.remains;
    await desk.personalData.removeRows([...rows, ...(await desk.personalData.timelineRows(tenantId, caseId))]);
    await desk.personalData.removePersonRows(tenantId, people);
    await desk.mailDeliveries.removeCase(tenantId, caseId);
    return 'gone';
  }
  const review = reviewCase(stored.supportCase, retentionMonths, now);
  if (review.kind === 'keep') {
    await desk.retention.refile(entry, review.reviewAt);
    return 'kept';
  }
  const { supportCase } = stored;
  const timeline = await desk.cases.timeline(tenantId, caseId, stored);
  const people = peopleOf(supportCase, timeline).map((address) => personKey(tenantId, address));
  const rows = await desk.personalData.rowsOfCase(
    tenantId,
    caseId,
    lookupKeysOf(supportCase),
    people,
    supportCase.sharedWithTenantIds,
  );
  if (!(await desk.retention.noteRemains(entry, { rows: rows.others, people: rows.people }))) return 'takenOver';
  const removal = await desk.personalData.removeCaseRow(tenantId, caseId, stored.etag);
  if (removal === 'changed') return 'changed';
  await desk.personalData.removeRows([...rows.timeline, ...rows.others]);
  await desk.personalData.removePersonRows(tenantId, rows.people);
  await desk.mailDeliveries.removeCase(tenantId, caseId);
  return 'purged';
}

/** Acts on one page of a tenant's due entries; answers those acted on, which leave the index, and whether any was left. */
async function actOn(
  desk: RetentionDesk,
  tenantId: string,
  entries: readonly DueRetentionEntry[],
  report: PurgeReport,
  retentionMonths: () => Promise<number>,
  now: Date,
): Promise<{ done: DueRetentionEntry[]; left: boolean }> {
  const done: DueRetentionEntry[] = [];
  let left = false;
  const rowEntries = entries.filter((entry) => entry.target.kind !== 'case');
  if (rowEntries.length > 0) {
    try {
      report.rowsRemoved += await desk.personalData.removeRows(
        rowEntries.flatMap((entry) =>
          entry.target.kind === 'row' ? [{ partitionKey: tenantId, rowKey: entry.target.rowKey }] : [],
        ),
      );
      report.rowsRemoved += await desk.personalData.removePersonRows(
        tenantId,
        rowEntries.flatMap((entry) => (entry.target.kind === 'person' ? [entry.target.person] : [])),
      );
      done.push(...rowEntries);
    } catch (error) {
      left = true;
      report.failures.push({ tenantId, target: `${rowEntries.length} rows`, error: message(error) });
    }
  }
  await forEachConcurrently(entries, concurrency, async (entry) => {
    if (entry.target.kind !== 'case') return;
    try {
      const outcome = await reviewEntry(desk, entry, entry.target.caseId, await retentionMonths(), now);
      if (outcome === 'purged') report.casesPurged += 1;
      if (outcome === 'kept') {
        // Filed again on a later day, and taken off this one in the same request.
        report.casesKept += 1;
      } else if (outcome === 'changed' || outcome === 'takenOver') {
        // A case changed while it was judged is looked at again by the next run; one another run took over is its.
        left = true;
      } else {
        done.push(entry);
      }
    } catch (error) {
      left = true;
      report.failures.push({ tenantId, target: `case ${entry.target.caseId}`, error: message(error) });
    }
  });
  return { done, left };
}

/**
 * One run of the retention timer. It reads only what has fallen due (never the live cases): the tenants with entries
 * on the days that have passed, then each tenant's entries of those days. It removes expired idempotency claims and
 * intake-log entries with their index rows, and looks at each case whose review came, removing it with everything that
 * goes with it once the tenant's retention after its closure has passed and filing it again otherwise. Entries acted on
 * leave the index, and a day whose entries are all gone is forgotten; one that failed stays for the next run. Runs that
 * overlap act on some entries twice, which changes nothing.
 */
export async function purgeExpired(desk: RetentionDesk): Promise<PurgeReport> {
  const now = desk.clock.now();
  const started = performance.now();
  const report: PurgeReport = {
    at: now.toISOString(),
    due: 0,
    casesPurged: 0,
    casesKept: 0,
    rowsRemoved: 0,
    more: false,
    failures: [],
  };
  const retentionMonths = new Map<string, Promise<number>>();
  const monthsOf = (tenantId: string) => (): Promise<number> => {
    let months = retentionMonths.get(tenantId);
    if (!months) {
      months = desk.tenants.offering(tenantId).then((offering) => offering.settings.closedCaseRetentionMonths);
      retentionMonths.set(tenantId, months);
    }
    return months;
  };
  for await (const days of desk.retention.dueDays(addDays(now, -purgeLookbackDays), now)) {
    for (const due of days) {
      let left = false;
      try {
        for await (const page of desk.retention.entriesOf(due, pageSize)) {
          report.due += page.length;
          const acted = await actOn(desk, due.tenantId, page, report, monthsOf(due.tenantId), now);
          left ||= acted.left;
          await desk.retention.remove(acted.done);
          if (performance.now() - started > runBudgetMs) {
            report.more = true;
            return report;
          }
        }
        if (!left) await desk.retention.settle(due);
      } catch (error) {
        // Acting on an entry twice is harmless: the next run reads the day again.
        report.failures.push({ tenantId: due.tenantId, target: `entries of ${due.day}`, error: message(error) });
      }
    }
  }
  return report;
}
