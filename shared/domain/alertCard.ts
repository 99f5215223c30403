import type { StaffAlert } from './staffAlerts';

const headlines: Record<StaffAlert['kind'], string> = {
  slaWarning: 'SLA warning',
  slaBreach: 'SLA breached',
  microsoftStepProposed: 'Escalation to Microsoft proposed',
};

const clockNames: Record<string, string> = {
  firstResponse: 'First response',
  nextResponse: 'Next response',
  resolution: 'Resolution',
};

/** How an alert reads in one line: what happened to which case, e.g. "SLA breached: CS-000123 VM down". */
export function alertHeadline(alert: StaffAlert): string {
  return `${headlines[alert.kind]}: ${alert.caseNumber} ${alert.title}`;
}

/** The facts of an alert as label/value pairs, in the order people scan them. */
export function alertFacts(alert: StaffAlert): { title: string; value: string }[] {
  const clock = alert.clock
    ? `${clockNames[alert.clock.metric] ?? alert.clock.metric}${alert.clock.cycle > 1 ? ` (${alert.clock.cycle})` : ''}`
    : undefined;
  return [
    { title: 'Case', value: alert.caseNumber },
    { title: 'Customer', value: alert.customerName },
    { title: 'Severity', value: alert.severity ?? 'not set' },
    ...(clock ? [{ title: 'Clock', value: clock }] : []),
    ...(alert.dueAt ? [{ title: 'Due', value: alert.dueAt }] : []),
    { title: 'Assignee', value: alert.assignee ?? 'nobody' },
  ];
}

/**
 * The Teams Workflows webhook payload for an alert: a message with one Adaptive Card (schema 1.4) holding the headline,
 * the facts (case number, customer, severity, clock, due time) and a link to the case when the tenant has a console.
 * Shape from "Create incoming webhooks with Workflows for Microsoft Teams" (learn.microsoft.com/connectors/teams/
 * ?tabs=text1#microsoft-teams-webhook) and adaptivecards.io/explorer.
 */
export function alertTeamsMessage(alert: StaffAlert, caseUrl: string | undefined): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: alertHeadline(alert),
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
              color: alert.kind === 'slaWarning' ? 'Warning' : 'Attention',
            },
            { type: 'FactSet', facts: alertFacts(alert) },
          ],
          ...(caseUrl ? { actions: [{ type: 'Action.OpenUrl', title: 'Open the case', url: caseUrl }] } : {}),
        },
      },
    ],
  };
}

/** The alert as mail text for an agent: the headline, the facts and the link. */
export function alertMailText(alert: StaffAlert, caseUrl: string | undefined): string {
  const facts = alertFacts(alert).map((fact) => `${fact.title}: ${fact.value}`);
  return [alertHeadline(alert), facts.join('\n'), ...(caseUrl ? [caseUrl] : [])].join('\n\n');
}
