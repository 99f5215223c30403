import type { Principal } from '../domain/apiKey';
import { reportRange, reportRangeProblem, slaReport, type SlaReport } from '../domain/slaReport';
import { invalidRequest } from '../errors';
import type { CaseStore } from '../ports/caseStore';
import type { Clock } from '../ports/clock';

export interface SlaReportDesk {
  cases: CaseStore;
  clock: Clock;
}

/**
 * GET /api/reports/sla: the SLA report (slaReport) of the caller's tenant's cases opened in the range of UTC days,
 * read as one key range of case rows (case ids start with their opening time), never the whole tenant.
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
  const stored = await desk.cases.openedBetween(principal.tenantId, start, end);
  return slaReport(
    stored.map((entry) => entry.supportCase),
    range,
    desk.clock.now(),
  );
}
