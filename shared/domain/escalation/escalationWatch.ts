import { z } from 'zod';
import type { SupportCase } from '../case';
import { escalationVehicleSchema } from '../caseFields';
import { escalationStatusSchema, microsoftResponseSchema, type Escalation } from './escalation';
import { microsoftSeveritySchema } from './microsoftSeverity';
import { awaitsFirstMicrosoftAnswer, isOpenEscalation } from './requestEscalation';

/** Which escalations to list: `open` (not resolved or closed: waiting on Microsoft or on the partner), `finished`, or `all`. */
export const escalationFilterSchema = z.enum(['open', 'finished', 'all']);
export type EscalationFilter = z.infer<typeof escalationFilterSchema>;

/** One escalation as the partner watches it: on which case, who the ball is with, and for how long. */
export const watchedEscalationSchema = z.lazy(() =>
  z.object({
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
  }),
);
export type WatchedEscalation = z.infer<typeof watchedEscalationSchema>;

const minuteMs = 60_000;

/**
 * Whether the escalation is overdue at `now`: Microsoft still owes its first answer (awaitsFirstMicrosoftAnswer, the
 * rule the SLA sweep alerts by) and it was due at or before `now`. The one definition behind a watched escalation's
 * `overdue` and the list's `overdue` filter.
 */
export function isOverdue(escalation: Escalation, now: Date): boolean {
  return awaitsFirstMicrosoftAnswer(escalation) && now.getTime() >= Date.parse(escalation.responseDueAt);
}

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
    overdue: isOverdue(escalation, now),
    lastMicrosoftResponse,
  };
}

const matchesStatus: Record<EscalationFilter, (escalation: Escalation) => boolean> = {
  open: isOpenEscalation,
  finished: (escalation) => !isOpenEscalation(escalation),
  all: () => true,
};

/** What a list of escalations holds: a status filter and, optionally, only the overdue or only the not overdue ones. */
export interface EscalationListFilter {
  status: EscalationFilter;
  /** true: only escalations overdue at the list's `now` (isOverdue); false: only those that are not; absent: both. */
  overdue?: boolean;
}

const matches = (filter: EscalationListFilter, escalation: Escalation, now: Date): boolean =>
  matchesStatus[filter.status](escalation) &&
  (filter.overdue === undefined || isOverdue(escalation, now) === filter.overdue);

/** An escalation of a listed case: the case's id and the escalation's index among the case's escalations. */
export interface EscalationPosition {
  caseId: string;
  index: number;
}

/** What watchedEscalations took from some cases, and where it stopped when it had taken `limit`. */
export interface WatchedEscalations {
  items: WatchedEscalation[];
  /** The first matching escalation left out for want of room; absent when every match was taken. */
  stoppedAt?: EscalationPosition;
}

/**
 * The escalations of these cases (given in case id order) that match the filter at `now`, in case id order and,
 * within a case, in the order they were requested (escalations are only ever appended, so an index keeps its
 * escalation). Starts at `from` (cases with smaller ids were listed before) and takes at most `limit`, so a list can be
 * continued exactly where it stopped whatever changed in between, the clock included: the position does not depend on
 * `now`, only whether an escalation matches does.
 */
export function watchedEscalations(
  cases: readonly SupportCase[],
  filter: EscalationListFilter,
  now: Date,
  page: { limit: number; from?: EscalationPosition },
): WatchedEscalations {
  const items: WatchedEscalation[] = [];
  for (const supportCase of cases) {
    if (page.from !== undefined && supportCase.id < page.from.caseId) continue;
    const first = supportCase.id === page.from?.caseId ? page.from.index : 0;
    for (let index = first; index < supportCase.escalations.length; index += 1) {
      const escalation = supportCase.escalations[index] as Escalation;
      if (!matches(filter, escalation, now)) continue;
      if (items.length >= page.limit) return { items, stoppedAt: { caseId: supportCase.id, index } };
      items.push(watched(supportCase, escalation, now));
    }
  }
  return { items };
}
