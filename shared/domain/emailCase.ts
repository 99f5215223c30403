import { freshCaseRecords, type Actor, type NewTimelineEvent, type SupportCase } from './case';
import type { Customer } from './customer';
import { senderDomain, subjectWithoutPrefixes, type InboundEmail } from './email';
import { transition } from './lifecycle/transitions';
import type { SlaHistoryEvent } from './sla';

const maxTitleLength = 200;
const maxDescriptionLength = 100_000;

/** Keys under which later mail finds the case: its Message-ID and, where the connector gives one, the conversation. */
export function emailLookupKeys(email: InboundEmail): string[] {
  return [`message:${email.messageId}`, ...(email.conversationId ? [`conversation:${email.conversationId}`] : [])];
}

const customerActor = (email: InboundEmail): Actor => ({ kind: 'customer', id: email.from.address, name: email.from.name });

const messageEvent = (email: InboundEmail, at: string): NewTimelineEvent => ({
  type: 'customerMessage',
  at,
  actor: customerActor(email),
  visibility: 'public',
  summary: `Email from ${email.from.address}: ${email.subject}`,
  data: { messageId: email.messageId, subject: email.subject, body: email.textBody.slice(0, maxDescriptionLength), attachments: email.attachments },
});

export interface EmailCaseFacts {
  id: string;
  tenantId: string;
  caseNumber: string;
  now: Date;
  customer: Customer | undefined;
  /** The closed case this mail answered after its reopen window had passed. */
  follows?: SupportCase;
}

/** A new case from an email: the subject without reply prefixes as title, the text body as description. */
export function openEmailCase(
  email: InboundEmail,
  facts: EmailCaseFacts,
): { supportCase: SupportCase; events: NewTimelineEvent[]; lookupKeys: string[] } {
  const at = facts.now.toISOString();
  const actor = customerActor(email);
  const supportCase: SupportCase = {
    id: facts.id,
    tenantId: facts.tenantId,
    caseNumber: facts.caseNumber,
    title: (subjectWithoutPrefixes(email.subject) || '(no subject)').slice(0, maxTitleLength),
    description: (email.textBody.trim() || '(empty message)').slice(0, maxDescriptionLength),
    status: 'new',
    source: 'email',
    product: 'other',
    customerGiven: {},
    customer: facts.customer
      ? { tenantId: facts.customer.customerTenantId, name: facts.customer.name }
      : { name: senderDomain(email.from.address) ?? email.from.address },
    contact: { name: email.from.name, email: email.from.address },
    attachments: [],
    ...freshCaseRecords(),
    emailMessageIds: [email.messageId],
    emailConversationId: email.conversationId,
    linkedCaseIds: facts.follows ? [facts.follows.id] : [],
    createdAt: at,
    updatedAt: at,
  };
  const events: NewTimelineEvent[] = [
    { type: 'created', at, actor, visibility: 'public', summary: `Case ${facts.caseNumber} opened from an email by ${email.from.address}` },
    { type: 'queuedForTriage', at, actor, visibility: 'internal', summary: 'Queued for triage' },
  ];
  if (facts.follows) {
    events.push({
      type: 'linked',
      at,
      actor,
      visibility: 'public',
      summary: `Follows up on ${facts.follows.caseNumber}, which is closed beyond its reopen window`,
      data: { caseIds: [facts.follows.id] },
    });
  }
  return { supportCase, events, lookupKeys: emailLookupKeys(email) };
}

export type CustomerEmailOutcome =
  | { kind: 'alreadyOnCase' }
  | { kind: 'reopenWindowPassed' }
  | { kind: 'added'; next: SupportCase; events: NewTimelineEvent[]; lookupKeys: string[] };

/**
 * A customer's email on an existing case: a message on the timeline that restarts the wait for an answer; a case pending
 * on the customer resumes, and a resolved or closed case reopens while its reopen window lasts.
 */
export function addCustomerEmail(supportCase: SupportCase, email: InboundEmail, now: Date, reopenWindowDays: number): CustomerEmailOutcome {
  if (supportCase.emailMessageIds.includes(email.messageId)) return { kind: 'alreadyOnCase' };
  const at = now.toISOString();
  const actor = customerActor(email);
  const slaEvents: SlaHistoryEvent[] = [];
  const events: NewTimelineEvent[] = [];
  let status = supportCase.status;

  if (status === 'resolved' || status === 'closed' || status === 'pending_customer') {
    const moved = transition(status, 'in_progress', {
      actor: 'customer',
      now,
      resolvedAt: supportCase.resolvedAt ? new Date(supportCase.resolvedAt) : undefined,
      closedAt: supportCase.closedAt ? new Date(supportCase.closedAt) : undefined,
      reopenWindowDays,
    });
    if (!moved.ok) return { kind: 'reopenWindowPassed' };
    const reopening = status !== 'pending_customer';
    slaEvents.push({ type: reopening ? 'reopened' : 'resumed', at: now.getTime() });
    events.push({
      type: reopening ? 'reopened' : 'statusChanged',
      at,
      actor,
      visibility: 'public',
      summary: reopening ? 'Reopened by the customer’s email' : 'The customer answered; back in progress',
      data: { from: status, to: 'in_progress' },
    });
    status = 'in_progress';
  }
  slaEvents.push({ type: 'customerMessage', at: now.getTime() });
  events.push(messageEvent(email, at));
  const next: SupportCase = {
    ...supportCase,
    status,
    slaHistory: [...supportCase.slaHistory, ...slaEvents],
    emailMessageIds: [...supportCase.emailMessageIds, email.messageId],
    emailConversationId: supportCase.emailConversationId ?? email.conversationId,
    updatedAt: at,
  };
  return { kind: 'added', next, events, lookupKeys: emailLookupKeys(email) };
}
