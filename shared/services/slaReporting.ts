import type { Principal } from '../domain/apiKey';
import { reportLookbackDays, reportRange, reportRangeProblem, slaReport, type SlaReport } from '../domain/slaReport';
import { invalidRequest } from '../errors';
import type { CaseStore } from '../ports/caseStore';
import type { Clock } from '../ports/clock';

export interface SlaReportDesk {
  cases: CaseStore;
  clock: Clock;
}

/**
 * GET /api/reports/sla: the SLA report (slaReport) of a range of UTC days for the caller's tenant, from the cases
 * opened in it or up to reportLookbackDays before it: one key range of case rows (case ids start with their opening
 * time), never the whole tenant.
 * Errors: invalidRequest naming `to` when the range ends before it starts or is too long (reportRangeProblem).
 */
export async function reportSla(
  desk: SlaReportDesk,
  principal: Principal,
  range: { from: string; to: string },
): Promise<SlaReport> {
  const problem = reportRangeProblem(range);
  if (problem)
    throw invalidRequest(`The report's range is not one it can cover: ${problem}.`, [
      { field: 'to', message: problem },
    ]);
  const { start, end } = reportRange(range.from, range.to);
  const openedFrom = new Date(start.getTime() - reportLookbackDays * 24 * 60 * 60 * 1000);
  // A case whose row cannot be read is left out of the figures, as lists leave it out; the store's log names it.
  const { cases } = await desk.cases.openedBetween(principal.tenantId, openedFrom, end);
  return slaReport(
    cases.map((entry) => entry.supportCase),
    range,
    desk.clock.now(),
  );
}
