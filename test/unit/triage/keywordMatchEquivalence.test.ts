import {
  defaultTriageRules,
  conditionKeywords,
  matchesKeyword,
  prepareTriageText,
  triageText,
} from '../../../shared/domain/triage';
import { loadLabelledRequests } from '../../fixtures/triage/labelledRequests';
import { seededRandom } from '../../support/random';

/*
 * The linear matcher replaced regular expressions that backtracked. Triage accuracy must not move, so these tests
 * compare it with those expressions as an oracle, on inputs where the oracle is fast: the shipped keywords on the
 * labelled requests, and short generated keywords on short generated texts.
 */
const wordChar = '[\\p{L}\\p{N}]';
const formerVariants: Readonly<Record<string, string>> = {
  ä: '(?:ä|ae|a)',
  ö: '(?:ö|oe|o)',
  ü: '(?:ü|ue|u)',
  ß: '(?:ß|ss)',
  "'": "['’]",
  ' ': '[\\s-]+',
  '-': '[\\s-]?',
};

/** The former keyword compiler, verbatim in behaviour; never use it on keywords from tenants. */
function formerPattern(keyword: string): RegExp {
  const normalized = keyword.trim().normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
  const openStart = normalized.startsWith('*');
  const openEnd = normalized.endsWith('*');
  const core = normalized.slice(openStart ? 1 : 0, openEnd ? -1 : undefined);
  const body = Array.from(core, (char) => formerVariants[char] ?? char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join(
    '',
  );
  return new RegExp(`${openStart ? '' : `(?<!${wordChar})`}${body}${openEnd ? '' : `(?!${wordChar})`}`, 'iu');
}

describe('keyword matching compared with the former regular expressions', () => {
  it('given every shipped keyword and every labelled request, when matched, then the answers are the same', () => {
    const keywords = [...new Set(defaultTriageRules().flatMap((rule) => conditionKeywords(rule.when)))];
    const patterns = new Map(keywords.map((keyword) => [keyword, formerPattern(keyword)]));
    const disagreements: string[] = [];
    let matches = 0;
    loadLabelledRequests().forEach((example) => {
      const text = triageText(example.request.title, example.request.description);
      const prepared = prepareTriageText(text);
      keywords.forEach((keyword) => {
        const expected = patterns.get(keyword)?.test(text);
        if (expected) matches += 1;
        if (matchesKeyword(prepared, keyword) !== expected)
          disagreements.push(`${example.id}: '${keyword}' should be ${expected}`);
      });
    });
    expect(disagreements).toEqual([]);
    expect(matches).toBeGreaterThan(500);
  });

  it('given short generated keywords and texts full of umlauts, separators, apostrophes and other scripts, when matched, then the answers are the same', () => {
    const alphabet = [
      'a',
      'A',
      'e',
      'o',
      'u',
      's',
      'S',
      'ä',
      'Ä',
      'ö',
      'ü',
      'ß',
      'ẞ',
      ' ',
      '-',
      '\n',
      '\u00a0',
      "'",
      '’',
      '1',
      '.',
      '&',
      'é',
      '😀',
      '𝐀',
      'K',
      '\u212a',
    ];
    const random = seededRandom(11);
    const pick = (length: number) =>
      Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const disagreements: string[] = [];
    let keywords = 0;
    let matches = 0;
    // Few keywords, many texts each: compiling a Unicode regular expression is the slow part of this test.
    while (keywords < 400) {
      const core = pick(1 + Math.floor(random() * 6)).trim();
      if (!/[\p{L}\p{N}]/u.test(core)) continue;
      const keyword = `${random() < 0.2 ? '*' : ''}${core}${random() < 0.2 ? '*' : ''}`;
      const former = formerPattern(keyword);
      for (let texts = 0; texts < 40; texts += 1) {
        const text = triageText('', pick(Math.floor(random() * 30)));
        const expected = former.test(text);
        if (expected) matches += 1;
        if (matchesKeyword(text, keyword) !== expected) {
          disagreements.push(`${JSON.stringify(keyword)} in ${JSON.stringify(text)}`);
        }
      }
      keywords += 1;
    }
    expect(disagreements).toEqual([]);
    expect(matches).toBeGreaterThan(300);
  });
});
