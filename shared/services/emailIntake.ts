import type { Desk } from '../composition';
import {
  detectAutomatedMail,
  parseInboundEmail,
  suppressesAutoReply,
  type AutomatedMailRule,
  type InboundEmail,
} from '../domain/email';
import {
  addAgentEmail,
  addCustomerEmail,
  emailLookupKeys,
  openEmailCase,
  type AgentEmailOutcome,
  type CustomerEmailOutcome,
} from '../domain/emailCase';
import {
  refusalReason,
  senderStanding,
  threadCandidates,
  type SenderStanding,
  type ThreadMatch,
} from '../domain/emailThreading';
import type { SupportCase } from '../domain/case';
import type { TenantProfile } from '../domain/tenantProfile';
import type { ThreadRefusal } from '../domain/threadRefusal';
import { PermanentMessageError } from '../messaging/messageFailure';
import { LookupKeyTakenError, type StoredCase } from '../ports/caseStore';
import { changeCase } from './caseUpdates';
import { openNewCase } from './caseOpening';
import { fileNextDue, syncSlaDueIndex } from './slaDueFiling';
import { newCaseId } from './ids';

export type EmailIntakeOutcome =
  | { kind: 'ignored'; tenantId: string; rule: AutomatedMailRule }
  | { kind: 'duplicate'; tenantId: string; caseId: string }
  | { kind: 'opened'; tenantId: string; caseId: string; caseNumber: string }
  | { kind: 'added'; tenantId: string; caseId: string; as: 'customerMessage' | 'agentReply' };

/** What the connector knows of a delivery beyond the mail itself. */
export interface EmailDelivery {
  /**
   * The support mailbox the connector watches (Service Bus application property `mailbox`): it decides the tenant when
   * the mailbox is only in Bcc or a transport rule forwarded the mail, so no recipient names it.
   */
  mailbox?: string;
}

/**
 * The connector's message is not an email this desk understands; the description lists what was wrong. Permanent: the
 * same body never parses, so the message is dead-lettered at once with the reason `InvalidEmail`.
 */
export class InvalidEmailError extends PermanentMessageError {
  override readonly name = 'InvalidEmailError';

  constructor(description: string) {
    super('InvalidEmail', description);
  }
}

/**
 * No tenant has registered any of the mail's mailboxes as its support mailbox. Permanent: the mail is dead-lettered at
 * once with the reason `UnknownMailbox`; register the mailbox (`PUT /api/tenant-profile`) and replay it.
 */
export class UnknownMailboxError extends PermanentMessageError {
  override readonly name = 'UnknownMailboxError';

  constructor(description: string) {
    super('UnknownMailbox', description);
  }
}

type IntakeDesk = Pick<
  Desk,
  'cases' | 'tenants' | 'customers' | 'intakeLog' | 'publisher' | 'clock' | 'slaDue' | 'mailDeliveries'
>;

/**
 * The tenant whose support mailbox received the mail. The mailbox the connector read it from comes first: a mail to
 * several partners' mailboxes reaches each through its own connector, and a Bcc copy names the mailbox nowhere else.
 */
async function tenantOf(desk: IntakeDesk, email: InboundEmail, delivery: EmailDelivery): Promise<string> {
  const mailboxes = [
    delivery.mailbox,
    email.sourceMailbox,
    ...[...email.to, ...email.cc].map((recipient) => recipient.address),
  ]
    .filter((address): address is string => typeof address === 'string' && address.trim() !== '')
    .map((address) => address.trim().toLowerCase());
  for (const address of new Set(mailboxes)) {
    const tenantId = await desk.tenants.tenantForMailbox(address);
    if (tenantId) return tenantId;
  }
  throw new UnknownMailboxError(
    `No tenant has registered a support mailbox among ${mailboxes.join(', ') || '(no mailbox and no recipients)'}.`,
  );
}

type RefusedThread = ThreadRefusal['refused'][number];

/** A case the mail may join and who its sender is there; or the cases it pointed at whose thread it may not join. */
type ThreadDecision =
  | { kind: 'join'; stored: StoredCase; standing: Exclude<SenderStanding, 'outsider'> }
  | { kind: 'none'; refused: RefusedThread[] };

/** The sender's standing on a case; the customer directory is read only when address and agents do not decide it. */
async function standingOn(
  desk: IntakeDesk,
  tenantId: string,
  supportCase: SupportCase,
  email: InboundEmail,
  profile: TenantProfile | undefined,
): Promise<SenderStanding> {
  const agentAddresses = profile?.agentAddresses ?? [];
  const withoutCustomer = senderStanding(supportCase, email.from.address, { agentAddresses, caseCustomer: undefined });
  if (withoutCustomer !== 'outsider' || supportCase.customer.tenantId === undefined) return withoutCustomer;
  const caseCustomer = await desk.customers.get(tenantId, supportCase.customer.tenantId);
  return senderStanding(supportCase, email.from.address, { agentAddresses, caseCustomer });
}

/** Checks one matched case: join it when the sender is on it, else say why not. */
async function judgeMatch(
  desk: IntakeDesk,
  tenantId: string,
  caseId: string,
  matchedBy: ThreadMatch,
  email: InboundEmail,
  profile: TenantProfile | undefined,
): Promise<ThreadDecision> {
  const stored = await desk.cases.get(tenantId, caseId);
  if (!stored) return { kind: 'none', refused: [] };
  const standing = await standingOn(desk, tenantId, stored.supportCase, email, profile);
  if (standing !== 'outsider') return { kind: 'join', stored, standing };
  const { supportCase } = stored;
  return {
    kind: 'none',
    refused: [
      {
        caseId,
        caseNumber: supportCase.caseNumber,
        matchedBy,
        reason: refusalReason(supportCase, email.from.address, matchedBy),
      },
    ],
  };
}

/**
 * Threading: the case-number token, In-Reply-To and every References id are looked up together; the first case, in that
 * order, whose thread the sender may join takes the mail. The conversation id is checked later, by the new case's claim.
 */
async function threadOf(
  desk: IntakeDesk,
  tenantId: string,
  email: InboundEmail,
  profile: TenantProfile | undefined,
): Promise<ThreadDecision> {
  const candidates = threadCandidates(email);
  // The desk's own mails point at their case from the delivery log; everything else (and mails sent by earlier
  // versions) from the case store.
  const replyKeys = candidates.filter((candidate) => candidate.matchedBy !== 'token').map((candidate) => candidate.key);
  const [stored, mailed] = await Promise.all([
    candidates.length
      ? desk.cases.findByLookups(
          tenantId,
          candidates.map((candidate) => candidate.key),
        )
      : new Map<string, string>(),
    desk.mailDeliveries.findCases(tenantId, replyKeys),
  ]);
  // A key in both (Message-IDs are unique, so none in practice) goes by the case store, whose lookups can be taken over.
  const found = new Map([...mailed, ...stored]);
  const refused: RefusedThread[] = [];
  const judged = new Set<string>();
  for (const { key, matchedBy } of candidates) {
    const caseId = found.get(key);
    if (caseId === undefined || judged.has(caseId)) continue;
    judged.add(caseId);
    const decision = await judgeMatch(desk, tenantId, caseId, matchedBy, email, profile);
    if (decision.kind === 'join') return decision;
    refused.push(...decision.refused);
  }
  return { kind: 'none', refused };
}

interface OpenOptions {
  follows?: SupportCase;
  /** Leaves the connector's conversation to the case that holds it, whose thread this sender may not join. */
  skipConversation?: boolean;
}

async function openCaseFrom(
  desk: IntakeDesk,
  tenantId: string,
  email: InboundEmail,
  profile: TenantProfile | undefined,
  options: OpenOptions = {},
): Promise<EmailIntakeOutcome> {
  const customer = await desk.customers.findBySender(tenantId, email.from.address);
  const now = desk.clock.now();
  const id = newCaseId(now);
  // RFC 3834 and X-Auto-Response-Suppress: a sender who asks for no automatic replies gets no acknowledgement.
  const intake = {
    now,
    from: profile?.supportAddresses[0],
    acknowledge: !suppressesAutoReply(email),
    mailTemplates: profile?.mailTemplates,
  };
  const created = await openNewCase(
    desk,
    tenantId,
    id,
    intake,
    (caseNumber) =>
      openEmailCase(email, {
        id,
        tenantId,
        caseNumber,
        now,
        customer,
        follows: options.follows,
        skipConversation: options.skipConversation,
      }),
    { key: `email:${email.messageId}`, requestHash: email.messageId },
  );
  const supportCase = created.stored.supportCase;
  return created.kind === 'created'
    ? { kind: 'opened', tenantId, caseId: supportCase.id, caseNumber: supportCase.caseNumber }
    : { kind: 'duplicate', tenantId, caseId: supportCase.id };
}

/** Opens the sender's own case for a mail whose thread matches were refused, and logs why. */
async function openInsteadOfRefused(
  desk: IntakeDesk,
  tenantId: string,
  email: InboundEmail,
  profile: TenantProfile | undefined,
  refused: RefusedThread[],
  options: OpenOptions,
): Promise<EmailIntakeOutcome> {
  const outcome = await openCaseFrom(desk, tenantId, email, profile, options);
  if (refused.length > 0 && (outcome.kind === 'opened' || outcome.kind === 'duplicate')) {
    await desk.intakeLog.recordThreadRefusal(tenantId, {
      messageId: email.messageId,
      from: email.from.address,
      subject: email.subject,
      refused,
      openedCaseId: outcome.caseId,
      receivedAt: email.receivedAt,
      recordedAt: desk.clock.now().toISOString(),
    });
  }
  return outcome;
}

/**
 * Turns one email from the support mailbox into a new case, a customer message or an agent's reply on the case it
 * answers. A thread match (token, In-Reply-To/References, conversation) counts only when the sender is on that case;
 * otherwise the mail opens a case of its own and the intake log says why. Automated mail (auto-replies, bounces, lists,
 * our own mailbox) opens nothing and is only recorded. The same Message-ID again has no second effect.
 */
export async function takeInEmail(
  desk: IntakeDesk,
  raw: unknown,
  delivery: EmailDelivery = {},
): Promise<EmailIntakeOutcome> {
  const parsed = parseInboundEmail(raw);
  if (!parsed.ok) throw new InvalidEmailError(parsed.error);
  const email = parsed.email;
  const tenantId = await tenantOf(desk, email, delivery);
  const profile = await desk.tenants.profile(tenantId);
  const verdict = detectAutomatedMail(email, profile?.supportAddresses ?? []);
  if (verdict.automated) {
    await desk.intakeLog.recordIgnored(tenantId, {
      messageId: email.messageId,
      from: email.from.address,
      subject: email.subject,
      rule: verdict.rule,
      reason: verdict.reason,
      receivedAt: email.receivedAt,
      recordedAt: desk.clock.now().toISOString(),
    });
    return { kind: 'ignored', tenantId, rule: verdict.rule };
  }

  // A second copy of a mail needs no extra look-up: the case it opened holds it as an idempotency claim, and the
  // case it was added to lists its Message-ID.
  const thread = await threadOf(desk, tenantId, email, profile);
  if (thread.kind === 'join') return addToCase(desk, tenantId, email, profile, thread.stored, thread.standing);
  try {
    return await openInsteadOfRefused(desk, tenantId, email, profile, thread.refused, {});
  } catch (error) {
    if (!(error instanceof LookupKeyTakenError)) throw error;
    const holder = await judgeMatch(desk, tenantId, error.caseId, 'conversation', email, profile);
    if (holder.kind === 'join') return addToCase(desk, tenantId, email, profile, holder.stored, holder.standing);
    return openInsteadOfRefused(desk, tenantId, email, profile, [...thread.refused, ...holder.refused], {
      skipConversation: true,
    });
  }
}

/**
 * Adds a mail to the case it answers: an agent's as their reply, anyone else's as a customer message. A customer's
 * mail to a case closed beyond its reopen window opens a follow-up case instead.
 */
async function addToCase(
  desk: IntakeDesk,
  tenantId: string,
  email: InboundEmail,
  profile: TenantProfile | undefined,
  read: StoredCase,
  standing: Exclude<SenderStanding, 'outsider'>,
): Promise<EmailIntakeOutcome> {
  const caseId = read.supportCase.id;
  // A mail joining a case points its Message-ID and conversation at the case, unless they already point at another
  // case: reusing another customer's conversation or Message-ID must not pull that customer's thread off their case.
  const [offering, pointers] = await Promise.all([
    desk.tenants.offering(tenantId),
    desk.cases.findByLookups(tenantId, emailLookupKeys(email)),
  ]);
  const ownOrFree = (key: string): boolean => (pointers.get(key) ?? caseId) === caseId;
  const {
    stored,
    before,
    result: outcome,
  } = await changeCase(
    desk.cases,
    tenantId,
    caseId,
    (current) => {
      const context = { now: desk.clock.now(), offering };
      const added: CustomerEmailOutcome | AgentEmailOutcome =
        standing === 'agent'
          ? addAgentEmail(current.supportCase, email, context)
          : addCustomerEmail(current.supportCase, email, context);
      if (added.kind !== 'added') return { result: added };
      return { next: added.next, events: added.events, lookupKeys: added.lookupKeys.filter(ownOrFree), result: added };
    },
    { alreadyRead: read, beforeSave: fileNextDue(desk), publisher: desk.publisher },
  );
  if (outcome.kind === 'reopenWindowPassed')
    return openCaseFrom(desk, tenantId, email, profile, { follows: stored.supportCase });
  if (outcome.kind === 'alreadyOnCase') return { kind: 'duplicate', tenantId, caseId };
  await syncSlaDueIndex(desk, before.supportCase, stored.supportCase);
  return { kind: 'added', tenantId, caseId, as: standing === 'agent' ? 'agentReply' : 'customerMessage' };
}
