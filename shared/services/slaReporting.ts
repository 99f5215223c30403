import type { Principal } from '../domain/apiKey';
import { reportRange, slaReport, type SlaReport } from '../domain/slaReport';
import type { CaseStore } from '../ports/caseStore';
import type { Clock } from '../ports/clock';

export interface SlaReportDesk {
  cases: CaseStore;
  clock: Clock;
}

/**
 * GET /api/reports/sla: the SLA report (slaReport) of the caller's tenant's cases opened in the range of UTC days,
 * read as one key range of case rows (case ids start with their opening time), never the whole tenant.
 */
export async function reportSla(
  desk: SlaReportDesk,
  principal: Principal,
  range: { from: string; to: string },
): Promise<SlaReport> {
  const { start, end } = reportRange(range.from, range.to);
  const stored = await desk.cases.openedBetween(principal.tenantId, start, end);
  return slaReport(
    stored.map((entry) => entry.supportCase),
    range,
    desk.clock.now(),
  );
}
