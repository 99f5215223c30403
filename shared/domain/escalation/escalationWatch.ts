import { z } from 'zod';
import type { SupportCase } from '../case';
import { escalationVehicleSchema } from '../caseFields';
import { escalationStatusSchema, microsoftResponseSchema, type Escalation } from './escalation';
import { microsoftSeveritySchema } from './microsoftSeverity';
import { isOpenEscalation } from './requestEscalation';

/** Which escalations to list: `open` (not resolved or closed: waiting on Microsoft or on the partner), `finished`, or `all`. */
export const escalationFilterSchema = z.enum(['open', 'finished', 'all']);
export type EscalationFilter = z.infer<typeof escalationFilterSchema>;

/** One escalation as the partner watches it: on which case, who the ball is with, and for how long. */
export const watchedEscalationSchema = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  caseTitle: z.string(),
  customerName: z.string(),
  escalationId: z.string(),
  vehicle: escalationVehicleSchema,
  microsoftSeverity: microsoftSeveritySchema,
  microsoftTicketId: z.string().optional(),
  status: escalationStatusSchema,
  requestedAt: z.iso.datetime({ offset: true }),
  /** Who has to act next: Microsoft, or the partner (Microsoft asked for something). */
  waitingOn: z.enum(['microsoft', 'partner']),
  /** Since Microsoft's latest answer, or since the request when Microsoft has not answered yet. */
  waitingSince: z.iso.datetime({ offset: true }),
  waitingMinutes: z.number().int().nonnegative(),
  /** When Microsoft's first answer is due under the vehicle's response target. */
  responseDueAt: z.iso.datetime({ offset: true }),
  /** Microsoft has not answered and its first answer is past due. */
  overdue: z.boolean(),
  lastMicrosoftResponse: microsoftResponseSchema.optional(),
});
export type WatchedEscalation = z.infer<typeof watchedEscalationSchema>;

const minuteMs = 60_000;

function watched(supportCase: SupportCase, escalation: Escalation, now: Date): WatchedEscalation {
  const lastMicrosoftResponse = escalation.microsoftResponses[escalation.microsoftResponses.length - 1];
  const waitingSince = lastMicrosoftResponse?.at ?? escalation.requestedAt;
  return {
    caseId: supportCase.id,
    caseNumber: supportCase.caseNumber,
    caseTitle: supportCase.title,
    customerName: supportCase.customer.name,
    escalationId: escalation.id,
    vehicle: escalation.vehicle,
    microsoftSeverity: escalation.microsoftSeverity,
    microsoftTicketId: escalation.microsoftTicketId,
    status: escalation.status,
    requestedAt: escalation.requestedAt,
    waitingOn: escalation.status === 'waitingOnPartner' ? 'partner' : 'microsoft',
    waitingSince,
    waitingMinutes: Math.max(0, Math.floor((now.getTime() - Date.parse(waitingSince)) / minuteMs)),
    responseDueAt: escalation.responseDueAt,
    overdue:
      isOpenEscalation(escalation) &&
      lastMicrosoftResponse === undefined &&
      now.getTime() >= Date.parse(escalation.responseDueAt),
    lastMicrosoftResponse,
  };
}

const matches: Record<EscalationFilter, (escalation: Escalation) => boolean> = {
  open: isOpenEscalation,
  finished: (escalation) => !isOpenEscalation(escalation),
  all: () => true,
};

/** The escalations of these cases that match the filter: overdue ones first, then the longest waiting. */
export function escalationsToWatch(
  cases: readonly SupportCase[],
  filter: EscalationFilter,
  now: Date,
): WatchedEscalation[] {
  return cases
    .flatMap((supportCase) =>
      supportCase.escalations.filter(matches[filter]).map((escalation) => watched(supportCase, escalation, now)),
    )
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || Date.parse(a.waitingSince) - Date.parse(b.waitingSince));
}
