import { createHash } from 'node:crypto';
import type { Agent } from '../domain/agent';
import { alertHeadline, alertMailText, alertTeamsMessage } from '../domain/alertCard';
import { caseNumberTokenFor } from '../domain/email/subject';
import type { SupportCase } from '../domain/case';
import type { CaseStatus } from '../domain/lifecycle';
import type { CustomerNotification } from '../domain/notifications';
import { alertAsOf, alertOutlived, workingTenantOf, type StaffAlert } from '../domain/staffAlerts';
import type { Desk } from '../composition';
import { runsInLocalHost } from '../config';
import { notFound } from '../errors';
import { postToTeams } from '../adapters/teams/teamsWebhook';
import { queueNames } from '../resourceNames';

export type StaffAlertDesk = Pick<
  Desk,
  'config' | 'cases' | 'agents' | 'tenants' | 'publisher' | 'alertDeliveries' | 'clock'
>;

/**
 * Who of one tenant's agents hears of an alert: the case's assignee while they are an active agent of it; otherwise the
 * active agents of the case's tier (tier 2 for a case at Microsoft, tier 1 for a case not placed yet); with nobody in
 * that tier, the tenant's active admins, so an alert never goes nowhere while the tenant has anyone.
 */
export function alertRecipients(alert: Pick<StaffAlert, 'assignee' | 'tier'>, agents: readonly Agent[]): Agent[] {
  const active = agents.filter((agent) => agent.active);
  const assignee = active.find((agent) => agent.id === alert.assignee);
  if (assignee) return [assignee];
  const tier = alert.tier === 'microsoft' ? 'tier2' : (alert.tier ?? 'tier1');
  const ofTier = active.filter((agent) => agent.tiers.includes(tier));
  return ofTier.length > 0 ? ofTier : active.filter((agent) => agent.role === 'admin');
}

/**
 * The notification id of the alert's mail to one agent of the alerted tenant: stable, so a redelivered alert mails
 * nobody twice. A provider's agent is named with its tenant, as agent ids are each tenant's own (the owner's `kim` is
 * not the provider's); the owner's agents keep the ids their mails always had.
 */
function mailIdOf(alert: StaffAlert, tenantId: string, agent: Agent): string {
  const who = tenantId === alert.tenantId ? agent.id : `${tenantId}|${agent.id}`;
  return `staffmail-${createHash('sha256').update(`${alert.alertId}|${who}`).digest('hex').slice(0, 40)}`;
}

function mailTo(alert: StaffAlert, tenantId: string, agent: Agent, caseUrl: string | undefined): CustomerNotification {
  const notificationId = mailIdOf(alert, tenantId, agent);
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

/** What delivering an alert did. */
export type StaffAlertOutcome =
  | {
      kind: 'delivered';
      /** The tenant whose staff were alerted (alertedStaff). */
      tenantId: string;
      /** The agent ids mailed. */
      mailed: string[];
      postedToTeams: boolean;
    }
  /** The case was resolved or closed after the alert was raised (alertOutlived): nobody is told. */
  | { kind: 'caseFinished'; status: CaseStatus };

/**
 * The tenant whose staff hear of the alert, and who of them: the tenant that works the case (workingTenantOf), with its
 * own assignee, tier and admins (alertRecipients). A case handed to a provider alerts the provider only, not the owner
 * as well: the owner's agents may no longer work the case (every write of theirs is refused, caseWork.ts), so an alert
 * would ask them for work they cannot do and set two tenants' staff chasing one clock, while the owner still sees every
 * warning and breach on the case's timeline and in its SLA report. Only a provider with nobody to mail (no active agent
 * in its directory, as when its staff work under API keys alone) leaves the alert to the owner, as before the hand-over,
 * so that no alert goes nowhere.
 */
async function alertedStaff(
  desk: StaffAlertDesk,
  alert: StaffAlert,
  supportCase: SupportCase,
): Promise<{ tenantId: string; recipients: Agent[] }> {
  const working = workingTenantOf(supportCase);
  const recipients = alertRecipients(alert, await desk.agents.listAgents(working));
  if (recipients.length > 0 || working === supportCase.tenantId) return { tenantId: working, recipients };
  const owner = supportCase.tenantId;
  // The case's assignee is the provider's agent (ids are each tenant's own): the owner's agents of the tier hear.
  const ofTier = { tier: alert.tier };
  return { tenantId: owner, recipients: alertRecipients(ofTier, await desk.agents.listAgents(owner)) };
}

/**
 * Tells the staff of an alert, reading the case first: one mail per recipient on the `notifications` queue (message
 * ids per alert and agent, so the queue drops a redelivery's copies) and, when the alerted tenant configured a Teams
 * webhook, one Adaptive Card, posted once (recorded after Teams took it; a crash between post and record posts again,
 * the one duplicate left). Who hears is decided from the case as it is now (alertedStaff, alertAsOf); a case resolved
 * or closed since the alert was raised tells nobody (`caseFinished`).
 * Errors: DeskError notFound when the case is gone (the queue function completes the message, unlessCaseGone);
 * TeamsWebhookRefusedError and TeamsWebhookNotPublicError (permanent) and TeamsWebhookUnavailableError (transient) from
 * the post; the mails are on their queue by then, so the redelivery only posts.
 */
export async function deliverStaffAlert(desk: StaffAlertDesk, raised: StaffAlert): Promise<StaffAlertOutcome> {
  const stored = await desk.cases.get(raised.tenantId, raised.caseId);
  if (!stored) throw notFound(`No case ${raised.caseId} of tenant ${raised.tenantId}.`);
  const { supportCase } = stored;
  if (alertOutlived(supportCase)) return { kind: 'caseFinished', status: supportCase.status };
  const alert = alertAsOf(raised, supportCase);
  const { tenantId, recipients } = await alertedStaff(desk, alert, supportCase);
  const { consoleUrl, teamsWebhookUrl } = (await desk.tenants.offering(tenantId)).settings;
  const caseUrl = consoleUrl ? `${consoleUrl.replace(/\/+$/, '')}/cases/${alert.caseId}` : undefined;
  await Promise.all(
    recipients.map((agent) => {
      const mail = mailTo(alert, tenantId, agent, caseUrl);
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
  return { kind: 'delivered', tenantId, mailed: recipients.map((agent) => agent.id), postedToTeams };
}
