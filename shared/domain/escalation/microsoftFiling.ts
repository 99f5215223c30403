import { createHash } from 'node:crypto';
import type { Actor, NewTimelineEvent, SupportCase } from '../case';
import type { Category, Product, Severity } from '../caseFields';
import type { Escalation, EscalationStatus, MicrosoftReference } from './escalation';
import { microsoftSeverityTable } from './microsoftSeverity';
import { updateEscalation } from './requestEscalation';

/** The Microsoft channel an escalation is filed through when the desk files it itself. */
export type MicrosoftChannel = 'azureSupportTicket' | 'partnerCenterServiceRequest';

/**
 * Technical Azure cases become Azure support tickets on the customer's subscription; Microsoft 365, Dynamics 365 and
 * other products, and every billing, subscription or licensing matter, become Partner Center service requests.
 */
export function microsoftChannel(product: Product, category: Category): MicrosoftChannel {
  return product === 'azure' && category === 'technical' ? 'azureSupportTicket' : 'partnerCenterServiceRequest';
}

/**
 * The ARM name of the Azure support ticket for an escalation. The client chooses it, so it is derived from the
 * escalation alone: a create retried after a crash names the same ticket instead of opening a second one.
 */
export function azureSupportTicketName(tenantId: string, caseId: string, escalationId: string): string {
  const digest = createHash('sha256').update(`${tenantId}\n${caseId}\n${escalationId}`).digest('hex');
  return `desk-${digest.slice(0, 40)}`;
}

/** Case severity on the Azure support ticket scale (see `microsoftSeverityTable`). */
export const azureTicketSeverity = (severity: Severity): 'critical' | 'moderate' | 'minimal' =>
  microsoftSeverityTable[severity].azureSupportTicket;

/** Case severity on the Partner Center service request scale: critical, moderate, minimal. */
export const partnerCenterSeverity = (severity: Severity): 'critical' | 'moderate' | 'minimal' =>
  microsoftSeverityTable[severity].partnerCenter;

/** An entry of a Microsoft catalogue: an Azure service, a problem classification or a Partner Center support topic. */
export interface CatalogueEntry {
  /** The id the create request takes (the full ARM resource id for Azure, the topic id for Partner Center). */
  id: string;
  displayName: string;
}

const words = (text: string): Set<string> =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length >= 3),
  );

/** How many words of the entry's name the case's text contains. */
function overlap(entry: CatalogueEntry, caseWords: Set<string>): number {
  return [...words(entry.displayName)].filter((word) => caseWords.has(word)).length;
}

/**
 * The entry whose name the case's text names best: most words of its name in the text, the first of equals; undefined
 * when none shares a word. Picks an Azure service ("Virtual Machine running Windows" for a VM that does not boot), a
 * problem classification, or a support topic among candidates.
 */
export function bestMatch(entries: readonly CatalogueEntry[], text: string): CatalogueEntry | undefined {
  const caseWords = words(text);
  let best: { entry: CatalogueEntry; score: number } | undefined;
  for (const entry of entries) {
    const score = overlap(entry, caseWords);
    if (score > 0 && (best === undefined || score > best.score)) best = { entry, score };
  }
  return best?.entry;
}

/** Words a Partner Center support topic's name carries for each kind of case. */
const topicKeywords: Record<Category | Product, readonly string[]> = {
  billing: ['billing', 'invoice'],
  subscription: ['subscription'],
  licensing: ['licensing', 'license', 'licenses'],
  technical: [],
  azure: ['azure'],
  microsoft365: ['microsoft 365', 'office 365'],
  dynamics365: ['dynamics'],
  other: [],
};

const names = (topic: CatalogueEntry, keywords: readonly string[]): boolean =>
  keywords.some((keyword) => topic.displayName.toLowerCase().includes(keyword));

/**
 * The Partner Center support topic of a case: for billing, subscription and licensing a topic named for that matter,
 * for technical cases one named for the product (Microsoft 365 / Office 365, Dynamics, Azure); among those the one
 * whose name the case's text names best. Undefined when no topic fits: the agent then picks supportTopicId.
 */
export function chooseSupportTopic(
  topics: readonly CatalogueEntry[],
  product: Product,
  category: Category,
  text: string,
): CatalogueEntry | undefined {
  const required = category === 'technical' ? topicKeywords[product] : topicKeywords[category];
  const candidates = topics.filter((topic) => names(topic, required));
  if (candidates.length === 0) return undefined;
  const forProduct = candidates.filter((topic) => names(topic, topicKeywords[product]));
  const pool = forProduct.length > 0 ? forProduct : candidates;
  return bestMatch(pool, text) ?? pool[0];
}

/**
 * Partner Center service request status (none, open, closed, attention_needed; see
 * https://learn.microsoft.com/partner-center/developer/service-request-resources) as an escalation status.
 */
export function statusOfServiceRequest(status: string): EscalationStatus {
  switch (status.toLowerCase()) {
    case 'closed':
      return 'closed';
    case 'attention_needed':
      return 'waitingOnPartner';
    case 'open':
      return 'waitingOnMicrosoft';
    default:
      return 'requested';
  }
}

/** Azure support ticket status ("Open", "Closed"; https://learn.microsoft.com/rest/api/support/support-tickets/get). */
export const statusOfAzureTicket = (status: string | undefined): EscalationStatus =>
  status?.toLowerCase() === 'closed' ? 'closed' : 'waitingOnMicrosoft';

/** Whom the timeline names for what the desk does with Microsoft. */
export const microsoftFilingActor: Actor = { kind: 'system', id: 'microsoft-support', name: 'Microsoft support' };

export type FilingOutcome =
  | { kind: 'recorded'; next: SupportCase; events: NewTimelineEvent[] }
  /** The escalation already carries a reference (a redelivered request): nothing to do. */
  | { kind: 'alreadyFiled'; reference: MicrosoftReference }
  | { kind: 'escalationNotFound' };

const describeReference = (reference: MicrosoftReference): string =>
  reference.kind === 'azureSupportTicket'
    ? `Azure support ticket ${reference.supportTicketId ?? reference.ticketName} on subscription ${reference.subscriptionId}`
    : `Partner Center service request ${reference.serviceRequestId}`;

const ticketIdOf = (reference: MicrosoftReference): string =>
  reference.kind === 'azureSupportTicket'
    ? (reference.supportTicketId ?? reference.ticketName)
    : reference.serviceRequestId;

/** Records where the escalation was filed (once): the reference, Microsoft's ticket id, and `escalationFiled`. */
export function recordFiling(
  supportCase: SupportCase,
  escalationId: string,
  reference: MicrosoftReference,
  now: Date,
): FilingOutcome {
  const current = supportCase.escalations.find((escalation) => escalation.id === escalationId);
  if (!current) return { kind: 'escalationNotFound' };
  if (current.microsoftReference) return { kind: 'alreadyFiled', reference: current.microsoftReference };
  const outcome = updateEscalation(
    supportCase,
    escalationId,
    { microsoftTicketId: ticketIdOf(reference) },
    { actor: microsoftFilingActor, now },
  );
  const base = outcome.ok && outcome.step ? outcome.step.next : supportCase;
  const at = now.toISOString();
  const next: SupportCase = {
    ...base,
    escalations: base.escalations.map((escalation) =>
      escalation.id === escalationId ? { ...escalation, microsoftReference: reference } : escalation,
    ),
    updatedAt: at,
  };
  const event: NewTimelineEvent = {
    type: 'escalationFiled',
    at,
    actor: microsoftFilingActor,
    visibility: 'internal',
    summary: `Escalation ${escalationId} filed with Microsoft: ${describeReference(reference)}`,
    data: { escalationId, microsoftReference: reference, microsoftTicketId: ticketIdOf(reference) },
  };
  return { kind: 'recorded', next, events: [event] };
}

/** Records on the timeline why Microsoft refused the escalation for good; the escalation itself stays as it was. */
export function filingFailedEvent(escalationId: string, reason: string, now: Date): NewTimelineEvent {
  return {
    type: 'escalationFilingFailed',
    at: now.toISOString(),
    actor: microsoftFilingActor,
    visibility: 'internal',
    summary: `Escalation ${escalationId} could not be filed with Microsoft: ${reason}`,
    data: { escalationId, reason },
  };
}

/** One message on a Microsoft ticket: an Azure communication or a Partner Center note. */
export interface MicrosoftCommunication {
  /** Stable per ticket (Azure's communication name; for a Partner Center note, derived from its date and text). */
  id: string;
  at: string;
  from?: string;
  /** Plain text as Microsoft wrote it. */
  text: string;
  /** False for what the partner itself wrote on the ticket: seen, but not an answer from Microsoft. */
  fromMicrosoft: boolean;
}

/** What a poll of a Microsoft ticket found. */
export interface MicrosoftTicketState {
  status: EscalationStatus;
  communications: readonly MicrosoftCommunication[];
}

const maxSummary = 2000;

/**
 * Whose turn it is when Microsoft says so: Microsoft needs something from the partner (Partner Center's
 * attention_needed), or has it again. Other differences (requested or open versus waiting on Microsoft) say nothing new.
 */
function turnOf(current: EscalationStatus, reported: EscalationStatus): EscalationStatus | undefined {
  if (reported === 'waitingOnPartner' && current !== 'waitingOnPartner') return 'waitingOnPartner';
  if (reported === 'waitingOnMicrosoft' && current === 'waitingOnPartner') return 'waitingOnMicrosoft';
  return undefined;
}

/**
 * Puts what a poll found on the case: each communication from Microsoft not seen before as `microsoftReplied` (with its
 * text) and as a Microsoft response on the escalation (the same step as PATCH /escalations/{id} with a
 * microsoftResponse, which stops the Microsoft response clock), and a close as `microsoftClosed`. Undefined when
 * nothing is new, so a poll that finds nothing writes nothing.
 */
export function recordMicrosoftActivity(
  supportCase: SupportCase,
  escalationId: string,
  state: MicrosoftTicketState,
  now: Date,
): { next: SupportCase; events: NewTimelineEvent[] } | undefined {
  const escalation = supportCase.escalations.find((candidate) => candidate.id === escalationId);
  if (!escalation) return undefined;
  const seen = new Set(escalation.seenMicrosoftCommunicationIds ?? []);
  const fresh = state.communications
    .filter((communication) => !seen.has(communication.id))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const closing = state.status === 'closed' && escalation.status !== 'closed';
  const turn = turnOf(escalation.status, state.status);
  if (fresh.length === 0 && !closing && turn === undefined) return undefined;

  let next = supportCase;
  const events: NewTimelineEvent[] = [];
  const at = now.toISOString();
  for (const communication of fresh.filter((candidate) => candidate.fromMicrosoft)) {
    const summary = communication.text.trim().slice(0, maxSummary) || '(no text)';
    const outcome = updateEscalation(
      next,
      escalationId,
      { microsoftResponse: { at: new Date(communication.at).toISOString(), summary } },
      { actor: microsoftFilingActor, now },
    );
    if (outcome.ok && outcome.step) next = outcome.step.next;
    events.push({
      type: 'microsoftReplied',
      at,
      actor: { ...microsoftFilingActor, name: communication.from ?? microsoftFilingActor.name },
      visibility: 'internal',
      summary: `Microsoft replied on escalation ${escalationId}: ${summary}`,
      data: { escalationId, communicationId: communication.id, sentAt: communication.at, text: communication.text },
    });
  }
  if (turn !== undefined) {
    const outcome = updateEscalation(next, escalationId, { status: turn }, { actor: microsoftFilingActor, now });
    if (outcome.ok && outcome.step) {
      next = outcome.step.next;
      events.push(...outcome.step.events);
    }
  }
  if (closing) {
    const outcome = updateEscalation(next, escalationId, { status: 'closed' }, { actor: microsoftFilingActor, now });
    if (outcome.ok && outcome.step) next = outcome.step.next;
    events.push({
      type: 'microsoftClosed',
      at,
      actor: microsoftFilingActor,
      visibility: 'internal',
      summary: `Microsoft closed the ticket of escalation ${escalationId}`,
      data: { escalationId, microsoftTicketId: escalation.microsoftTicketId },
    });
  }
  const seenIds = [...seen, ...fresh.map((communication) => communication.id)].slice(-1000);
  next = {
    ...next,
    escalations: next.escalations.map((candidate: Escalation) =>
      candidate.id === escalationId ? { ...candidate, seenMicrosoftCommunicationIds: seenIds } : candidate,
    ),
    updatedAt: at,
  };
  return { next, events };
}
