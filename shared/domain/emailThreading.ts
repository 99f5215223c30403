import type { SupportCase } from './case';
import type { Customer } from './customer';
import { findCaseNumberToken, senderDomain, type InboundEmail } from './email';

/** What made a mail look like part of a case's thread. */
export type ThreadMatch = 'token' | 'inReplyTo' | 'references' | 'conversation';

/** A lookup key that may tie a mail to a case, and what it came from. */
export interface ThreadCandidate {
  key: string;
  matchedBy: ThreadMatch;
}

/**
 * The most Message-IDs of In-Reply-To and References looked up per mail. It bounds the work on a crafted header, not
 * correctness: a thread longer than this keeps its root (the first id, RFC 5322 3.6.4) and its newest ids.
 */
export const maxReferencedIds = 100;

/** The References ids to look up: all of them, or the root and the newest when a thread is longer than the bound. */
function boundedReferences(references: readonly string[]): string[] {
  if (references.length <= maxReferencedIds) return [...references];
  return [references[0] as string, ...references.slice(references.length - (maxReferencedIds - 1))];
}

/**
 * The lookup keys that may thread a mail, most telling first: the case-number token in the subject, In-Reply-To, then
 * every References id from the newest back to the root. The connector's conversation id is not among them: a new case
 * claims it, and the claim fails onto the case that holds it.
 */
export function threadCandidates(email: InboundEmail): ThreadCandidate[] {
  const token = findCaseNumberToken(email.subject);
  const candidates: ThreadCandidate[] = [
    ...(token ? [{ key: `number:${token}`, matchedBy: 'token' as const }] : []),
    ...(email.inReplyTo ? [{ key: `message:${email.inReplyTo}`, matchedBy: 'inReplyTo' as const }] : []),
    ...boundedReferences(email.references)
      .reverse()
      .map((id) => ({ key: `message:${id}`, matchedBy: 'references' as const })),
  ];
  const seen = new Set<string>();
  return candidates.filter((candidate) => !seen.has(candidate.key) && seen.add(candidate.key));
}

/**
 * Who the sender is to a case: its contact, one of its customer's people (an address or mail domain the customer
 * directory lists for the case's customer), one of the tenant's agents, or an outsider.
 */
export type SenderStanding = 'contact' | 'customer' | 'agent' | 'outsider';

export interface SenderFacts {
  /** The tenant profile's agent mailboxes, lower-cased. */
  agentAddresses: readonly string[];
  /** The directory record of the case's customer; undefined when the case has no known customer. */
  caseCustomer: Customer | undefined;
}

/**
 * Decides whether a sender may write into a case. Only a thread match from someone on the case may add to it: case
 * numbers are sequential and easy to guess, and Exchange reuses a conversation id for unrelated mails with the same
 * subject, so neither proves that a mail belongs to the case.
 */
export function senderStanding(supportCase: SupportCase, sender: string, facts: SenderFacts): SenderStanding {
  const address = sender.toLowerCase();
  if (facts.agentAddresses.includes(address)) return 'agent';
  if (supportCase.contact.email.toLowerCase() === address) return 'contact';
  const customer = facts.caseCustomer;
  if (!customer || customer.customerTenantId !== supportCase.customer.tenantId) return 'outsider';
  const domain = senderDomain(address);
  return customer.addresses.includes(address) || (domain !== undefined && customer.domains.includes(domain))
    ? 'customer'
    : 'outsider';
}

/** Why a thread match was refused, for the intake log. */
export function refusalReason(supportCase: SupportCase, sender: string, matchedBy: ThreadMatch): string {
  const what: Record<ThreadMatch, string> = {
    token: `the subject carries the case token [${supportCase.caseNumber}]`,
    inReplyTo: `In-Reply-To names a mail of ${supportCase.caseNumber}`,
    references: `References names a mail of ${supportCase.caseNumber}`,
    conversation: `the connector's conversation id is that of ${supportCase.caseNumber}`,
  };
  return `${what[matchedBy]}, but ${sender} is neither its contact, nor of its customer, nor an agent of the tenant`;
}
