import { z } from 'zod';
import type { Actor, NewTimelineEvent, SupportCase } from '../case';
import { isCommercialMatter, type Category, type EscalationVehicle } from '../caseFields';
import { serviceHoursFor } from '../caseSla';
import type { SupportOffering } from '../offering/supportOffering';
import type {
  EscalationContact,
  Escalation,
  EscalationRequestedMessage,
  EscalationStatus,
  MicrosoftResponse,
} from './escalation';
import { toMicrosoftSeverity } from './microsoftSeverity';
import { microsoftResponseDueAt, microsoftResponseTarget, microsoftSupportCalendar } from './responseTargets';
import { chooseVehicle, type VehicleChoice } from './vehicle';
import { outboxMessage, withOutboxMessages, type OutboxMessage } from '../outbox';
import { queueNames } from '../../resourceNames';

/** What an agent (or the SLA escalation ladder) asks for when a case goes to Microsoft. */
export interface EscalationAsk {
  /** Defaults from triage's judgement of the kind of support and the partner's technical entitlements. */
  vehicle?: EscalationVehicle;
  reason: string;
  supportTopicId?: string;
  problemClassificationId?: string;
  serviceId?: string;
  /** Whom Microsoft calls back; defaults to the case's contact. */
  contact?: EscalationContact;
}

export interface EscalationFacts {
  actor: Actor;
  /** Recorded on the escalation and sent to Microsoft's adapter, e.g. the agent's key id or 'sla-sweep'. */
  requestedBy: string;
  now: Date;
  offering: SupportOffering;
}

export type EscalationRefusalCode =
  | 'needsTechnicalEntitlement'
  | 'vehicleNotHeld'
  | 'severityMissing'
  | 'categoryMissing'
  | 'caseNotOpen'
  | 'alreadyEscalated';

export type EscalationOutcome =
  | { ok: true; escalation: Escalation; next: SupportCase; events: NewTimelineEvent[] }
  | { ok: false; code: EscalationRefusalCode; reason: string };

const finishedStatuses: readonly EscalationStatus[] = ['resolved', 'closed'];

export const isOpenEscalation = (escalation: Escalation): boolean => !finishedStatuses.includes(escalation.status);

/** Statuses in which Microsoft has the next move on an escalation. */
const microsoftsMoveStatuses: readonly EscalationStatus[] = ['requested', 'open', 'waitingOnMicrosoft'];
/** Whether Microsoft has the next move: the escalation is filed (or about to be) and awaits Microsoft's answer. */
export const waitsOnMicrosoft = (escalation: Escalation): boolean => microsoftsMoveStatuses.includes(escalation.status);
/**
 * Whether Microsoft still owes its first answer: it has the next move and has not answered yet. An escalation waiting
 * on the partner (Microsoft asked it for something) owes nothing, answered or not. The one rule behind the SLA sweep's
 * `escalationResponseOverdue` event and the escalation list's `overdue` (with the answer's due time).
 */
export const awaitsFirstMicrosoftAnswer = (escalation: Escalation): boolean =>
  waitsOnMicrosoft(escalation) && escalation.microsoftResponses.length === 0;

/** Triage's view of the kind of support wins over the category the customer picked; without triage, the category decides. */
function defaultVehicle(supportCase: SupportCase, category: Category, offering: SupportOffering): VehicleChoice {
  const vehicleKind = supportCase.triage?.vehicleKind ?? (isCommercialMatter(category) ? 'commercial' : 'technical');
  if (vehicleKind === 'commercial') return { kind: 'vehicle', vehicle: 'commercialSupport' };
  return chooseVehicle({ category: 'technical', technicalEntitlements: offering.settings.technicalEntitlements });
}

/**
 * Microsoft asks for a first and a last name. A contact known by one name (or only by address) gets the customer's
 * name as last name, so the ticket still says whom to call.
 */
function contactFromCase(supportCase: SupportCase): EscalationContact {
  const [first, ...rest] = (supportCase.contact.name ?? '').split(/\s+/).filter(Boolean);
  return {
    firstName: first ?? supportCase.contact.email.split('@')[0] ?? supportCase.contact.email,
    lastName: rest.length ? rest.join(' ') : supportCase.customer.name,
    primaryEmailAddress: supportCase.contact.email,
    phoneNumber: supportCase.contact.phone,
    preferredContactMethod: 'email',
  };
}

/** Same escalation, same message id: a retried publish of its `escalation-requested` message is a duplicate the queue drops. */
export const escalationRequestedMessageId = (caseId: string, escalationId: string): string =>
  `escalation-${caseId}-${escalationId}`;

/** The `escalation-requested` message that hands the escalation to the partner's Microsoft integration. */
export function escalationRequestOutboxMessage(message: EscalationRequestedMessage, now: Date): OutboxMessage {
  return outboxMessage(
    queueNames.escalationRequested,
    {
      body: message,
      messageId: escalationRequestedMessageId(message.caseId, message.escalationId),
      contentType: 'application/json',
      correlationId: message.caseId,
    },
    now,
  );
}

const refuse = (code: EscalationRefusalCode, reason: string): EscalationOutcome => ({ ok: false, code, reason });

/**
 * Builds the escalation record, the case after it (tier Microsoft, top of the escalation ladder) with its internal
 * timeline entry, and the `escalation-requested` message for the adapter that files it with Microsoft.
 */
export function requestEscalation(
  supportCase: SupportCase,
  ask: EscalationAsk,
  facts: EscalationFacts,
): EscalationOutcome {
  const { offering, now } = facts;
  if (supportCase.status === 'resolved' || supportCase.status === 'closed') {
    return refuse('caseNotOpen', `A ${supportCase.status} case is not escalated; reopen it first.`);
  }
  const severity = supportCase.severity;
  if (severity === undefined)
    return refuse('severityMissing', 'Set the case severity before escalating: Microsoft needs it.');
  const category = supportCase.category;
  if (category === undefined)
    return refuse('categoryMissing', 'Set the case category before escalating: Microsoft needs it.');

  const technicalEntitlements: readonly EscalationVehicle[] = offering.settings.technicalEntitlements;
  let vehicle: EscalationVehicle;
  if (ask.vehicle !== undefined) {
    if (ask.vehicle !== 'commercialSupport' && !technicalEntitlements.includes(ask.vehicle)) {
      return refuse(
        'vehicleNotHeld',
        `The partner holds no ${ask.vehicle} entitlement (tenant settings: technicalEntitlements).`,
      );
    }
    vehicle = ask.vehicle;
  } else {
    const choice = defaultVehicle(supportCase, category, offering);
    if (choice.kind === 'needsTechnicalEntitlement') {
      return refuse(
        'needsTechnicalEntitlement',
        'A technical case needs a technical support entitlement (Premier, Advanced or Signature) to go to Microsoft; add one to the tenant settings.',
      );
    }
    vehicle = choice.vehicle;
  }
  if (supportCase.escalations.some((escalation) => escalation.vehicle === vehicle && isOpenEscalation(escalation))) {
    return refuse('alreadyEscalated', `The case already has an open escalation through ${vehicle}.`);
  }

  const timeZone = offering.services[supportCase.product].serviceHours.timeZone;
  const target = microsoftResponseTarget(vehicle, severity, offering.settings.microsoftResponseTargets);
  const responseDueAt = microsoftResponseDueAt({
    requestedAt: now,
    target,
    microsoftHours: serviceHoursFor(microsoftSupportCalendar(offering.settings.microsoftSupportHours, timeZone)),
  });
  const requestedAt = now.toISOString();
  const escalation: Escalation = {
    id: `esc-${supportCase.escalations.length + 1}`,
    vehicle,
    microsoftSeverity: toMicrosoftSeverity(vehicle, severity),
    reason: ask.reason,
    requestedAt,
    requestedBy: facts.requestedBy,
    status: 'requested',
    responseDueAt: responseDueAt.toISOString(),
    microsoftResponses: [],
  };
  const customerTenant = z.uuid().safeParse(supportCase.customer.tenantId);
  const message: EscalationRequestedMessage = {
    tenantId: supportCase.tenantId,
    caseId: supportCase.id,
    escalationId: escalation.id,
    vehicle,
    caseSeverity: severity,
    microsoftSeverity: escalation.microsoftSeverity,
    product: supportCase.product,
    category,
    title: `${supportCase.caseNumber}: ${supportCase.title}`,
    description: supportCase.description,
    reason: ask.reason,
    supportTopicId: ask.supportTopicId,
    problemClassificationId: ask.problemClassificationId,
    serviceId: ask.serviceId,
    require24X7Response: target.aroundTheClock,
    customer: {
      id: supportCase.customer.tenantId ?? supportCase.customer.name,
      name: supportCase.customer.name,
      microsoftTenantId: customerTenant.success ? customerTenant.data : undefined,
    },
    contactDetails: ask.contact ?? contactFromCase(supportCase),
    requestedAt,
    requestedBy: facts.requestedBy,
    responseDueAt: escalation.responseDueAt,
  };
  const microsoftStep = offering.settings.escalationLadder.findIndex((step) => step.kind === 'microsoft');
  const next: SupportCase = {
    ...supportCase,
    tier: 'microsoft',
    escalationLevel: Math.max(supportCase.escalationLevel, microsoftStep),
    escalations: [...supportCase.escalations, escalation],
    // The step the SLA enforcement proposed is taken.
    flags: supportCase.flags.filter((flag) => flag !== 'microsoftStepProposed'),
    updatedAt: requestedAt,
  };
  const withRequest = withOutboxMessages(next, [escalationRequestOutboxMessage(message, facts.now)]);
  const event: NewTimelineEvent = {
    type: 'escalated',
    at: requestedAt,
    actor: facts.actor,
    visibility: 'internal',
    summary: `Escalated to Microsoft through ${vehicle} at severity ${escalation.microsoftSeverity}: ${ask.reason}`,
    data: {
      escalationId: escalation.id,
      vehicle,
      microsoftSeverity: escalation.microsoftSeverity,
      responseDueAt: escalation.responseDueAt,
    },
  };
  return { ok: true, escalation, next: withRequest, events: [event] };
}

/** What the partner learned about an escalation: Microsoft's ticket number, an answer, or a new status. */
export interface EscalationUpdate {
  microsoftTicketId?: string;
  status?: EscalationStatus;
  microsoftResponse?: MicrosoftResponse;
}

/** How far a recorded time may lie outside its bounds before it is taken for a mistake: clocks of people differ. */
const clockLeewayMs = 5 * 60_000;

/**
 * Why a time a person gives for Microsoft's answer cannot be one: before the escalation was requested, or after now
 * (each beyond five minutes of clock difference). Undefined when it can be. Only for times people type; a poll takes
 * Microsoft's own times as they are.
 */
export function implausibleMicrosoftResponseTime(escalation: Escalation, at: string, now: Date): string | undefined {
  const answeredAt = Date.parse(at);
  if (answeredAt < Date.parse(escalation.requestedAt) - clockLeewayMs)
    return `Microsoft cannot have answered before the escalation was requested (${escalation.requestedAt}).`;
  if (answeredAt > now.getTime() + clockLeewayMs) return 'Microsoft cannot have answered after now.';
  return undefined;
}

export type EscalationUpdateOutcome =
  | { ok: true; escalation: Escalation; step?: { next: SupportCase; events: NewTimelineEvent[] } }
  | { ok: false; code: 'escalationNotFound'; reason: string };

/**
 * Records an update on the case's escalation with an internal timeline entry. A ticket number recorded while the
 * escalation is still `requested` means Microsoft accepted it, so it becomes `open` unless a status is given.
 */
export function updateEscalation(
  supportCase: SupportCase,
  escalationId: string,
  update: EscalationUpdate,
  facts: { actor: Actor; now: Date },
): EscalationUpdateOutcome {
  const current = supportCase.escalations.find((escalation) => escalation.id === escalationId);
  if (!current) return { ok: false, code: 'escalationNotFound', reason: `No escalation ${escalationId} on this case.` };
  const accepted = update.microsoftTicketId !== undefined && current.status === 'requested' ? 'open' : current.status;
  const updated: Escalation = {
    ...current,
    microsoftTicketId: update.microsoftTicketId ?? current.microsoftTicketId,
    status: update.status ?? accepted,
    microsoftResponses: update.microsoftResponse
      ? [...current.microsoftResponses, update.microsoftResponse]
      : current.microsoftResponses,
  };
  const changes: string[] = [];
  if (updated.microsoftTicketId !== current.microsoftTicketId)
    changes.push(`Microsoft ticket ${updated.microsoftTicketId}`);
  if (updated.status !== current.status) changes.push(`status ${current.status} -> ${updated.status}`);
  if (update.microsoftResponse) changes.push(`Microsoft answered: ${update.microsoftResponse.summary}`);
  if (changes.length === 0) return { ok: true, escalation: current };

  const at = facts.now.toISOString();
  const next: SupportCase = {
    ...supportCase,
    escalations: supportCase.escalations.map((escalation) => (escalation.id === escalationId ? updated : escalation)),
    updatedAt: at,
  };
  const event: NewTimelineEvent = {
    type: 'escalationUpdated',
    at,
    actor: facts.actor,
    visibility: 'internal',
    summary: `Escalation ${escalationId}: ${changes.join('; ')}`,
    data: { escalationId, ...update },
  };
  return { ok: true, escalation: updated, step: { next, events: [event] } };
}
