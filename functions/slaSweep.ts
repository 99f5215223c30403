import { app, type InvocationContext, type Timer } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { breachLogLine, sweepDueCases } from '../shared/services/slaEnforcement';

/** Every minute (SLA_SWEEP_SCHEDULE): acts on the cases whose SLA warning, breach or deferred escalation is due. */
export async function slaSweep(_timer: Timer, context: InvocationContext): Promise<void> {
  const report = await sweepDueCases(currentDesk());
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
}

app.timer('slaSweep', { schedule: '%SLA_SWEEP_SCHEDULE%', handler: slaSweep });
