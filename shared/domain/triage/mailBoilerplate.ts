/**
 * What a mail client or a company's mail server adds to every message, which says nothing about the request: a mobile
 * signature ("Sent from Outlook for Android", "Von meinem iPhone gesendet"), a contact line of a signature
 * ("E-Mail: max@fabrikam.example") and a legal disclaimer ("This email and any attachments are confidential and
 * intended solely for the addressee…"). Triage reads a request without them, so "Outlook" in a signature does not make
 * a Databricks cost alert a Microsoft 365 case, nor "E-Mail" in a signature a Veeam backup question.
 *
 * Only what is unmistakably boilerplate goes, because what the customer wrote must stay:
 * - a signature or contact line is a whole line in one of the known forms, nothing more ("Sent from Outlook desktop -
 *   delivered" in a list of test results stays);
 * - a disclaimer opens at the start of a line or a sentence, or after a label ("Disclaimer:", "Vertraulichkeitshinweis:"),
 *   with a disclaimer's own words in its first sentence ("This email … is confidential", "If you are not the intended
 *   recipient", "Diese E-Mail enthält vertrauliche…"). It runs to the end of its line and on over the lines that follow
 *   while they still speak a disclaimer's vocabulary (confidential, recipient, delete, notify, …), up to a blank line.
 *   "This email is intended to inform you that our database is down", a quoted "This email contains confidential
 *   information" policy tip and a request that follows a banner on the next line are the customer's words and stay.
 *
 * Linear in the text: the patterns are anchored or searched forward from where the last one ended, with bounded
 * repetition only, and each line is read once. Line ends may be \n or \r\n (a portal's form posts either).
 */

/** Whole lines a mail client adds, in the forms the desk's customers' clients use (English and German). */
const clientSignature = new RegExp(
  '^(?:' +
    [
      'sent from my (?:iphone|ipad|android(?: [\\w-]{1,20})?|samsung(?: [\\w-]{1,20}){0,3}|galaxy(?: [\\w-]{1,20}){0,2}|mobile(?: device| phone)?|phone|smartphone|blackberry|huawei(?: [\\w-]{1,20}){0,2}|pixel(?: [\\w-]{1,20}){0,2})',
      'sent from outlook(?: for (?:ios|android|windows|mac))?',
      'sent from mail for windows(?: 10| 11)?',
      'sent from yahoo mail(?: (?:on android|for iphone))?',
      'get outlook for (?:ios|android)',
      'von meinem (?:iphone|ipad|smartphone|handy|mobiltelefon|samsung(?: [\\w-]{1,20}){0,3}|galaxy(?: [\\w-]{1,20}){0,2}|android(?: [\\w-]{1,20}){0,2})(?: smartphone)? gesendet',
      'gesendet von (?:meinem (?:iphone|ipad|smartphone|handy)|outlook f(?:ü|ue)r (?:ios|android)|mail f(?:ü|ue)r windows)',
      'von outlook f(?:ü|ue)r (?:ios|android) gesendet',
    ].join('|') +
    ')\\.?$',
  'i',
);

/** A signature's contact line that holds only a mail address: "E-Mail: max@fabrikam.example". */
const contactLine = /^(?:e-?mail|mail)\s?:\s?\S{1,100}@\S{1,200}$/i;

/** A label a disclaimer may carry before its first sentence, at the start of a line. */
const disclaimerLabel =
  /(?:^|\n)[ \t]*(?:confidentiality notice|confidentiality|disclaimer|legal notice|vertraulichkeitshinweis|haftungsausschluss|rechtlicher hinweis)[ \t]*:/gi;

/** The first sentence of a disclaimer: its opening together with a disclaimer's own words, in one sentence. */
const disclaimerSentence = new RegExp(
  [
    'this (?:e-?mail|message|communication)(?: and any (?:attachments?|files?)[^.\\n]{0,40})? (?:is|are|may contain|contains|may be|and its contents are)[^.\\n]{0,40}(?:confidential|privileged)[^.\\n]{0,60}(?:intended|privileged|legally|and/or|addressee|recipient)',
    'the (?:information|content|contents) (?:in|of|contained in) this (?:e-?mail|message)[^.\\n]{0,40}(?:confidential|privileged|intended)',
    'if you (?:are not the (?:intended )?(?:recipient|addressee)|have received this (?:e-?mail|message|communication) (?:in error|by mistake))',
    'diese (?:e-?mail|nachricht)(?: und (?:alle|ihre|etwaige) anh(?:ä|ae)nge)? (?:enth(?:ä|ae)lt|kann)[^.\\n]{0,60}(?:vertrauliche|rechtlich gesch(?:ü|ue)tzte)',
    'der inhalt dieser (?:e-?mail|nachricht)[^.\\n]{0,30}vertraulich',
    'die in dieser (?:e-?mail|nachricht) enthaltenen informationen[^.\\n]{0,40}(?:vertraulich|bestimmt)',
    '(?:wenn|falls|sollten) sie nicht der (?:richtige|beabsichtigte|vorgesehene)n? (?:adressat|empf(?:ä|ae)nger)',
    '(?:falls|sollten|wenn) sie diese (?:e-?mail|nachricht) (?:irrt(?:ü|ue)mlich|versehentlich|f(?:ä|ae)lschlicherweise)',
  ].join('|'),
  'gi',
);

/** The same, for testing the rest of a line after a label. */
const disclaimerSentenceInLine = new RegExp(disclaimerSentence.source, 'i');

/** Words of a disclaimer: a line after the first that holds one of them is still the disclaimer. */
const disclaimerVocabulary =
  /confidential|privileged|intended|recipient|addressee|in error|delete|notify|disclos|distribut|prohibited|vertraulich|empf(?:ä|ae)nger|adressat|irrt(?:ü|ue)mlich|l(?:ö|oe)schen|benachrichtig|weitergabe|untersagt|unzul(?:ä|ae)ssig/i;

/** The text without mail client signatures, contact lines and legal disclaimers; everything else as it was. */
export function withoutMailBoilerplate(text: string): string {
  return withoutSignatureLines(withoutDisclaimers(text));
}

/** Whether a disclaimer's sentence at `index` starts the text, a line or a sentence, rather than being quoted in one. */
function startsSentence(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 2), index);
  return index === 0 || /\n[ \t]*$|[.!?] $|^[ \t]+$/.test(before) || before.endsWith('\n');
}

/** Where the disclaimer that starts at `start` ends: its line, and the following lines that speak its vocabulary. */
function disclaimerEnd(text: string, start: number): number {
  let end = text.indexOf('\n', start);
  while (end !== -1) {
    const next = text.indexOf('\n', end + 1);
    const line = text.slice(end + 1, next === -1 ? text.length : next);
    if (line.trim() === '' || !disclaimerVocabulary.test(line)) return end;
    end = next;
  }
  return text.length;
}

/** The text without each disclaimer (see the module's description). */
function withoutDisclaimers(text: string): string {
  const starts: number[] = [];
  const sentence = new RegExp(disclaimerSentence.source, 'gi');
  for (let found = sentence.exec(text); found !== null; found = sentence.exec(text))
    if (startsSentence(text, found.index)) starts.push(found.index);
  const label = new RegExp(disclaimerLabel.source, 'gi');
  for (let found = label.exec(text); found !== null; found = label.exec(text)) {
    // The label counts only when a disclaimer's sentence follows it on the same line (each line is read once).
    const lineEnd = text.indexOf('\n', label.lastIndex);
    const rest = text.slice(label.lastIndex, lineEnd === -1 ? text.length : lineEnd);
    if (disclaimerSentenceInLine.test(rest)) starts.push(found.index + (found[0].startsWith('\n') ? 1 : 0));
  }
  if (starts.length === 0) return text;
  starts.sort((a, b) => a - b);
  let kept = '';
  let from = 0;
  for (const start of starts) {
    if (start < from) continue;
    kept += text.slice(from, start);
    from = disclaimerEnd(text, start);
  }
  return kept + text.slice(from);
}

function withoutSignatureLines(text: string): string {
  if (!/sent|gesendet|outlook|mail/i.test(text)) return text;
  return text
    .split('\n')
    .filter((line) => {
      const trimmed = line.trim();
      return trimmed.length > 120 || !(clientSignature.test(trimmed) || contactLine.test(trimmed));
    })
    .join('\n');
}
