import { createHash } from 'node:crypto';
import type { Agent } from '../domain/agent';
import { alertHeadline, alertMailText, alertTeamsMessage } from '../domain/alertCard';
import { caseNumberTokenFor } from '../domain/email/subject';
import type { CustomerNotification } from '../domain/notifications';
import type { StaffAlert } from '../domain/staffAlerts';
import type { Desk } from '../composition';
import { runsInLocalHost } from '../config';
import { postToTeams } from '../adapters/teams/teamsWebhook';
import { queueNames } from '../resourceNames';

export type StaffAlertDesk = Pick<Desk, 'config' | 'agents' | 'tenants' | 'publisher' | 'alertDeliveries' | 'clock'>;

/**
 * Who hears of an alert: the case's assignee while they are an active agent of the tenant; otherwise the active agents
 * of the case's tier (tier 2 for a case at Microsoft, tier 1 for a case not placed yet); with nobody in that tier, the
 * tenant's active admins, so an alert never goes nowhere while the tenant has anyone.
 */
export function alertRecipients(alert: StaffAlert, agents: readonly Agent[]): Agent[] {
  const active = agents.filter((agent) => agent.active);
  const assignee = active.find((agent) => agent.id === alert.assignee);
  if (assignee) return [assignee];
  const tier = alert.tier === 'microsoft' ? 'tier2' : (alert.tier ?? 'tier1');
  const ofTier = active.filter((agent) => agent.tiers.includes(tier));
  return ofTier.length > 0 ? ofTier : active.filter((agent) => agent.role === 'admin');
}

/** The notification id of the alert's mail to one agent: stable, so a redelivered alert mails nobody twice. */
const mailIdOf = (alert: StaffAlert, agent: Agent): string =>
  `staffmail-${createHash('sha256').update(`${alert.alertId}|${agent.id}`).digest('hex').slice(0, 40)}`;

function mailTo(alert: StaffAlert, agent: Agent, caseUrl: string | undefined): CustomerNotification {
  const notificationId = mailIdOf(alert, agent);
  return {
    kind: 'staffAlert',
    tenantId: alert.tenantId,
    caseId: alert.caseId,
    caseNumber: alert.caseNumber,
    to: [{ name: agent.name, email: agent.email }],
    subject: `${caseNumberTokenFor(alert.caseNumber)} ${alertHeadline(alert)}`,
    text: alertMailText(alert, caseUrl),
    references: [],
    createdAt: alert.raisedAt,
    notificationId,
    language: 'en',
  };
}

/**
 * Tells the staff of an alert: one mail per recipient on the `notifications` queue (message ids per alert and agent,
 * so the queue drops a redelivery's copies) and, when the tenant configured a Teams webhook, one Adaptive Card, posted
 * once (recorded after Teams took it; a crash between post and record posts again, the one duplicate left).
 * Errors: TeamsWebhookRefusedError and TeamsWebhookNotPublicError (permanent) and TeamsWebhookUnavailableError
 * (transient) from the post; the mails are on their queue by then, so the redelivery only posts.
 */
export async function deliverStaffAlert(
  desk: StaffAlertDesk,
  alert: StaffAlert,
): Promise<{ mailed: string[]; postedToTeams: boolean }> {
  const [offering, agents] = await Promise.all([
    desk.tenants.offering(alert.tenantId),
    desk.agents.listAgents(alert.tenantId),
  ]);
  const { consoleUrl, teamsWebhookUrl } = offering.settings;
  const caseUrl = consoleUrl ? `${consoleUrl.replace(/\/+$/, '')}/cases/${alert.caseId}` : undefined;
  const recipients = alertRecipients(alert, agents);
  await Promise.all(
    recipients.map((agent) => {
      const mail = mailTo(alert, agent, caseUrl);
      return desk.publisher.publish(queueNames.notifications, {
        body: mail,
        messageId: mail.notificationId,
        subject: mail.subject,
        contentType: 'application/json',
        correlationId: alert.caseId,
      });
    }),
  );
  let postedToTeams = false;
  if (teamsWebhookUrl && !(await desk.alertDeliveries.wasDelivered(alert.tenantId, alert.alertId, 'teams'))) {
    await postToTeams(teamsWebhookUrl, alertTeamsMessage(alert, caseUrl), {
      insideAllowed: runsInLocalHost(desk.config),
    });
    await desk.alertDeliveries.markDelivered(alert.tenantId, alert.alertId, 'teams', desk.clock.now());
    postedToTeams = true;
  }
  return { mailed: recipients.map((agent) => agent.id), postedToTeams };
}
