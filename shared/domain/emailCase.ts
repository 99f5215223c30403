import { freshCaseRecords, type Actor, type NewTimelineEvent, type SupportCase } from './case';
import type { Customer } from './customer';
import { senderDomain, subjectWithoutCaseNumberTokens, subjectWithoutPrefixes, type InboundEmail } from './email';
import { addNote, moveCase, replyToCustomer, type WorkContext } from './caseWork';
import { withSlaRecomputed } from './caseSla';

const maxTitleLength = 200;
const maxDescriptionLength = 100_000;

const messageKey = (email: InboundEmail): string => `message:${email.messageId}`;
const conversationKeys = (email: InboundEmail): string[] =>
  email.conversationId ? [`conversation:${email.conversationId}`] : [];

/** Keys under which later mail finds the case: its Message-ID and, where the connector gives one, the conversation. */
export function emailLookupKeys(email: InboundEmail): string[] {
  return [messageKey(email), ...conversationKeys(email)];
}

const customerActor = (email: InboundEmail): Actor => ({
  kind: 'customer',
  id: email.from.address,
  name: email.from.name,
});

const messageEvent = (email: InboundEmail, at: string): NewTimelineEvent => ({
  type: 'customerMessage',
  at,
  actor: customerActor(email),
  visibility: 'public',
  summary: `Email from ${email.from.address}: ${email.subject}`,
  data: {
    messageId: email.messageId,
    subject: email.subject,
    body: email.textBody.slice(0, maxDescriptionLength),
    attachments: email.attachments,
  },
});

/** When the mail arrived, as its connector says, but never later than now: a clock set ahead gains the case nothing. */
function receivedAt(email: InboundEmail, now: Date): string {
  return Date.parse(email.receivedAt) < now.getTime() ? email.receivedAt : now.toISOString();
}

export interface EmailCaseFacts {
  id: string;
  tenantId: string;
  caseNumber: string;
  now: Date;
  customer: Customer | undefined;
  /** The closed case this mail answered after its reopen window had passed. */
  follows?: SupportCase;
  /** The mail's conversation belongs to a case its sender may not join: neither claim nor take it over. */
  skipConversation?: boolean;
}

/**
 * A new case from an email: the subject without reply prefixes as title, the text body as description. A fresh case
 * claims the mail's conversation, so a mail of a conversation another case already holds is added to that case
 * instead (`claimedKeys`); a follow-up case takes the conversation over from the closed case it follows.
 */
export function openEmailCase(
  email: InboundEmail,
  facts: EmailCaseFacts,
): { supportCase: SupportCase; events: NewTimelineEvent[]; lookupKeys: string[]; claimedKeys: string[] } {
  const at = facts.now.toISOString();
  const actor = customerActor(email);
  const supportCase: SupportCase = {
    id: facts.id,
    tenantId: facts.tenantId,
    caseNumber: facts.caseNumber,
    title: (subjectWithoutPrefixes(subjectWithoutCaseNumberTokens(email.subject)) || '(no subject)').slice(
      0,
      maxTitleLength,
    ),
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
    receivedAt: receivedAt(email, facts.now),
    createdAt: at,
    updatedAt: at,
  };
  const events: NewTimelineEvent[] = [
    {
      type: 'created',
      at,
      actor,
      visibility: 'public',
      summary: `Case ${facts.caseNumber} opened from an email by ${email.from.address}`,
      // The mail's attachments by name, size and type, as a reply's customerMessage lists them: their bytes stay in the
      // mailbox (the connector's id of the message finds them).
      data: { messageId: email.messageId, attachments: email.attachments },
    },
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
  if (facts.skipConversation)
    return {
      supportCase: { ...supportCase, emailConversationId: undefined },
      events,
      lookupKeys: [messageKey(email)],
      claimedKeys: [],
    };
  return facts.follows
    ? { supportCase, events, lookupKeys: emailLookupKeys(email), claimedKeys: [] }
    : { supportCase, events, lookupKeys: [messageKey(email)], claimedKeys: conversationKeys(email) };
}

export type CustomerEmailOutcome =
  | { kind: 'alreadyOnCase' }
  | { kind: 'reopenWindowPassed' }
  | { kind: 'added'; next: SupportCase; events: NewTimelineEvent[]; lookupKeys: string[] };

/**
 * A customer's email on an existing case: a message on the timeline that restarts the wait for an answer. A case pending
 * on the customer resumes, and a resolved or closed case reopens while its reopen window lasts, through the same status
 * move an agent's or a portal's transition makes.
 */
export function addCustomerEmail(
  supportCase: SupportCase,
  email: InboundEmail,
  context: Omit<WorkContext, 'actor'>,
): CustomerEmailOutcome {
  if (supportCase.emailMessageIds.includes(email.messageId)) return { kind: 'alreadyOnCase' };
  const customer: WorkContext = { ...context, actor: customerActor(email) };
  let working = supportCase;
  const events: NewTimelineEvent[] = [];
  if (
    supportCase.status === 'resolved' ||
    supportCase.status === 'closed' ||
    supportCase.status === 'pending_customer'
  ) {
    const moved = moveCase(supportCase, 'in_progress', {
      ...customer,
      lifecycleActor: 'customer',
      reason: 'the customer wrote by email',
    });
    if (!moved.ok) return { kind: 'reopenWindowPassed' };
    if (moved.step) {
      working = moved.step.next;
      events.push(...moved.step.events);
    }
  }
  const at = context.now.toISOString();
  events.push(messageEvent(email, at));
  const withMessage: SupportCase = {
    ...working,
    slaHistory: [...working.slaHistory, { type: 'customerMessage', at: context.now.getTime() }],
    emailMessageIds: [...working.emailMessageIds, email.messageId],
    emailConversationId: working.emailConversationId ?? email.conversationId,
    updatedAt: at,
  };
  const next = withSlaRecomputed(withMessage, context.offering, context.now);
  return { kind: 'added', next, events, lookupKeys: emailLookupKeys(email) };
}

export type AgentEmailOutcome =
  { kind: 'alreadyOnCase' } | { kind: 'added'; next: SupportCase; events: NewTimelineEvent[]; lookupKeys: string[] };

/**
 * An agent's own mail on a case's thread (the support mailbox in copy): the customer already has it, so it is recorded
 * as the agent's reply, which meets the response clocks, and nobody is mailed again. On a closed case, which takes no
 * replies, it is kept as an internal note.
 */
export function addAgentEmail(
  supportCase: SupportCase,
  email: InboundEmail,
  context: Omit<WorkContext, 'actor'>,
): AgentEmailOutcome {
  if (supportCase.emailMessageIds.includes(email.messageId)) return { kind: 'alreadyOnCase' };
  const agent: WorkContext = { ...context, actor: { kind: 'agent', id: email.from.address, name: email.from.name } };
  const text = email.textBody.slice(0, maxDescriptionLength);
  const replied = replyToCustomer(supportCase, text, agent);
  const step = replied.ok && replied.step ? replied.step : addNote(supportCase, text, agent);
  const events = step.events.map((event) => ({
    ...event,
    data: { ...event.data, messageId: email.messageId, subject: email.subject },
  }));
  const next: SupportCase = { ...step.next, emailMessageIds: [...step.next.emailMessageIds, email.messageId] };
  return { kind: 'added', next, events, lookupKeys: [messageKey(email)] };
}
