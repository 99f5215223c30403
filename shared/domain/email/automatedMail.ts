import type { InboundEmail } from './inboundEmail';

/**
 * The loop and noise guard. "Automated" means: no person is waiting for an answer, so the desk must never send an
 * acknowledgement to it (that is how mail loops start). Whether such mail is dropped or still filed on a case is the
 * caller's decision, and `rule` lets it decide per rule: e.g. file an alert from a no-reply sender, drop a bounce.
 *
 * Decisions:
 * - Any Auto-Submitted value other than "no" (RFC 3834), and any X-Auto-Response-Suppress (Exchange sets it on its own
 *   automatic replies and ticket systems on their notifications), mark mail as automated.
 * - Precedence bulk/list/junk, X-Loop, List-Id (RFC 2919) and List-Unsubscribe (RFC 2369/8058) mark list and bulk mail:
 *   a person writing from a mail client never sends them.
 * - A multipart/report body is a delivery or read report (RFC 3462/3464/8098).
 * - mailer-daemon, postmaster and Exchange Online's system mailbox send bounces; no-reply senders cannot read answers.
 * - The desk's own support addresses as sender mean our own mail came back: the first rule checked, as it is the loop.
 * - Subject prefixes of automatic replies and bounces are checked always, not only when headers are missing: the
 *   Outlook connector never gives headers, and some gateways strip them.
 */
export type AutomatedMailRule =
  | 'own-support-address'
  | 'auto-submitted'
  | 'auto-response-suppress'
  | 'precedence'
  | 'x-loop'
  | 'list-id'
  | 'list-unsubscribe'
  | 'delivery-report'
  | 'system-sender'
  | 'no-reply-sender'
  | 'automated-subject';

export type AutomatedMailVerdict = { automated: false } | { automated: true; rule: AutomatedMailRule; reason: string };

const BULK_PRECEDENCE = new Set(['bulk', 'list', 'junk']);

const SYSTEM_SENDER = /^(?:mailer-daemon|postmaster|microsoftexchange329e71ec88ae4615bbc36ab6ce41109e)$/;

// "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", also as part of "azure-noreply".
const NO_REPLY_SENDER = /(?:^|[-_.+])(?:no[-_.]?reply|do[-_.]?not[-_.]?reply)(?:$|[-_.+])/;

// English and German subjects of automatic replies and bounces, as Exchange, Gmail, Postfix and Exim write them.
// Most are prefixes and need their colon, so "Out of office hours support" written by a person does not match.
const AUTOMATED_SUBJECT_PREFIXES = [
  'automatic reply',
  'auto-reply',
  'autoreply',
  'automatische antwort',
  'out of office',
  'abwesenheitsnotiz',
  'undeliverable',
  'unzustellbar',
  'nicht zustellbar',
  'returned mail',
];
const AUTOMATED_SUBJECT_PHRASES = [
  'delivery status notification',
  'undelivered mail returned to sender',
  'mail delivery failed',
];
const AUTOMATED_SUBJECT = new RegExp(
  `^(?:(?:${AUTOMATED_SUBJECT_PREFIXES.join('|')})\\s*:|(?:${AUTOMATED_SUBJECT_PHRASES.join('|')})\\b)`,
  'i',
);

type Check = (email: InboundEmail, ownSupportAddresses: ReadonlySet<string>) => AutomatedMailVerdict;

const automated = (rule: AutomatedMailRule, reason: string): AutomatedMailVerdict => ({
  automated: true,
  rule,
  reason,
});
const human: AutomatedMailVerdict = { automated: false };

const localPart = (address: string): string => address.slice(0, address.lastIndexOf('@'));

/** First token of a header value, no parameters or comments: "auto-replied; x=1 (vacation)" gives "auto-replied". */
const headerToken = (value: string): string => value.split(/[;(\s]/)[0]?.trim().toLowerCase() ?? '';

const checks: Check[] = [
  (email, own) =>
    own.has(email.from.address)
      ? automated('own-support-address', `sender ${email.from.address} is one of our own support addresses`)
      : human,
  ({ headers }) => {
    const value = headers['auto-submitted'];
    return value !== undefined && headerToken(value) !== 'no'
      ? automated('auto-submitted', `Auto-Submitted is '${value}'`)
      : human;
  },
  ({ headers }) => {
    const value = headers['x-auto-response-suppress'];
    return value !== undefined ? automated('auto-response-suppress', `X-Auto-Response-Suppress is '${value}'`) : human;
  },
  ({ headers }) => {
    const value = headers['precedence'];
    return value !== undefined && BULK_PRECEDENCE.has(headerToken(value))
      ? automated('precedence', `Precedence is '${value}'`)
      : human;
  },
  ({ headers }) => {
    const value = headers['x-loop'];
    return value !== undefined ? automated('x-loop', `X-Loop is '${value}'`) : human;
  },
  ({ headers }) => {
    const value = headers['list-id'];
    return value !== undefined ? automated('list-id', `mailing list mail (List-Id '${value}')`) : human;
  },
  ({ headers }) =>
    headers['list-unsubscribe'] !== undefined
      ? automated('list-unsubscribe', 'bulk mail (List-Unsubscribe present)')
      : human,
  ({ headers }) => {
    const value = headers['content-type'];
    return value !== undefined && headerToken(value) === 'multipart/report'
      ? automated('delivery-report', `delivery or read report (Content-Type '${headerToken(value)}')`)
      : human;
  },
  ({ from }) =>
    SYSTEM_SENDER.test(localPart(from.address))
      ? automated('system-sender', `sender ${from.address} is a mail system mailbox`)
      : human,
  ({ from }) =>
    NO_REPLY_SENDER.test(localPart(from.address))
      ? automated('no-reply-sender', `sender ${from.address} is a no-reply address`)
      : human,
  ({ subject }) => {
    const match = AUTOMATED_SUBJECT.exec(subject.trim());
    return match
      ? automated('automated-subject', `subject starts with '${match[0]}', as automatic replies and bounces do`)
      : human;
  },
];

/** Whether an inbound email was sent by a machine rather than a person; the first rule that fires is named. */
export function detectAutomatedMail(email: InboundEmail, ownSupportAddresses: readonly string[]): AutomatedMailVerdict {
  const own = new Set(ownSupportAddresses.map((address) => address.trim().toLowerCase()));
  for (const check of checks) {
    const verdict = check(email, own);
    if (verdict.automated) return verdict;
  }
  return human;
}
