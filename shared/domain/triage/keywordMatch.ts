/**
 * Keyword matching for triage rules.
 *
 * A keyword matches a whole word or phrase, case-insensitively:
 * - word boundaries are Unicode-aware, so 'Lizenz' does not match inside 'Lizenzen' and 'prüfen' is one word;
 * - a leading or trailing `*` lifts that boundary, for German compounds and inflections
 *   ('*ausfall' matches 'Serverausfall', 'lizenz*' matches 'Lizenzen');
 * - an umlaut in a keyword also matches its transliteration and the bare vowel, because customers type
 *   'zurücksetzen', 'zuruecksetzen' and 'zurucksetzen' ('ß' likewise matches 'ss');
 * - a space matches any run of spaces or hyphens, and a hyphen is optional ('sign-in' matches 'sign in' and 'signin').
 */

const wordChar = '[\\p{L}\\p{N}]';
const startBoundary = `(?<!${wordChar})`;
const endBoundary = `(?!${wordChar})`;

const letterVariants: Readonly<Record<string, string>> = {
  ä: '(?:ä|ae|a)',
  ö: '(?:ö|oe|o)',
  ü: '(?:ü|ue|u)',
  ß: '(?:ß|ss)',
  "'": "['’]",
  ' ': '[\\s-]+',
  '-': '[\\s-]?',
};

function escapeForPattern(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function compileKeyword(keyword: string): RegExp {
  const normalized = keyword.trim().normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
  const openStart = normalized.startsWith('*');
  const openEnd = normalized.endsWith('*');
  const core = normalized.slice(openStart ? 1 : 0, openEnd ? -1 : undefined);
  const body = Array.from(core, (char) => letterVariants[char] ?? escapeForPattern(char)).join('');
  return new RegExp(`${openStart ? '' : startBoundary}${body}${openEnd ? '' : endBoundary}`, 'iu');
}

// Rules are re-evaluated for every case; compiling each distinct keyword once keeps triage cheap.
// Tenants can replace their rules at any time, so the cache starts over rather than grow without bound.
const compiled = new Map<string, RegExp>();
const maxCompiled = 20_000;

/** The text triage reads: title and description, in one Unicode form so composed and decomposed umlauts match alike. */
export function triageText(title: string, description: string): string {
  return `${title}\n${description}`.normalize('NFC');
}

export function matchesKeyword(text: string, keyword: string): boolean {
  let pattern = compiled.get(keyword);
  if (pattern === undefined) {
    pattern = compileKeyword(keyword);
    if (compiled.size >= maxCompiled) compiled.clear();
    compiled.set(keyword, pattern);
  }
  return pattern.test(text);
}
