// Reply and forward prefixes of the mail clients our customers use: English (Re, Fw, Fwd), German (AW, WG, Antw),
// Scandinavian (SV) and Finnish (VS); any case, with an optional counter ("Re[2]:", "Re(2):") and spaces before
// the colon ("RE :").
const REPLY_OR_FORWARD_PREFIX = /^(?:re|aw|wg|fwd|fw|antw|sv|vs)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*/i;

const CASE_NUMBER = /^CS-\d{6,}$/;
const CASE_NUMBER_TOKEN = /\[(CS-\d{6,})\]/i;

/** The subject without any leading reply/forward prefixes: "AW: RE: Fwd: Lizenz" becomes "Lizenz". */
export function subjectWithoutPrefixes(subject: string): string {
  let rest = subject.trim();
  for (let prefix = REPLY_OR_FORWARD_PREFIX.exec(rest); prefix; prefix = REPLY_OR_FORWARD_PREFIX.exec(rest)) {
    rest = rest.slice(prefix[0].length).trimStart();
  }
  return rest.trimEnd();
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
