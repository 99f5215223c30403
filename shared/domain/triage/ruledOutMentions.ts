/**
 * Mentions of a Microsoft product that rule it out: the customer names a product only to say it is not what the
 * request is about ("Outlook works fine, only the NAS is down", "Teams läuft, aber die Telefonanlage ist tot",
 * "Kein Azure-Thema", "nothing to do with Dynamics", "AVD itself is fine"). A product keyword in such a mention
 * points the wrong way, so the product stage may read the request without them (see triage.ts).
 *
 * Only four unmistakable forms are recognised, in English and German:
 * - the product, alone, in a short list or with the part of it meant ("Teams chat"), followed by a verdict that it is
 *   fine ("is fine", "works fine", "ist in Ordnung", "läuft", "bleiben davon unberührt") where the clause ends or turns
 *   ("," "." "and" "but" "aber" "nur"), unless what follows takes it back in part (notPartial); "Outlook geht nicht",
 *   "Teams works on my phone" and "Teams works fine, only on my laptop it crashes" stay;
 * - "in/bei <product> ist alles in Ordnung";
 * - a denial in front of it: "not a <product> issue", "nothing to do with <product>", "kein <product>-Thema",
 *   "nichts mit <product> zu tun";
 * - a product family denied where the clause ends: "(Lizenzen on-prem, kein Azure)", "on-prem, not Azure." (not a
 *   service: "kein Outlook, kein Teams" says that they fail; not "nicht in Dynamics", which says where something is
 *   missing).
 *
 * Linear in the text: one global expression of fixed alternations with bounded repetition, searched forward once.
 */

/** An alternation of names in which a space also matches a hyphen ("dynamics-365"). */
const namesPattern = (names: readonly string[]): string => names.map((name) => name.replace(/ /g, '[ -]')).join('|');

/**
 * Names that point to a Microsoft product in the product rules; longer forms first so a list reads them whole. Not
 * "office" alone: "the Munich office is not affected" speaks of a place.
 */
const productNames = namesPattern([
  'microsoft 365',
  'office 365',
  'm365',
  'o365',
  'microsoft',
  'outlook',
  'teams',
  'exchange online',
  'exchange',
  'sharepoint online',
  'sharepoint',
  'onedrive',
  'excel',
  'word',
  'intune',
  'entra id',
  'entra',
  'azure ad',
  'azure virtual desktop',
  'azure',
  'avd',
  'business central',
  'dynamics 365',
  'dynamics',
  'crm',
  'power bi',
  'windows 365',
  'e-?mails?',
  'mails?',
]);

const product = `(?:${productNames})`;
const productList = `${product}(?:\\s*(?:,|/|&|and|und|or|oder)\\s*${product}){0,4}`;
/**
 * What may stand between the product and its verdict: "itself", or the part of it meant ("Azure bill", "Teams chat",
 * "Microsoft-Postfächer"). A list in brackets after what it names is a subject too: "the cloud stuff (Outlook,
 * OneDrive) is fine".
 */
const subject =
  `(?:${productList}(?:[ -](?:itself|selbst|side|seite|bill|invoice|rechnung|part|teil|chat|calls?|anrufe|meetings?|web|app|apps|desktop|client|mobile|postf(?:ä|ae)cher|postfach|mailbox(?:es)?|lizenzen|licen[cs]es))?` +
  `|\\(${productList}\\))`;

/**
 * The product families a customer rules out by name alone where a clause ends ("on-prem, kein Azure", "on our own
 * server, not Azure."): not a service such as Outlook or Teams, whose "no Outlook, no Teams" reports that it fails.
 */
const cloud = `(?:${namesPattern([
  'microsoft 365',
  'office 365',
  'm365',
  'o365',
  'azure',
  'dynamics 365',
  'dynamics',
  'business central',
])})`;

/** Where a clause ends. */
const clauseEnd = `(?=\\s*(?:[,;.:)!\\n]|$))`;

/** A word that is a word on its own, not the start of a longer one. */
const word = (alternatives: string): string => `(?:${alternatives})(?![\\p{L}\\p{N}])`;

/** Where a verdict's clause ends or turns ("and" too: "Outlook ist in Ordnung und die Telefonanlage …"). */
const clauseTurn = `(?=\\s*(?:[,;.:)!\\n]|$|-|${word('but|aber|and|und|only|nur|just|lediglich')}))`;

/**
 * A verdict that the clause after it takes back in part is no ruling out: the product is what the request is about
 * when the turn negates ("Teams works, but not on the laptop"), names where or for whom it does not hold ("Teams works
 * fine, only on my laptop it crashes", "Outlook geht, nur bei Frau Meier nicht") or points back to the product ("only
 * Anna's laptop can't open it"; "it's only the file server" is no pointer). A verdict that itself names where or for
 * whom it holds ("works fine on my desktop", "läuft bei allen anderen") is no clause end, so it is partial too.
 */
const notPartial =
  `(?![\\s,;:)!-]*(?:${word('but|aber|and|und|only|nur|just|lediglich|yet|doch')}\\s+)?` +
  `${word('not|nicht|never|nie|no|kein(?:e|en)?|on|in|at|for|with|from|auf|bei|im|am|für|mit|von|unter')})` +
  `(?![^.!?\\n]{0,120}?(?<![\\p{L}\\p{N}'’])${word("it(?!['’]s| is| was)|es|ihn|him|her")})`;

const verdictFine =
  '(?:(?:is|are|seems?|seem to be|looks?)(?: still)? (?:fine|ok|okay|alright|all right|good|working(?: fine| normally)?|not (?:the|an?) (?:problem|issue|cause)|not affected|unaffected)' +
  '|(?:ist|sind|scheint|scheinen)(?: noch)?(?: davon| hiervon)? (?:in ordnung|ok|okay|gut|nicht (?:das problem|betroffen|die ursache|schuld)|unauff(?:ä|ae)llig)' +
  '|(?:sollen |soll |should |will )?(?:davon |hiervon )?(?:unber(?:ü|ue)hrt bleiben|bleiben unber(?:ü|ue)hrt|bleibt unber(?:ü|ue)hrt|remain unaffected|stay(?:s)? as (?:it is|they are)))';
const verdictWorks =
  '(?:works?|is working|are working|runs?|läuft|laufen|funktioniert|funktionieren|geht|gehen)(?: (?:fine|normally|perfectly|as usual|as normal|einwandfrei|normal|problemlos|ganz normal|wie gewohnt|ohne probleme))?';

const ruledOutMention = new RegExp(
  [
    `${subject}\\s+(?:${verdictFine}|${verdictWorks})${clauseTurn}${notPartial}`,
    `(?:in|bei) (?:der |dem )?${product} (?:ist|läuft|geht) (?:alles |soweit )?(?:in ordnung|ok|okay|gut|normal)`,
    `(?:(?:not|isn't|is not) (?:an? |the )?${product}[ -](?:thing|issue|problem|question|topic|matter)|(?:nothing to do with|unrelated to) (?:the )?${product})`,
    `(?:kein(?:e|en)? ${product}[ -]?(?:thema|problem|fall)|nichts mit (?:dem |der )?${product} zu tun)`,
    `(?:kein(?:e|en)?|not|no) ${cloud}${clauseEnd}`,
  ]
    // Each form starts and ends on a word boundary.
    .map((form) => `(?<![\\p{L}\\p{N}])${word(form)}`)
    .join('|'),
  'giu',
);

/** A request's text without the mentions that rule a product out, and those mentions as written. */
export interface WithoutRuledOutMentions {
  text: string;
  /** The mentions removed, as the customer wrote them; empty when there were none (and `text` is the input). */
  removed: string[];
}

/**
 * The text without mentions that rule a product out (see above), each replaced by a space so words around it stay
 * apart. Time: linear in the text length.
 */
export function withoutRuledOutMentions(text: string): WithoutRuledOutMentions {
  const removed: string[] = [];
  const kept = text.replace(ruledOutMention, (mention) => {
    removed.push(mention);
    return ' ';
  });
  return { text: removed.length === 0 ? text : kept, removed };
}
