import type { Desk } from '../composition';
import { detectAutomatedMail, findCaseNumberToken, parseInboundEmail, senderDomain, type AutomatedMailRule, type InboundEmail } from '../domain/email';
import { addCustomerEmail, openEmailCase } from '../domain/emailCase';
import type { SupportCase } from '../domain/case';
import { LookupKeyTakenError } from '../ports/caseStore';
import { queueNames } from '../resourceNames';
import { triageRequest } from './caseIntake';
import { changeCase } from './caseUpdates';
import { notifyCustomer } from './customerNotifications';
import { fileNextDue, syncSlaDueIndex } from './slaDueFiling';
import { newCaseId } from './ids';

export type EmailIntakeOutcome =
  | { kind: 'ignored'; tenantId: string; rule: AutomatedMailRule }
  | { kind: 'duplicate'; tenantId: string; caseId: string }
  | { kind: 'opened'; tenantId: string; caseId: string; caseNumber: string }
  | { kind: 'added'; tenantId: string; caseId: string };

/** The connector's message is not an email this desk understands; the reason lists what was wrong. */
export class InvalidEmailError extends Error {
  override readonly name = 'InvalidEmailError';
}

/** No tenant has registered any recipient of the mail as its support mailbox. */
export class UnknownMailboxError extends Error {
  override readonly name = 'UnknownMailboxError';
}

type IntakeDesk = Pick<Desk, 'cases' | 'tenants' | 'customers' | 'intakeLog' | 'publisher' | 'clock' | 'slaDue'>;

async function tenantOf(desk: IntakeDesk, email: InboundEmail): Promise<string> {
  const recipients = [...email.to, ...email.cc].map((recipient) => recipient.address);
  for (const address of recipients) {
    const tenantId = await desk.tenants.tenantForMailbox(address);
    if (tenantId) return tenantId;
  }
  throw new UnknownMailboxError(`No tenant has registered a support mailbox among the recipients ${recipients.join(', ') || '(none)'}.`);
}

/**
 * Threading, in order: the case number token in the subject, then In-Reply-To/References. The connector's conversation
 * comes last and costs no read here: a new case claims it, and the claim fails onto the case that already holds it.
 */
async function threadOf(desk: IntakeDesk, tenantId: string, email: InboundEmail): Promise<string | undefined> {
  const token = findCaseNumberToken(email.subject);
  const keys = [
    ...(token ? [`number:${token}`] : []),
    ...[email.inReplyTo, ...email.references.slice(-5).reverse()].filter((id): id is string => Boolean(id)).map((id) => `message:${id}`),
  ];
  for (const key of [...new Set(keys)]) {
    const caseId = await desk.cases.findByLookup(tenantId, key);
    if (caseId) return caseId;
  }
  return undefined;
}

async function openCaseFrom(desk: IntakeDesk, tenantId: string, email: InboundEmail, follows?: SupportCase): Promise<EmailIntakeOutcome> {
  const domain = senderDomain(email.from.address);
  const customer = domain ? await desk.customers.findByDomain(tenantId, domain) : undefined;
  const now = desk.clock.now();
  const created = await desk.cases.create(
    tenantId,
    (caseNumber) => openEmailCase(email, { id: newCaseId(now), tenantId, caseNumber, now, customer, follows }),
    { key: `email:${email.messageId}`, requestHash: email.messageId },
  );
  const supportCase = created.stored.supportCase;
  // A redelivery publishes again only while the case still waits for triage; the queues drop the duplicates.
  if (created.kind === 'created' || supportCase.status === 'new') {
    await desk.publisher.publish(queueNames.caseTriage, triageRequest(supportCase));
    await notifyCustomer(desk, 'acknowledgement', supportCase, { at: now });
  }
  return created.kind === 'created'
    ? { kind: 'opened', tenantId, caseId: supportCase.id, caseNumber: supportCase.caseNumber }
    : { kind: 'duplicate', tenantId, caseId: supportCase.id };
}

/**
 * Turns one email from the support mailbox into a new case or a customer message on the case it answers. Automated
 * mail (auto-replies, bounces, lists, our own mailbox) opens nothing and is only recorded. The same Message-ID again
 * has no second effect.
 */
export async function takeInEmail(desk: IntakeDesk, raw: unknown): Promise<EmailIntakeOutcome> {
  const parsed = parseInboundEmail(raw);
  if (!parsed.ok) throw new InvalidEmailError(parsed.error);
  const email = parsed.email;
  const tenantId = await tenantOf(desk, email);
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
  const caseId = await threadOf(desk, tenantId, email);
  if (caseId) return addToCase(desk, tenantId, email, caseId);
  try {
    return await openCaseFrom(desk, tenantId, email);
  } catch (error) {
    if (error instanceof LookupKeyTakenError) return addToCase(desk, tenantId, email, error.caseId);
    throw error;
  }
}

/** Adds a customer's mail to the case it answers, or opens a follow-up when that case is closed beyond its window. */
async function addToCase(desk: IntakeDesk, tenantId: string, email: InboundEmail, caseId: string): Promise<EmailIntakeOutcome> {
  const offering = await desk.tenants.offering(tenantId);
  let reopenWindowPassed = false;
  let alreadyOnCase = false;
  let before: SupportCase | undefined;
  const stored = await changeCase(desk.cases, tenantId, caseId, (current) => {
    before = current.supportCase;
    const outcome = addCustomerEmail(current.supportCase, email, { now: desk.clock.now(), offering });
    reopenWindowPassed = outcome.kind === 'reopenWindowPassed';
    alreadyOnCase = outcome.kind === 'alreadyOnCase';
    if (outcome.kind !== 'added') return undefined;
    return { next: outcome.next, events: outcome.events, lookupKeys: outcome.lookupKeys };
  }, { beforeSave: fileNextDue(desk) });
  if (reopenWindowPassed) return openCaseFrom(desk, tenantId, email, stored.supportCase);
  if (alreadyOnCase) return { kind: 'duplicate', tenantId, caseId };
  await syncSlaDueIndex(desk, before, stored.supportCase);
  return { kind: 'added', tenantId, caseId };
}
