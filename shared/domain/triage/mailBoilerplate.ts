/**
 * What a mail client or a company's mail server adds to every message, which says nothing about the request: a mobile
 * signature ("Sent from Outlook for Android", "Von meinem iPhone gesendet") and a legal disclaimer ("This email and
 * any attachments are confidential…", "Diese E-Mail enthält vertrauliche…"). Triage reads a request without them, so
 * "Outlook" in a signature does not make a Databricks cost alert a Microsoft 365 case, nor "email" in a disclaimer an
 * invoice question.
 *
 * Linear in the text: each line is tested once against anchored patterns without nested repetition, and the search for
 * disclaimers and their paragraphs' ends only moves forward.
 */

/** A line that is only a mail client's signature: short, and nothing but "Sent from …" in one of its forms. */
const clientSignature =
  /^(?:sent from (?:my|outlook|mail|yahoo|gmail)\b|sent with \w|get outlook for (?:ios|android)\b|von meinem [\w-]+ gesendet|gesendet (?:von|mit) (?:meinem|outlook|mail)\b|outlook f(?:ü|ue)r (?:ios|android) (?:herunterladen|beziehen))/i;
const maxSignatureLength = 80;

/**
 * The opening of a legal disclaimer, wherever it starts in a line; the disclaimer runs to the end of its paragraph.
 * English and German, as the desk's customers write (German: "Diese E-Mail enthält vertrauliche…", "Der Inhalt
 * dieser E-Mail ist vertraulich…", "Wenn Sie nicht der richtige Adressat sind…").
 */
const disclaimerOpening =
  /(?:this (?:e-?mail|message|communication)(?: and any (?:attachments?|files?)(?: transmitted with it)?)? (?:is|are|may contain|contains|and its contents are) (?:strictly )?(?:confidential|privileged|intended)|the (?:information|content|contents) (?:in|of|contained in) this (?:e-?mail|message) (?:is|are|may be) (?:confidential|privileged|intended)|if you (?:are not|have received this (?:e-?mail|message)) (?:the intended recipient|in error)|diese (?:e-?mail|nachricht) (?:enth(?:ä|ae)lt|ist|kann) (?:vertrauliche|vertraulich)|der inhalt dieser (?:e-?mail|nachricht) ist vertraulich|wenn sie nicht der (?:richtige|beabsichtigte) (?:adressat|empf(?:ä|ae)nger))/i;

/** The text without mail client signatures and legal disclaimers; everything else as it was, line breaks included. */
export function withoutMailBoilerplate(text: string): string {
  return withoutClientSignatures(withoutDisclaimers(text));
}

/** The text without each disclaimer, from its opening to the end of its paragraph (a blank line, or the text's end). */
function withoutDisclaimers(text: string): string {
  const opening = new RegExp(disclaimerOpening.source, 'gi');
  const blankLine = /\n[ \t]*\n/g;
  let kept = '';
  let from = 0;
  for (let found = opening.exec(text); found !== null; found = opening.exec(text)) {
    kept += text.slice(from, found.index);
    blankLine.lastIndex = opening.lastIndex;
    const paragraphEnd = blankLine.exec(text);
    if (paragraphEnd === null) return kept;
    from = paragraphEnd.index;
    opening.lastIndex = paragraphEnd.index;
  }
  return kept + text.slice(from);
}

function withoutClientSignatures(text: string): string {
  if (!/sent|gesendet|outlook/i.test(text)) return text;
  return text
    .split('\n')
    .filter((line) => {
      const trimmed = line.trim();
      return trimmed.length > maxSignatureLength || !clientSignature.test(trimmed);
    })
    .join('\n');
}
