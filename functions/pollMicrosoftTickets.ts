import { app, type InvocationContext, type Timer } from '@azure/functions';
import { currentDesk } from '../shared/composition';
import { pollMicrosoftTickets as poll } from '../shared/services/microsoftTicketing';

/** Every 15 minutes (MICROSOFT_TICKET_POLL_SCHEDULE): puts Microsoft's replies and closes of filed tickets on the cases. */
export async function pollMicrosoftTickets(_timer: Timer, context: InvocationContext): Promise<void> {
  const report = await poll(currentDesk());
  if (report.changed > 0 || report.dropped > 0) {
    context.log(
      `Polled ${report.polled} Microsoft tickets: ${report.changed} changed, ${report.dropped} no longer open`,
    );
  }
  for (const failure of report.failures) {
    context.error(
      `Polling the Microsoft ticket of escalation ${failure.ticket.escalationId} on case ${failure.ticket.caseId} ` +
        `of ${failure.ticket.tenantId} failed, tried again next time: ${failure.error}`,
    );
  }
}

app.timer('pollMicrosoftTickets', { schedule: '%MICROSOFT_TICKET_POLL_SCHEDULE%', handler: pollMicrosoftTickets });
