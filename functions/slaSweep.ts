import { app, type InvocationContext, type Timer } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { replayOwedCaseTerms } from '../shared/services/caseTermsOutbox';
import { breachLogLine, sweepDueCases } from '../shared/services/slaEnforcement';

/**
 * Every minute (SLA_SWEEP_SCHEDULE): acts on the cases whose SLA warning, breach or deferred escalation is due, and
 * queues the recomputes of open cases' terms that customer-plan and offering changes still owe (a failed send).
 */
export async function slaSweep(_timer: Timer, context: InvocationContext): Promise<void> {
  const desk = currentDesk();
  // Apart from the cases' sweep, so a failure of one does not hold up the other.
  const terms = replayOwedCaseTerms(desk).catch((error: unknown) => {
    context.error(`Reading the owed case-terms recomputes failed, retried in a minute: ${String(error)}`);
  });
  const report = await sweepDueCases(desk);
  if (report.due > 0 || report.purgedDays.length > 0) {
    const purged = report.purgedDays.length > 0 ? `, dropped the index days ${report.purgedDays.join(', ')}` : '';
    context.log(
      `SLA sweep ${report.sweptFrom ?? 'from the start'} .. ${report.sweptAt}: ${report.due} due, ${report.changed} changed${purged}`,
    );
  }
  for (const breach of report.breaches) context.log(breachLogLine(breach));
  for (const failure of report.failures)
    context.error(
      `SLA enforcement failed for case ${failure.caseId} of ${failure.tenantId}, retried in a minute: ${failure.error}`,
    );
  if (report.purgeError)
    context.warn(`Purging passed SLA index entries failed, retried after the next midnight: ${report.purgeError}`);
  const replay = await terms;
  if (replay && replay.due > 0) context.log(`Case-terms outbox: ${replay.due} due, ${replay.queued} scope(s) settled`);
  for (const failure of replay?.failures ?? [])
    context.error(
      `The owed ${failure.scope.change} recompute of ${failure.scope.tenantId} is not queued yet, retried in a minute: ${failure.error}`,
    );
}

app.timer('slaSweep', { schedule: '%SLA_SWEEP_SCHEDULE%', handler: slaSweep });
