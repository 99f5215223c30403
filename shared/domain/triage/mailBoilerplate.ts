/**
 * What a mail client or a company's mail server adds to every message, which says nothing about the request: a mobile
 * signature ("Sent from Outlook for Android", "Von meinem iPhone gesendet") and a legal disclaimer ("This email and
 * any attachments are confidential and intended solely for the addressee…"). Triage reads a request without them, so
 * "Outlook" in a signature does not make a Databricks cost alert a Microsoft 365 case, nor "email" in a disclaimer an
 * invoice question.
 *
 * Only what is unmistakably boilerplate goes. A signature is a line of its own. A disclaimer starts a line or a
 * sentence with a disclaimer's opening ("This email…", "Diese E-Mail…", "If you are not the intended recipient…")
 * and, before its paragraph ends, names what every disclaimer names and a request does not: the intended recipient or
 * addressee, or a message received in error. "This email is intended to inform you that our database is down" and a
 * quoted "This email contains confidential information" policy tip are the customer's words and stay.
 *
 * Linear in the text: every pattern is anchored or searched forward from where the last one ended, without nested
 * repetition. Line ends may be \n or \r\n (a portal's form posts either).
 */

/** A line that is only a mail client's signature: short, and nothing but "Sent from …" in one of its forms. */
const clientSignature =
  /^(?:sent from (?:my|outlook|mail|yahoo|gmail)\b|sent with \w|get outlook for (?:ios|android)\b|von meinem [\w-]+ gesendet|gesendet (?:von|mit) (?:meinem|outlook|mail)\b|outlook f(?:ü|ue)r (?:ios|android) (?:herunterladen|beziehen))/i;
const maxSignatureLength = 80;

/** How a disclaimer opens: at the start of a line or of a sentence (see disclaimerStart). */
const disclaimerOpening =
  /(?:this (?:e-?mail|message|communication)|the (?:information|content|contents) (?:in|of|contained in) this (?:e-?mail|message)|if you (?:are not|have received)|diese (?:e-?mail|nachricht)|der inhalt dieser (?:e-?mail|nachricht)|wenn sie nicht der|sollten sie diese|falls sie diese)\b/gi;

/** What every disclaimer names and a request does not. */
const disclaimerMarker =
  /intended (?:solely |only |exclusively )?for the (?:use of the )?(?:addressee|recipient|named|individual|person)|intended recipient|(?:received|receive) this (?:e-?mail|message|communication) (?:in error|by mistake)|(?:richtige|beabsichtigte|vorgesehene)n? (?:adressat|empf(?:ä|ae)nger)|irrt(?:ü|ue)mlich erhalten|versehentlich erhalten/i;

/** A paragraph ends at a blank line. */
const blankLine = /\r?\n[ \t]*\r?\n/g;

/** The text without mail client signatures and legal disclaimers; everything else as it was, line breaks included. */
export function withoutMailBoilerplate(text: string): string {
  return withoutClientSignatures(withoutDisclaimers(text));
}

/** Whether a disclaimer's opening at `index` starts a line or a sentence, rather than being quoted inside one. */
function disclaimerStart(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 2), index);
  return index === 0 || /\n[ \t]*$|[\n.!?] $|\n$/.test(before) || /^[ \t]+$/.test(before);
}

/** The text without each disclaimer: from its opening to the end of its paragraph (a blank line, or the text's end). */
function withoutDisclaimers(text: string): string {
  const opening = new RegExp(disclaimerOpening.source, 'gi');
  let kept = '';
  let from = 0;
  for (let found = opening.exec(text); found !== null; found = opening.exec(text)) {
    if (!disclaimerStart(text, found.index)) continue;
    blankLine.lastIndex = found.index;
    const paragraphEnd = blankLine.exec(text);
    const end = paragraphEnd === null ? text.length : paragraphEnd.index;
    // No marker from here to the paragraph's end: none from any later opening in it either, so it is read once.
    opening.lastIndex = end;
    if (!disclaimerMarker.test(text.slice(found.index, end))) continue;
    kept += text.slice(from, found.index);
    from = end;
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
