import { z } from 'zod';
import { queueNames } from '../resourceNames';
import type { SupportCase } from './case';
import { severitySchema, supportTierSchema } from './caseFields';
import { isOpenStatus } from './lifecycle/caseStatus';
import { outboxMessage, type OutboxMessage } from './outbox';
import { slaClockRefSchema } from './sla/eventRecords';
import { tableKeySchema } from './tableKeys';
import { built } from './builtSchema';

/**
 * Something the partner's staff must hear about now, not find later on a timeline: a clock past its warning or its
 * due time, or a breach that reached the ladder's Microsoft step and waits for an agent to take it.
 */
export const staffAlertKindSchema = z.enum(['slaWarning', 'slaBreach', 'microsoftStepProposed']);
export type StaffAlertKind = z.infer<typeof staffAlertKindSchema>;

/**
 * Body of a `staff-alerts` queue message. Whom to tell is decided when it is delivered, from the agents directory:
 * the case's assignee, or, when nobody has the case (or the assignee is no longer active), the agents of its tier.
 */
export const staffAlertSchema = z.lazy(() =>
  z.object({
    /** Stable per occurrence: `alert-{caseId}-{kind}-{clock}`; also the message id, so a second copy is dropped. */
    /** Keys, with the tenant id, the alert's delivery records (tableAlertDeliveries.ts). */
    alertId: built(tableKeySchema).max(128),
    kind: staffAlertKindSchema,
    tenantId: tableKeySchema,
    caseId: tableKeySchema,
    caseNumber: z.string().min(1),
    title: z.string(),
    customerName: z.string(),
    severity: severitySchema.optional(),
    /** The clock that warned or breached; for a proposed Microsoft step, the breach that reached it. */
    clock: slaClockRefSchema.optional(),
    /** When the clock is (or was) due, ISO 8601. */
    dueAt: z.iso.datetime().optional(),
    assignee: z.string().optional(),
    tier: supportTierSchema.optional(),
    raisedAt: z.iso.datetime(),
  }),
);
export type StaffAlert = z.infer<typeof staffAlertSchema>;

const clockName = (clock: { metric: string; cycle: number }): string =>
  clock.metric === 'nextResponse' ? `nextResponse${clock.cycle}` : clock.metric;

/**
 * The alert for a case, raised at `now`. The same kind and clock of one case always give the same alert id, and the
 * SLA enforcement raises each once (with the timeline entry it records in `slaEventsEmitted`), so staff hear of each
 * clock event exactly once.
 */
export function staffAlertFor(
  supportCase: SupportCase,
  kind: StaffAlertKind,
  now: Date,
  clock?: { metric: 'firstResponse' | 'nextResponse' | 'resolution'; cycle: number; dueAt?: string },
): StaffAlert {
  return {
    alertId: `alert-${supportCase.id}-${kind}-${clock ? clockName(clock) : 'case'}`,
    kind,
    tenantId: supportCase.tenantId,
    caseId: supportCase.id,
    caseNumber: supportCase.caseNumber,
    title: supportCase.title,
    customerName: supportCase.customer.name,
    ...(supportCase.severity !== undefined ? { severity: supportCase.severity } : {}),
    ...(clock ? { clock: { metric: clock.metric, cycle: clock.cycle } } : {}),
    ...(clock?.dueAt !== undefined ? { dueAt: clock.dueAt } : {}),
    ...(supportCase.assignee !== undefined ? { assignee: supportCase.assignee } : {}),
    ...(supportCase.tier !== undefined ? { tier: supportCase.tier } : {}),
    raisedAt: now.toISOString(),
  };
}

/** The alert as a message on the case's outbox, sent with the change that raised it. */
export function staffAlertOutboxMessage(alert: StaffAlert, now: Date): OutboxMessage {
  return outboxMessage(
    queueNames.staffAlerts,
    { body: alert, messageId: alert.alertId, contentType: 'application/json', correlationId: alert.caseId },
    now,
  );
}

/**
 * Whether an alert delivered now would be noise: the case was resolved or closed after the alert was raised. An alert
 * asks staff to act on a case while its SLA clocks run; resolving a case stops them and leaves nothing waiting on the
 * ladder, so a warning, a breach and a proposed Microsoft step alike are dropped. Nothing of the breach is lost: it stays
 * on the timeline and in the SLA report. A case reopened before the alert arrives is worked again and is alerted.
 */
export const alertOutlived = (supportCase: SupportCase): boolean => !isOpenStatus(supportCase.status);

/**
 * The tenant that works the case, whose staff its alerts are for: the case's own tenant, until its escalation ladder
 * hands it to a providing tenant (a partner-tenant step); then the provider it was handed to last, the highest such step
 * it reached, whose agents work it while the owner only reads it (services/caseAccess.ts).
 */
export const workingTenantOf = (supportCase: SupportCase): string =>
  supportCase.sharedWithTenantIds.at(-1) ?? supportCase.tenantId;

/**
 * The alert as the case stands when it is delivered: who has the case (assignee, tier) and what it is called (title,
 * customer) are read from the case, so a case reassigned since alerts its new assignee and a title an erasure rewrote
 * since is not mailed as it was. What the alert is about (kind, clock, due time, the severity that due time is of) stays
 * as raised.
 */
export function alertAsOf(alert: StaffAlert, supportCase: SupportCase): StaffAlert {
  return {
    alertId: alert.alertId,
    kind: alert.kind,
    tenantId: alert.tenantId,
    caseId: alert.caseId,
    caseNumber: alert.caseNumber,
    title: supportCase.title,
    customerName: supportCase.customer.name,
    ...(alert.severity !== undefined ? { severity: alert.severity } : {}),
    ...(alert.clock !== undefined ? { clock: alert.clock } : {}),
    ...(alert.dueAt !== undefined ? { dueAt: alert.dueAt } : {}),
    ...(supportCase.assignee !== undefined ? { assignee: supportCase.assignee } : {}),
    ...(supportCase.tier !== undefined ? { tier: supportCase.tier } : {}),
    raisedAt: alert.raisedAt,
  };
}
