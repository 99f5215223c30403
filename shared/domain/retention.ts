import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { NewTimelineEvent, SupportCase, TimelineEvent } from './case';

/*
 * How long the desk keeps what it stores, and what erasing a person's data does to a case and its timeline.
 * Pure: the clock and the tenant's setting are passed in.
 */

/** How long a case is kept after it was closed (or resolved, when nobody closed it), in months; a tenant setting. */
export const defaultClosedCaseRetentionMonths = 24;
export const closedCaseRetentionMonthsSchema = z.lazy(() =>
  z.number().int().min(1).max(120).default(defaultClosedCaseRetentionMonths),
);

export const retentionPeriods = {
  /**
   * An Idempotency-Key (and an email's Message-ID, which guards against a second copy of the mail opening a second case)
   * is honoured this long; as long as a message may wait on a queue (defaultMessageTimeToLive P14D).
   */
  idempotencyClaimDays: 14,
  /** Ignored mail and refused thread matches stay in the intake log this long. */
  intakeLogDays: 90,
  /** A new case is first looked at by the purge this long after it was opened: none can expire earlier. */
  firstCaseReviewDays: 14,
  /**
   * A case not yet due is looked at again at the latest this much later, so a tenant that shortens its retention sees
   * the shorter period applied within this time to cases already filed.
   */
  maxCaseReviewIntervalMonths: 3,
} as const;

const dayMs = 24 * 60 * 60_000;

export const addDays = (instant: Date, days: number): Date => new Date(instant.getTime() + days * dayMs);

/** The same day and time `months` calendar months later (UTC), on the month's last day when it has fewer days. */
export function addMonths(instant: Date, months: number): Date {
  const year = instant.getUTCFullYear();
  const month = instant.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(instant.getUTCDate(), lastDay),
      instant.getUTCHours(),
      instant.getUTCMinutes(),
      instant.getUTCSeconds(),
      instant.getUTCMilliseconds(),
    ),
  );
}

/** When the retention of a finished case started: its closure, or its resolution when nobody closed it; open cases have none. */
export function retentionStart(supportCase: SupportCase): string | undefined {
  if (supportCase.status === 'closed') return supportCase.closedAt ?? supportCase.resolvedAt;
  if (supportCase.status === 'resolved') return supportCase.resolvedAt;
  return undefined;
}

export type CaseReview = { kind: 'purge'; expiredAt: Date } | { kind: 'keep'; reviewAt: Date; expiresAt?: Date };

/**
 * What the purge does with a case whose review came: remove it once its retention has passed, or look at it again when
 * it would expire, at the latest `maxCaseReviewIntervalMonths` later and never earlier than a day later. An open case
 * closed after this review expires after its next review, so looking again then is never late.
 */
export function reviewCase(supportCase: SupportCase, retentionMonths: number, now: Date): CaseReview {
  const start = retentionStart(supportCase);
  const expiresAt = start === undefined ? undefined : addMonths(new Date(start), retentionMonths);
  if (expiresAt !== undefined && expiresAt.getTime() <= now.getTime()) return { kind: 'purge', expiredAt: expiresAt };
  const latest = addMonths(now, Math.min(retentionMonths, retentionPeriods.maxCaseReviewIntervalMonths));
  const candidate = expiresAt !== undefined && expiresAt.getTime() < latest.getTime() ? expiresAt : latest;
  const reviewAt = new Date(Math.max(candidate.getTime(), addDays(now, 1).getTime()));
  return expiresAt === undefined ? { kind: 'keep', reviewAt } : { kind: 'keep', reviewAt, expiresAt };
}

/** The lookup keys that may point at a case (see emailCase.ts and the case store): its number, its mails, its conversation. */
export function lookupKeysOf(supportCase: SupportCase): string[] {
  return [
    `number:${supportCase.caseNumber}`,
    ...supportCase.emailMessageIds.map((messageId) => `message:${messageId}`),
    ...(supportCase.emailConversationId ? [`conversation:${supportCase.emailConversationId}`] : []),
  ];
}

// ---------------------------------------------------------------------------------------------------------------------
// People and erasure

/** What replaces an erased address where an address must stay (a contact needs one); `.invalid` never delivers. */
export const erasedAddress = 'erased@erased.invalid';
/** What replaces erased text. */
export const erasedText = '[erased]';

export const normalizedAddress = (address: string): string => address.trim().toLowerCase();

const looksLikeAddress = (value: string | undefined): value is string =>
  value !== undefined && /^[^\s@]+@[^\s@]+$/.test(value.trim());

/**
 * A person's key in the tenant's index of personal data and in the erasure log: a SHA-256 of the address salted with the
 * tenant id, so neither the index nor the log holds the address, and equal addresses of two tenants do not match.
 */
export function personKey(tenantId: string, address: string): string {
  return createHash('sha256')
    .update(`${tenantId}\n${normalizedAddress(address)}`)
    .digest('hex');
}

/** The addresses of the people a case holds data of: its contact and every customer who wrote on it. */
export function peopleOf(supportCase: SupportCase, events: readonly Pick<NewTimelineEvent, 'actor'>[]): string[] {
  const addresses = [
    supportCase.contact.email,
    ...events.filter((event) => event.actor.kind === 'customer').map((event) => event.actor.id),
  ];
  return [...new Set(addresses.filter(looksLikeAddress).map(normalizedAddress))].filter(
    (address) => address !== erasedAddress,
  );
}

/** The person whose data is erased: the address, and the names the case or its timeline gave them. */
export interface ErasedPerson {
  address: string;
  names: string[];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const sameAddress = (value: unknown, person: ErasedPerson): boolean =>
  typeof value === 'string' && normalizedAddress(value) === person.address;

/** The names a case and its timeline give the person: the contact's name, an actor's name, an escalation contact's. */
export function namesOf(address: string, supportCase: SupportCase, timeline: readonly TimelineEvent[]): string[] {
  const person: ErasedPerson = { address: normalizedAddress(address), names: [] };
  const names = new Set<string>();
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      if (sameAddress(record.email, person) && typeof record.name === 'string') names.add(record.name);
      if (sameAddress(record.id, person) && typeof record.name === 'string') names.add(record.name);
      if (
        sameAddress(record.primaryEmailAddress, person) &&
        typeof record.firstName === 'string' &&
        typeof record.lastName === 'string'
      ) {
        names.add(`${record.firstName} ${record.lastName}`);
      }
      Object.values(record).forEach(collect);
    }
  };
  collect(supportCase);
  collect(timeline);
  // Only whole names of some length are cut out of free text: a two-letter name would cut words apart.
  return [...names].map((name) => name.trim()).filter((name) => name.length >= 3);
}

function redactText(text: string, person: ErasedPerson): string {
  if (normalizedAddress(text) === person.address) return erasedAddress;
  let result = text.replace(new RegExp(escapeRegExp(person.address), 'gi'), erasedText);
  for (const name of person.names)
    result = result.replace(
      new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, 'giu'),
      erasedText,
    );
  return result;
}

/**
 * The value with the person taken out, however deep: a contact (`email`), an actor (`id`) or an escalation contact
 * (`primaryEmailAddress`) of theirs loses name and phone and gets the erased address; their address and names are cut
 * out of every text.
 */
export function redactPerson<Value>(value: Value, person: ErasedPerson): Value {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return redactText(node, person);
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const record = { ...(node as Record<string, unknown>) };
    if (sameAddress(record.email, person)) {
      delete record.name;
      delete record.phone;
    }
    if (sameAddress(record.id, person) && typeof record.kind === 'string') delete record.name;
    if (sameAddress(record.primaryEmailAddress, person)) {
      record.firstName = 'Erased';
      record.lastName = 'Contact';
      delete record.phoneNumber;
    }
    return Object.fromEntries(Object.entries(record).map(([key, child]) => [key, walk(child)]));
  };
  return walk(value) as Value;
}

/** Whether the person is the case's contact. */
export const isContactOf = (supportCase: SupportCase, address: string): boolean =>
  normalizedAddress(supportCase.contact.email) === normalizedAddress(address);

/**
 * The case without the person: when they are its contact, their words (the description, which is their first message)
 * and attachments go too; the title stays, without their address and names, so the case can still be told apart.
 */
export function eraseFromCase(supportCase: SupportCase, person: ErasedPerson): SupportCase {
  const redacted = redactPerson(supportCase, person);
  if (!isContactOf(supportCase, person.address)) return redacted;
  return { ...redacted, description: erasedText, attachments: [] };
}

/**
 * Whether a customer message, or the opening of a case by mail, is the person's words: mail they sent, or, on a case
 * they are the contact of, a reply the portal added for the customer (a portal speaks for the case's contact; mail
 * from a colleague is the colleague's).
 */
function wroteIt(event: TimelineEvent, person: ErasedPerson, personIsContact: boolean): boolean {
  if (event.type !== 'customerMessage' && event.type !== 'created') return false;
  if (sameAddress(event.actor.id, person)) return true;
  return personIsContact && !looksLikeAddress(event.actor.id);
}

/**
 * A timeline entry without the person: a message they wrote loses its body, subject and attachments, also where its
 * summary repeats them (an email's summary names its subject).
 */
export function eraseFromEvent(event: TimelineEvent, person: ErasedPerson, personIsContact: boolean): TimelineEvent {
  const redacted = redactPerson(event, person);
  if (!wroteIt(event, person, personIsContact) || redacted.data === undefined) return redacted;
  const data: Record<string, unknown> = { ...redacted.data };
  let summary = redacted.summary;
  for (const field of ['body', 'subject', 'text']) {
    const text = data[field];
    if (typeof text !== 'string') continue;
    if (text.trim() !== '') summary = summary.split(text).join(erasedText);
    data[field] = erasedText;
  }
  if (Array.isArray(data.attachments)) data.attachments = [];
  return { ...redacted, summary, data };
}

/** Whether erasure changed anything: compared as stored, as JSON. */
export const changed = (before: unknown, after: unknown): boolean => JSON.stringify(before) !== JSON.stringify(after);

/** One erasure, as the tenant's erasure log keeps it: who, when, how much; the address only as its hash. */
export const erasureRecordSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    erasedAt: z.iso.datetime(),
    /** The key id of the admin who asked for it. */
    erasedBy: z.string(),
    /** personKey(tenantId, address): lets an admin check whether an address was erased without the log holding it. */
    personKey: z.string(),
    cases: z.number().int().min(0),
    timelineEntries: z.number().int().min(0),
    intakeLogEntries: z.number().int().min(0),
    customerAddresses: z.number().int().min(0),
  }),
);
export type ErasureRecord = z.infer<typeof erasureRecordSchema>;
