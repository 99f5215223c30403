import type { InboundEmail } from './inboundEmail';
import { subjectWithoutTags } from './subject';

/**
 * The loop and noise guard. "Automated" means: no person is waiting for an answer, so the desk must never send an
 * acknowledgement to it (that is how mail loops start). Whether such mail is dropped or still filed on a case is the
 * caller's decision, and `rule` lets it decide per rule: e.g. file an alert from a no-reply sender, drop a bounce.
 *
 * Decisions:
 * - Any Auto-Submitted value other than "no" marks mail as automated (RFC 3834 §5).
 * - X-Auto-Response-Suppress does not: it asks the receiver not to send some kinds of automatic responses to this
 *   message (MS-OXCMAIL §2.1.3.2.20, from PidTagAutoResponseSuppress, MS-OXOMSG §2.2.1.77) and says nothing about who
 *   wrote it; mail that a person writes through a ticket system, a mail merge or an add-in carries it too. Such mail
 *   opens or threads into a case as usual; `suppressesAutoReply` tells the caller to send it no acknowledgement.
 * - Precedence bulk/list/junk, X-Loop, List-Id (RFC 2919) and List-Unsubscribe (RFC 2369/8058) mark list and bulk mail:
 *   a person writing from a mail client never sends them (RFC 3834 §2 says not to answer such mail).
 * - A multipart/report body is a delivery or read report (RFC 3462/3464/8098).
 * - mailer-daemon, postmaster and Exchange Online's system mailbox send bounces; no-reply senders cannot read answers.
 * - The desk's own support addresses as sender mean our own mail came back: the first rule checked, as it is the loop.
 * - Subjects of automatic replies and bounces are checked always, not only when headers are missing: the Outlook
 *   connector never gives headers, and some gateways strip them. They are the subjects that Exchange/Outlook, Gmail,
 *   Lotus Notes, Postfix, Exim and qmail write in English, German, French, Italian, Spanish, Dutch, Swedish, Danish,
 *   Norwegian, Finnish, Polish and Portuguese, read after the gateway tags in front of them ("[External] Automatic
 *   reply: x"). A reply or forward prefix in front of them ("RE: Automatic reply: x", "FW: Undeliverable: x") means a
 *   person answered or forwarded such mail, which is the person's mail. A marker counts with its colon, or as the
 *   whole subject (Gmail's vacation responder sends the subject its user typed, often just "Out of office"): "Out of
 *   office hours support" and "Abwesenheit planen in Teams" are people's subjects.
 */
export type AutomatedMailRule =
  | 'own-support-address'
  | 'auto-submitted'
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

// Subjects of automatic replies, written without accents and in any case: subjects are compared after removing the
// accents (see forMatching), so "Réponse automatique :" and a gateway's "Reponse automatique :" both match.
const AUTO_REPLY_MARKERS = [
  // English: Exchange/Outlook "Automatic reply:", older Exchange "Out of Office:" and "Out of Office AutoReply:";
  // other servers and Gmail users' own vacation subjects
  'automatic reply',
  'auto reply',
  'auto-reply',
  'autoreply',
  'auto response',
  'auto-response',
  'autoresponse',
  'automatic response',
  'out of office',
  'out of the office',
  'out of office autoreply',
  'out of office auto reply',
  // German: Exchange "Automatische Antwort:", older "Abwesend:"; Lotus Notes and others "Abwesenheitsnotiz:"
  'automatische antwort',
  'abwesend',
  'abwesenheitsnotiz',
  'automatische abwesenheitsnotiz',
  // French: Exchange "Réponse automatique :", older "Absent du bureau :"; Lotus Notes "Absence :"
  'reponse automatique',
  'absent du bureau',
  'absence du bureau',
  'absence',
  'absent',
  // Italian: Exchange "Risposta automatica:", older "Fuori sede:"
  'risposta automatica',
  'fuori sede',
  'fuori ufficio',
  // Spanish: Exchange "Respuesta automática:", older "Fuera de la oficina:"; "Ausente:"
  'respuesta automatica',
  'fuera de la oficina',
  'fuera de oficina',
  // Portuguese: Exchange "Resposta automática:", older "Ausente:"; "Fora do escritório:"
  'resposta automatica',
  'ausente',
  'fora do escritorio',
  // Dutch: Exchange "Automatisch antwoord:", older "Afwezig:"
  'automatisch antwoord',
  'afwezig',
  // Swedish: Exchange "Automatiskt svar:", older "Frånvaro:"/"Frånvarande:"; "Autosvar:"
  'automatiskt svar',
  'franvaro',
  'franvarande',
  'autosvar',
  // Danish and Norwegian: Exchange "Automatisk svar:", older "Ikke til stede:" and "Fraværende:"/"Ikke på kontoret:"
  'automatisk svar',
  'ikke til stede',
  'ikke pa kontoret',
  'fraværende',
  'fravær',
  // Finnish: Exchange "Automaattinen vastaus:", older "Poissa:"/"Poissa toimistolta:"
  'automaattinen vastaus',
  'poissa',
  'poissa toimistolta',
  // Polish: Exchange "Odpowiedź automatyczna:" (also seen as "Automatyczna odpowiedź:"), older "Nieobecność:";
  // "Poza biurem:"
  'odpowiedz automatyczna',
  'automatyczna odpowiedz',
  'nieobecnosc',
  'poza biurem',
  // Chinese: Exchange "自动答复:" (simplified) and "自動回覆:" (traditional); Japanese: Exchange "自動応答:"
  '自动答复',
  '自動回覆',
  '自動応答',
];
// Subjects of bounces: Exchange NDRs in the languages above, Sendmail's "Returned mail:". Exchange's "Delivery
// delayed:" and Lotus Notes' "Delivery failure:" are left out, as a person reporting such a problem may write just
// that; those notices come from system senders, which their own rule catches.
const BOUNCE_MARKERS = [
  'undeliverable',
  'returned mail',
  'unzustellbar',
  'nicht zustellbar',
  'non remis',
  'non distribuable',
  'non recapitabile',
  'no se puede entregar',
  'nao e possivel entregar',
  'onbestelbaar',
  'kan inte levereras',
  'kunne ikke leveres',
  'kan ikke leveres',
  'ei voitu toimittaa',
  'niedostarczalne',
  'nie mozna dostarczyc',
  // Chinese: Exchange "无法送达:" (simplified) and "無法傳遞:" (traditional); Japanese: Exchange "配信不能:"
  '无法送达',
  '無法傳遞',
  '配信不能',
];
// Whole phrases that bounce generators put first, with or without a colon (Gmail, Postfix, Exim, qmail).
const BOUNCE_PHRASES = [
  'delivery status notification',
  'undelivered mail returned to sender',
  'mail delivery failed',
  'failure notice',
];

const escapeForRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: readonly string[]): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escapeForRegExp)
    .join('|');

// Anchored alternations of literals followed by a bounded tail: one attempt costs at most the length of the longest
// marker, whatever the subject, so matching is linear (no backtracking over the subject).
const MARKERS = alternation([...AUTO_REPLY_MARKERS, ...BOUNCE_MARKERS]);
// The colon may be the full-width one Chinese and Japanese clients write (U+FF1A).
const MARKER_WITH_COLON = new RegExp(`^(?:${MARKERS}) ?[:：]`, 'iu');
const MARKER_AS_WHOLE_SUBJECT = new RegExp(`^(?:${MARKERS})[.!]?$`, 'iu');
const BOUNCE_PHRASE = new RegExp(`^(?:${alternation(BOUNCE_PHRASES)})(?![\\p{L}\\p{N}])`, 'iu');

// Only the head of a subject can hold a marker; a longer subject is cut before normalising, so a subject of megabytes
// costs no more than this. The whole-subject form then does not apply: no marker is this long.
const SUBJECT_HEAD = 512;
const COMBINING_MARKS = /\p{M}+/gu;
const WHITESPACE_RUNS = /\s+/gu;

/**
 * The subject as markers are compared with it: accents removed (NFKD, which also turns a full-width colon into ":"
 * and a no-break space into a space), typographic apostrophes made plain, whitespace runs made one space.
 */
function forMatching(subject: string): string {
  return subject
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(WHITESPACE_RUNS, ' ')
    .trim();
}

/** Why the subject is that of an automatic reply or bounce, or undefined when it is not. */
function automatedSubjectReason(subject: string): string | undefined {
  const untagged = subjectWithoutTags(subject);
  const head = forMatching(untagged.slice(0, SUBJECT_HEAD));
  const prefix = MARKER_WITH_COLON.exec(head) ?? BOUNCE_PHRASE.exec(head);
  if (prefix) return `subject starts with '${prefix[0]}', as automatic replies and bounces do`;
  const whole = untagged.length <= SUBJECT_HEAD ? MARKER_AS_WHOLE_SUBJECT.exec(head) : null;
  return whole ? `subject is only '${whole[0]}', as vacation responders write it` : undefined;
}

type Check = (email: InboundEmail, ownSupportAddresses: ReadonlySet<string>) => AutomatedMailVerdict;

const automated = (rule: AutomatedMailRule, reason: string): AutomatedMailVerdict => ({
  automated: true,
  rule,
  reason,
});
const human: AutomatedMailVerdict = { automated: false };

const localPart = (address: string): string => address.slice(0, address.lastIndexOf('@'));

/** First token of a header value, no parameters or comments: "auto-replied; x=1 (vacation)" gives "auto-replied". */
const headerToken = (value: string): string =>
  value
    .split(/[;(\s]/)[0]
    ?.trim()
    .toLowerCase() ?? '';

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
    const reason = automatedSubjectReason(subject);
    return reason !== undefined ? automated('automated-subject', reason) : human;
  },
];

/**
 * Whether an inbound email was sent by a machine rather than a person; the first rule that fires is named (see the
 * decisions above: RFC 3834 Auto-Submitted, list and bulk headers, delivery reports, system and no-reply senders,
 * automatic-reply and bounce subjects in twelve languages). X-Auto-Response-Suppress is not among them: see
 * suppressesAutoReply.
 */
export function detectAutomatedMail(email: InboundEmail, ownSupportAddresses: readonly string[]): AutomatedMailVerdict {
  const own = new Set(ownSupportAddresses.map((address) => address.trim().toLowerCase()));
  for (const check of checks) {
    const verdict = check(email, own);
    if (verdict.automated) return verdict;
  }
  return human;
}

// MS-OXCMAIL §2.1.3.2.20: "None", "All", or a comma-and-space separated list of DR, NDR, RN, NRN, OOF, AutoReply;
// "None" (or an empty value) suppresses nothing.
const NO_SUPPRESSION = new Set(['', 'none']);

/**
 * Whether the mail asks not to get automatic replies: its X-Auto-Response-Suppress header (MS-OXCMAIL §2.1.3.2.20,
 * e.g. "All", "OOF, AutoReply", "DR, NDR") holds any value other than "None". Such a mail is a person's mail as far as
 * detectAutomatedMail is concerned, so it opens or threads into a case normally; the desk only sends it no
 * acknowledgement, which is an automatic reply (RFC 3834 §1). The value is read generously: every suppression value
 * is taken as a request for silence, as a partial one still comes from a sender that does not want machine answers.
 */
export function suppressesAutoReply(email: InboundEmail): boolean {
  const value = email.headers['x-auto-response-suppress'];
  if (value === undefined) return false;
  return value.split(/[,;\s]+/).some((token) => !NO_SUPPRESSION.has(token.trim().toLowerCase()));
}
