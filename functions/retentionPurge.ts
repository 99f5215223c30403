import { app, type InvocationContext, type Timer } from '@azure/functions';
import { retentionStores } from '../shared/adapters/tables/tableRetention';
import { currentDesk } from '../shared/composition';
import { purgeExpired } from '../shared/services/retention';

/**
 * Daily at 02:17 UTC (RETENTION_PURGE_SCHEDULE): removes what the retention index says has expired (closed cases past the
 * tenant's retention, idempotency claims, intake-log entries), reading only the index days that have passed.
 */
export async function retentionPurge(_timer: Timer, context: InvocationContext): Promise<void> {
  const desk = currentDesk();
  const report = await purgeExpired({ ...desk, ...retentionStores(desk.tables) });
  if (report.due > 0) {
    context.log(
      `Retention purge at ${report.at}: ${report.due} due, ${report.casesPurged} cases removed, ${report.casesKept} kept for later, ` +
        `${report.rowsRemoved} rows removed${report.more ? '; more are due, the next run goes on' : ''}`,
    );
  }
  for (const failure of report.failures)
    context.error(
      `Retention purge failed for ${failure.target} of ${failure.tenantId}, tried again next run: ${failure.error}`,
    );
}

app.timer('retentionPurge', { schedule: '%RETENTION_PURGE_SCHEDULE%', handler: retentionPurge });
