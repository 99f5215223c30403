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
 *
 * How, and why not with regular expressions: keywords are written by tenant admins, and a keyword such as
 * `x - - - - - - y` used to become a regular expression with adjacent overlapping repeats that V8's backtracking
 * engine needed exponential time for (6.6 s for one case, blocking every tenant on the same worker). Instead, a
 * keyword compiles to a small nondeterministic automaton that is run over the text Thompson-style: all partial matches
 * advance together, one text character at a time, and each automaton state is visited at most once per character.
 * The work is therefore at most (text length) × (automaton size), and the automaton has at most six instructions per
 * keyword character (an umlaut: three spellings; keywords are at most 80 characters, see rules.ts) — linear in the
 * text, whatever the keyword.
 * Keywords are mostly literal, so the scan only steps where a match could be: a text without the keyword's longest
 * literal part is settled by one substring search, and between partial matches the scan jumps ahead to the next
 * occurrence of a literal part with `indexOf` (itself linear), so typical keywords cost little more than that.
 */

import { withoutMailBoilerplate } from './mailBoilerplate';

/** Per text character flags: part of a word (a letter or digit), or a separator (whitespace or a hyphen). */
const wordFlag = 1;
const separatorFlag = 2;

const wordCharPattern = /[\p{L}\p{N}]/u;
const separatorPattern = /[\s-]/u;

/** The text triage reads, folded and classified once per case so each keyword only scans it. */
export interface PreparedTriageText {
  /** The text in lower case, character by character, with exactly the UTF-16 length of the original. */
  readonly folded: string;
  /** wordFlag / separatorFlag per UTF-16 code unit; both halves of a surrogate pair carry their code point's flags. */
  readonly flags: Uint8Array;
}

interface FoldedChar {
  folded: string;
  flags: number;
}

// Characters outside ASCII are classified with Unicode property tests; the answers are cached because the same few
// umlauts and punctuation marks recur in every text. Bounded: there are only so many code points in use.
const foldedChars = new Map<number, FoldedChar>();
const maxFoldedChars = 10_000;

function foldChar(codePoint: number): FoldedChar {
  const cached = foldedChars.get(codePoint);
  if (cached !== undefined) return cached;
  const char = String.fromCodePoint(codePoint);
  const lower = char.toLowerCase();
  // A lower case form of another length ('İ' becomes 'i' + combining dot) would shift every later position; such a
  // character is kept as it is and then only matches itself, which is what the former /iu expressions did as well.
  const folded = lower.length === char.length ? lower : char;
  const flags = (wordCharPattern.test(char) ? wordFlag : 0) | (separatorPattern.test(char) ? separatorFlag : 0);
  const result = { folded, flags };
  if (foldedChars.size >= maxFoldedChars) foldedChars.clear();
  foldedChars.set(codePoint, result);
  return result;
}

/**
 * The text triage reads: title and description without mail boilerplate (see mailBoilerplate.ts), in one Unicode form
 * so composed and decomposed umlauts match alike.
 */
export function triageText(title: string, description: string): string {
  return `${title}\n${withoutMailBoilerplate(description)}`.normalize('NFC');
}

/**
 * Folds and classifies a text once so that many keywords can be matched against it.
 * Time and memory are linear in the text length (one pass, one byte of flags per UTF-16 code unit).
 */
export function prepareTriageText(text: string): PreparedTriageText {
  const flags = new Uint8Array(text.length);
  const parts: string[] = [];
  let asciiRunStart = 0;
  let index = 0;
  while (index < text.length) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) {
      const isLetterOrDigit =
        (unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x61 && unit <= 0x7a);
      const isSeparator = unit === 0x2d || unit === 0x20 || (unit >= 0x09 && unit <= 0x0d);
      flags[index] = (isLetterOrDigit ? wordFlag : 0) | (isSeparator ? separatorFlag : 0);
      index += 1;
      continue;
    }
    // ASCII runs are lower-cased in one call; a non-ASCII character ends the run and is folded on its own.
    parts.push(text.slice(asciiRunStart, index).toLowerCase());
    const codePoint = text.codePointAt(index) ?? unit;
    const width = codePoint > 0xffff ? 2 : 1;
    const folded = foldChar(codePoint);
    parts.push(folded.folded);
    flags[index] = folded.flags;
    if (width === 2) flags[index + 1] = folded.flags;
    index += width;
    asciiRunStart = index;
  }
  parts.push(text.slice(asciiRunStart).toLowerCase());
  return { folded: parts.join(''), flags };
}

// ---- compiling a keyword ----

/** One step of a keyword: one of a few literal spellings, or a run of separators. */
type KeywordElement = { kind: 'spellings'; options: string[] } | { kind: 'separators'; atLeastOne: boolean };

const letterVariants: Readonly<Record<string, string[]>> = {
  ä: ['ä', 'ae', 'a'],
  ö: ['ö', 'oe', 'o'],
  ü: ['ü', 'ue', 'u'],
  ß: ['ß', 'ss'],
  "'": ["'", '’'],
};

/** Automaton instructions: consume one code unit, consume one separator, fork, or accept. */
const enum Op {
  Unit,
  Separator,
  Split,
  Match,
}

/** A keyword's automaton: instruction i is ops[i], with units[i], next[i] and branch[i]. */
interface CompiledKeyword {
  ops: Uint8Array;
  /** The code unit an Op.Unit consumes. */
  units: Uint16Array;
  /** The next instruction, and for Op.Split the second branch. */
  next: Int32Array;
  branch: Int32Array;
  /** The first instruction. */
  start: number;
  /** Without a leading `*` a match must start at a word boundary, without a trailing `*` it must end at one. */
  boundedStart: boolean;
  boundedEnd: boolean;
  /** A folded literal every match contains, at `minOffset` to `maxOffset` code units from its start; see runKeyword. */
  anchor: { literal: string; minOffset: number; maxOffset: number } | undefined;
  /** Folded literals every match contains, longest first: a text without one of them cannot match. */
  requiredLiterals: string[];
}

interface LiteralRun {
  literal: string;
  minOffset: number;
  maxOffset: number;
}

/**
 * The keyword's literal runs (consecutive elements with a single spelling) and how far from the start of a match each
 * begins: a variant adds its shortest to its longest spelling, an optional separator 0 to 1, a run of separators 1 to
 * any number (so later runs have no upper bound).
 */
function literalRuns(elements: KeywordElement[]): LiteralRun[] {
  const runs: LiteralRun[] = [];
  let current: LiteralRun | undefined;
  let minOffset = 0;
  let maxOffset = 0;
  elements.forEach((element) => {
    const literal = element.kind === 'spellings' && element.options.length === 1 ? element.options[0] : undefined;
    if (literal !== undefined) {
      if (current === undefined) {
        current = { literal: '', minOffset, maxOffset };
        runs.push(current);
      }
      current.literal += literal;
      minOffset += literal.length;
      maxOffset += literal.length;
      return;
    }
    current = undefined;
    if (element.kind === 'separators') {
      minOffset += element.atLeastOne ? 1 : 0;
      maxOffset = element.atLeastOne ? Number.POSITIVE_INFINITY : maxOffset + 1;
    } else {
      minOffset += Math.min(...element.options.map((option) => option.length));
      maxOffset += Math.max(...element.options.map((option) => option.length));
    }
  });
  return runs;
}

function keywordElements(core: string): KeywordElement[] {
  return Array.from(core, (char): KeywordElement => {
    if (char === ' ') return { kind: 'separators', atLeastOne: true };
    if (char === '-') return { kind: 'separators', atLeastOne: false };
    return { kind: 'spellings', options: letterVariants[char] ?? [foldChar(char.codePointAt(0) ?? 0).folded] };
  });
}

function compileKeyword(keyword: string): CompiledKeyword {
  const normalized = keyword.trim().normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
  const boundedStart = !normalized.startsWith('*');
  const boundedEnd = !normalized.endsWith('*');
  const core = normalized.slice(boundedStart ? 0 : 1, boundedEnd ? undefined : -1);
  const elements = keywordElements(core);

  const program = { ops: [] as Op[], units: [] as number[], next: [] as number[], branch: [] as number[] };
  const emit = (op: Op, next: number, branch = -1, unit = 0): number => {
    program.ops.push(op);
    program.units.push(unit);
    program.next.push(next);
    program.branch.push(branch);
    return program.ops.length - 1;
  };
  // Built back to front, so every instruction's successor already exists when it is emitted.
  let entry = emit(Op.Match, -1);
  for (let index = elements.length - 1; index >= 0; index -= 1) {
    const element = elements[index] as KeywordElement;
    const exit = entry;
    if (element.kind === 'separators' && element.atLeastOne) {
      // one separator, then a fork: another separator, or on
      const consume = emit(Op.Separator, -1);
      program.next[consume] = emit(Op.Split, consume, exit);
      entry = consume;
    } else if (element.kind === 'separators') {
      // a fork: one separator then on, or straight on
      entry = emit(Op.Split, emit(Op.Separator, exit), exit);
    } else {
      // a fork per further spelling; each spelling is a chain of code units ending at the exit
      const spellingEntries = element.options.map((option) => {
        let unitEntry = exit;
        for (let position = option.length - 1; position >= 0; position -= 1) {
          unitEntry = emit(Op.Unit, unitEntry, -1, option.charCodeAt(position));
        }
        return unitEntry;
      });
      entry = spellingEntries.reduceRight((rest, spelling) => emit(Op.Split, spelling, rest));
    }
  }

  const runs = literalRuns(elements);
  const longest = (candidates: LiteralRun[]): LiteralRun | undefined =>
    candidates.reduce<LiteralRun | undefined>(
      (best, run) => (best === undefined || run.literal.length > best.literal.length ? run : best),
      undefined,
    );
  const anchor = longest(runs.filter((run) => Number.isFinite(run.maxOffset)));
  const requiredLiterals = [...new Set(runs.map((run) => run.literal))].sort((a, b) => b.length - a.length);
  return {
    ops: Uint8Array.from(program.ops),
    units: Uint16Array.from(program.units),
    next: Int32Array.from(program.next),
    branch: Int32Array.from(program.branch),
    start: entry,
    boundedStart,
    boundedEnd,
    anchor,
    requiredLiterals,
  };
}

// Rules are re-evaluated for every case; compiling each distinct keyword once keeps triage cheap.
// Tenants can replace their rules at any time, so the cache starts over rather than grow without bound.
const compiledKeywords = new Map<string, CompiledKeyword>();
const maxCompiledKeywords = 20_000;

function compiledKeyword(keyword: string): CompiledKeyword {
  let compiled = compiledKeywords.get(keyword);
  if (compiled === undefined) {
    compiled = compileKeyword(keyword);
    if (compiledKeywords.size >= maxCompiledKeywords) compiledKeywords.clear();
    compiledKeywords.set(keyword, compiled);
  }
  return compiled;
}

/** How many text positions a search advances between two looks at the caller's clock (a few milliseconds at most). */
const positionsBetweenClockChecks = 1024;

const neverOutOfTime = (): boolean => false;

/** The outcome of searching a text for one keyword; 'stopped' when the caller's time ran out first. */
export type KeywordSearch = 'found' | 'absent' | 'stopped';

/**
 * Working arrays of runKeyword, one instruction each, reused across searches (a case searches a thousand keywords or
 * more, and a search never runs inside another). The stack never holds more than the automaton's forks plus one.
 */
const scratch = {
  mark: new Int32Array(64),
  stack: new Int32Array(64),
  current: new Int32Array(64),
  following: new Int32Array(64),
};

function scratchFor(size: number): typeof scratch {
  if (scratch.mark.length < size) {
    scratch.mark = new Int32Array(size);
    scratch.stack = new Int32Array(size);
    scratch.current = new Int32Array(size);
    scratch.following = new Int32Array(size);
  }
  scratch.mark.fill(-1, 0, size);
  return scratch;
}

/**
 * Runs the automaton over the text, Thompson-style. `current` holds the consuming instructions active at `position`,
 * `following` those active at `position + 1`; `mark` holds, per instruction, the position it was last added at, so
 * each instruction is added at most once per position. That is what bounds the work to (text length) × (automaton size).
 */
function runKeyword(keyword: CompiledKeyword, text: PreparedTriageText, outOfTime: () => boolean): KeywordSearch {
  const { ops, units, next, branch, boundedStart, boundedEnd, anchor, requiredLiterals, start } = keyword;
  const { folded, flags } = text;
  // Most keywords do not occur in most texts; a substring search or two settles that before any stepping.
  if (requiredLiterals.some((literal) => !folded.includes(literal))) return 'absent';
  const length = folded.length;
  const size = ops.length;
  const { mark, stack } = scratchFor(size);
  let { current, following } = scratch;
  let currentSize = 0;
  let followingSize = 0;

  /** Adds an instruction and all it reaches without consuming text to `following`; true when a match is complete. */
  const add = (pc: number, position: number): boolean => {
    let depth = 0;
    stack[depth++] = pc;
    while (depth > 0) {
      const at = stack[--depth] as number;
      if (mark[at] === position) continue;
      mark[at] = position;
      const op = ops[at];
      if (op === Op.Split) {
        stack[depth++] = branch[at] as number;
        stack[depth++] = next[at] as number;
      } else if (op === Op.Match) {
        if (!boundedEnd || position >= length || ((flags[position] as number) & wordFlag) === 0) return true;
      } else {
        following[followingSize++] = at;
      }
    }
    return false;
  };

  let position = 0;
  let anchorAt = -1;
  let untilClockCheck = positionsBetweenClockChecks;
  for (;;) {
    if (currentSize === 0 && anchor !== undefined) {
      // Nothing in progress. A match starting at s >= position has the anchor at s + d, minOffset <= d <= maxOffset,
      // so at or after the anchor's first occurrence from position + minOffset: no match starts before that
      // occurrence - maxOffset. The occurrence is searched for again only once position has passed it, so the
      // searches move forward through the text and stay linear together.
      if (anchorAt < position + anchor.minOffset) {
        anchorAt = folded.indexOf(anchor.literal, position + anchor.minOffset);
        if (anchorAt < 0) return 'absent';
      }
      position = Math.max(position, anchorAt - anchor.maxOffset);
    }
    // A match may start here: the start's closure joins the instructions already active at this position.
    if (!boundedStart || position === 0 || ((flags[position - 1] as number) & wordFlag) === 0) {
      const swap = following;
      following = current;
      followingSize = currentSize;
      const matched = add(start, position);
      current = following;
      currentSize = followingSize;
      following = swap;
      if (matched) return 'found';
    }
    if (position === length) return 'absent';
    const unit = folded.charCodeAt(position);
    const isSeparator = ((flags[position] as number) & separatorFlag) !== 0;
    followingSize = 0;
    for (let index = 0; index < currentSize; index += 1) {
      const pc = current[index] as number;
      const consumes = ops[pc] === Op.Unit ? units[pc] === unit : isSeparator;
      if (consumes && add(next[pc] as number, position + 1)) return 'found';
    }
    const done = current;
    current = following;
    currentSize = followingSize;
    following = done;
    position += 1;
    untilClockCheck -= 1;
    if (untilClockCheck === 0) {
      if (outOfTime()) return 'stopped';
      untilClockCheck = positionsBetweenClockChecks;
    }
  }
}

/**
 * Searches a prepared text for a keyword (see the module comment for the matching rules).
 * Takes time linear in the text: at most (text length in UTF-16 code units) × (6 × keyword length + 1) automaton
 * steps. `outOfTime` is asked every 1,024 text positions; when it answers true the search gives up with 'stopped'.
 */
export function searchKeyword(
  text: PreparedTriageText,
  keyword: string,
  outOfTime: () => boolean = neverOutOfTime,
): KeywordSearch {
  return runKeyword(compiledKeyword(keyword), text, outOfTime);
}

/**
 * Does the keyword occur in the text (as `triageText` returns it)? Linear in the text length whatever the keyword,
 * see `searchKeyword`. A string text is prepared on every call; triage prepares its text once for all keywords.
 */
export function matchesKeyword(text: string | PreparedTriageText, keyword: string): boolean {
  const prepared = typeof text === 'string' ? prepareTriageText(text) : text;
  return searchKeyword(prepared, keyword) === 'found';
}
