// Reply and forward prefixes that mail clients write, by language. Outlook writes the abbreviations of its display
// language; Gmail and Apple Mail write "Re:"/"Fwd:" in every language; Thunderbird writes "Re:"/"Fwd:" and reads the
// localized ones; Lotus Notes writes whole words ("Antwort:", "Réf. :"). All are matched in any case.
const REPLY_OR_FORWARD_WORDS = [
  // English, every client; Gmail, Apple Mail and Thunderbird write these whatever the language
  're',
  'fw',
  'fwd',
  // German: Outlook "AW:" (Antwort) and "WG:" (Weitergeleitet); Lotus Notes "Antwort:"
  'aw',
  'wg',
  'antwort',
  // French: Outlook "RE :" and "TR :" (Transféré), with a space before the colon; "Réf :" (Référence)
  'tr',
  'réf',
  'ref',
  // Italian: Outlook "R:" (Risposta) and "I:" (Inoltrato); "Rif:" (Riferimento)
  'r',
  'i',
  'rif',
  // Spanish: Outlook "RE:" and "RV:" (Reenviado)
  'rv',
  // Portuguese (Brazil): Outlook "RES:" (Resposta) and "ENC:" (Encaminhado)
  'res',
  'enc',
  // Dutch: older Outlook "Antw:" (Antwoord) and "Doorst:" (Doorsturen); current Outlook writes RE/FW
  'antw',
  'doorst',
  // Swedish "SV:" (Svar) and "VB:" (Vidarebefordrat); Danish and Norwegian "SV:" (Svar) and "VS:" (Videresendt);
  // Finnish "VS:" (Vastaus) and "VL:" (Välitetty)
  'sv',
  'vs',
  'vb',
  'vl',
  // Polish: Outlook "ODP:" (Odpowiedź) and "PD:" (Przekaż dalej)
  'odp',
  'pd',
  // Chinese Outlook and Foxmail, often with a full-width colon: "答复：", "回复：", "转发："
  '回复',
  '回覆',
  '答复',
  '答覆',
  '转发',
  '轉寄',
  '轉發',
];

// Tags that mail gateways put in front of a subject to warn about its origin, as a known list: any other bracket, such
// as the case token "[CS-000123]" or a customer's own "[Prod]", is part of the subject.
const TAG_WORDS = [
  'external',
  'external email',
  'external e-mail',
  'external mail',
  'external message',
  'external sender',
  'ext',
  'extern',
  'externe',
  'externo',
  'externa',
  'esterno',
  'esterna',
  'ekstern',
  'ulkoinen',
  'zewnętrzny',
  'zewnętrzna',
  'zewnetrzny',
  'zewnetrzna',
  'spam',
  'suspected spam',
  'possible spam',
  'suspicious',
];
// Only the long "external" words are also written with a colon ("EXTERNAL: …"): "Spam: …" or "Ext: 4711 …" (a
// phone extension) can be a person's own subject.
const COLON_TAG_WORDS = ['external', 'extern', 'externe', 'externo', 'esterno', 'ekstern'];

const escapeForRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: readonly string[]): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escapeForRegExp)
    .join('|');

// One prefix at the sticky position: word, optional period ("Réf."), optional counter ("Re[2]:", "Re(2):", "Re^2:"),
// at most three spaces ("RE :", "TR :") and an ASCII or full-width colon. Every part is bounded, so one attempt costs
// a constant amount of work however long the subject is.
const COUNTER = '(?:\\[\\d{1,4}\\]|\\(\\d{1,4}\\)|\\^\\d{1,4})';
const REPLY_OR_FORWARD_PREFIX = new RegExp(
  `(?:${alternation(REPLY_OR_FORWARD_WORDS)})\\.?[ \\t]{0,3}${COUNTER}?[ \\t\\u00a0\\u202f]{0,3}[:：]`,
  'iuy',
);
// One tag at the sticky position: "[EXTERNAL]", "*EXTERNAL*", "**External**" or "EXTERNAL:".
const TAG = new RegExp(
  `\\[\\s{0,3}(?:${alternation(TAG_WORDS)})\\s{0,3}\\]|\\*{1,3}(?:${alternation(TAG_WORDS)})\\*{1,3}|` +
    `(?:${alternation(COLON_TAG_WORDS)})[ \\t]{0,3}[:：]`,
  'iuy',
);
const WHITESPACE = /\s*/uy;

// A subject has at most a handful of real prefixes; past this many the rest is kept as it is, so a hostile subject of
// thousands of "Re:" costs no more than a bounded number of steps.
const MAX_LEADING_MARKS = 64;

/** The index after the leading marks that `mark` recognises, and after the whitespace around them. */
function endOfLeadingMarks(subject: string, marks: readonly RegExp[]): number {
  WHITESPACE.lastIndex = 0;
  WHITESPACE.test(subject);
  let position = WHITESPACE.lastIndex;
  for (let step = 0; step < MAX_LEADING_MARKS; step += 1) {
    const mark = marks.find((pattern) => {
      pattern.lastIndex = position;
      return pattern.test(subject);
    });
    if (mark === undefined) break;
    WHITESPACE.lastIndex = mark.lastIndex;
    WHITESPACE.test(subject);
    position = WHITESPACE.lastIndex;
  }
  return position;
}

const CASE_NUMBER = /^CS-\d{6,}$/;
const CASE_NUMBER_TOKEN = /\[(CS-\d{6,})\]/i;

/**
 * The subject without its leading reply and forward prefixes and gateway tags, repeated and mixed, in any case:
 * "AW: RE: [EXTERNAL] WG: Lizenz" and "[External] TR : Lizenz" both become "Lizenz". Prefixes are those that Outlook,
 * Gmail, Apple Mail, Thunderbird and Lotus Notes write in English, German, French, Italian, Spanish, Dutch, Swedish,
 * Danish, Norwegian, Finnish, Polish and Portuguese (and Chinese), with counters ("Re[2]:", "Re(2):"), a space before
 * the colon ("RE :") or a full-width colon ("回复："). Tags are a known list ("[EXTERNAL]", "[EXT]", "*EXTERNAL*",
 * "EXTERNAL:", "[Extern]", "[Externe]", …): the case token "[CS-000123]" and any other bracket stay, and so does
 * everything after the first word that is neither. A prefix needs its colon, so "Fwd traffic blocked" is unchanged.
 * Linear in the subject's length; at most 64 prefixes are removed.
 */
export function subjectWithoutPrefixes(subject: string): string {
  return subject.slice(endOfLeadingMarks(subject, [REPLY_OR_FORWARD_PREFIX, TAG])).trimEnd();
}

/**
 * The subject without the gateway tags in front of it ("[External] Automatic reply: x" gives "Automatic reply: x"),
 * but with its reply and forward prefixes: "RE: Automatic reply: x" is a person answering an automatic reply, and only
 * the tags say nothing about who wrote the mail. Tags as for subjectWithoutPrefixes; linear in the subject's length.
 */
export function subjectWithoutTags(subject: string): string {
  return subject.slice(endOfLeadingMarks(subject, [TAG])).trimEnd();
}

/**
 * The subject without case-number tokens: the title of a new case, which gets a number of its own. A token there
 * would name another case (one its sender may not write into) in every reply.
 */
export function subjectWithoutCaseNumberTokens(subject: string): string {
  return subject.replace(/\s*\[CS-\d{6,}\]\s*/gi, ' ').trim();
}

/** The case number of the first "[CS-000123]" token anywhere in the subject, e.g. 'CS-000123'. */
export function findCaseNumberToken(subject: string): string | undefined {
  return CASE_NUMBER_TOKEN.exec(subject)?.[1]?.toUpperCase();
}

/** The token that ties an outgoing subject to its case: "[CS-000123]". Throws on a malformed case number. */
export function caseNumberTokenFor(caseNumber: string): string {
  if (!CASE_NUMBER.test(caseNumber)) throw new RangeError(`not a case number: '${caseNumber}'`);
  return `[${caseNumber}]`;
}
