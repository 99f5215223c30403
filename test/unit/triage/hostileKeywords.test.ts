import {
  matchesKeyword,
  triage,
  triageRulesSchema,
  triageText,
  type TriageRuleInput,
} from '../../../shared/domain/triage';

/*
 * Issue 11, "Rules cannot stall the desk": a tenant admin's keyword like `x - - - - - - y` turned into a regular
 * expression with adjacent overlapping repeats ([\s-]+[\s-]?[\s-]+...), which V8's backtracking engine needed
 * exponential time for on a text with a long run of spaces and hyphens after an 'x': 6.6 s per case, every tenant
 * on the worker blocked. These tests assert behaviour only (what matches, what triage decides); they do not time.
 *
 * On purpose this file uses only the API the regular-expression implementation had (matchesKeyword, triageText,
 * triage, triageRulesSchema), so it can be run against that code to show it fails there.
 */

const hostileKeyword = 'x - - - - - - y';

/** A long ordinary text (about 40,000 characters) ending in an 'x' followed by a run of separators but no 'y'. */
const prose = 'Unser Outlook synchronisiert seit gestern nicht mehr, bitte um Rückruf. The mailbox is full again. ';
const hostileText = `${prose.repeat(400)}x${' -'.repeat(24)} z`;

const hostileRule: TriageRuleInput = {
  id: 'tenant-x-y',
  description: 'A tenant admin rule with a keyword that made the old matcher backtrack',
  when: { keywords: { any: [hostileKeyword] } },
  set: { product: 'azure', severity: 'A' },
};
const mailboxRule: TriageRuleInput = {
  id: 'mailbox',
  description: 'Mentions a mailbox',
  when: { keywords: { any: ['mailbox*', 'Postfach'] } },
  set: { product: 'microsoft365', severity: 'B' },
};

/** Resolves after the event loop has gone round `count` times; the second turn always passes its timers phase. */
async function turnsOfTheEventLoop(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe('hostile triage keywords', () => {
  // Jest cannot interrupt synchronous code: the former matcher blocks here for as long as it backtracks (about 30 s on
  // a busy 2-core machine). The 3 s timeout on this test only turns that into a failure: after the blocking call the
  // test waits two turns of the event loop, so Jest's expired timer runs before the test can finish. The linear
  // matcher needs a few milliseconds here.
  it('given the keyword `x - - - - - - y` and a long text with a run of separators after an x, when triaged, then triage completes with the outcome plain matching gives', async () => {
    const decision = triage(
      { title: 'Outlook sync', description: hostileText },
      triageRulesSchema.parse([hostileRule, mailboxRule]),
    );
    await turnsOfTheEventLoop(2);

    // The keyword needs a 'y' after the separators; the text has a 'z', so only the mailbox rule matches.
    expect(decision.matchedRuleIds).toEqual(['mailbox']);
    expect(decision).toMatchObject({ product: 'microsoft365', severity: 'B' });
    expect(matchesKeyword(triageText('', hostileText), hostileKeyword)).toBe(false);
  }, 3_000);

  it('given the same keyword and a text where x and y are separated by seven or more spaces and hyphens, when matched, then it matches as a phrase', () => {
    // A space in a keyword is one or more spaces or hyphens and a hyphen is optional: seven separators at least.
    expect(matchesKeyword(`${prose}x${' -'.repeat(24)} y`, hostileKeyword)).toBe(true);
    expect(matchesKeyword('x - - - y', hostileKeyword)).toBe(true);
    expect(matchesKeyword('x-------y', hostileKeyword)).toBe(true);
    expect(matchesKeyword('x - - y', hostileKeyword)).toBe(false);
    expect(matchesKeyword('x------y', hostileKeyword)).toBe(false);
    expect(matchesKeyword('x - - - - - - yes', hostileKeyword)).toBe(false);
  });

  it('given keywords that give a matcher many ways to try (umlaut spellings, runs of separators, near misses) and long texts, when matched, then each answers like plain matching', () => {
    const long = (unit: string) => unit.repeat(Math.ceil(10_000 / unit.length));
    expect(matchesKeyword(`${long('ä')} b`, `*${'ä'.repeat(40)}b`)).toBe(false);
    expect(matchesKeyword(`${long('ae')}b`, `*${'ä'.repeat(40)}b`)).toBe(true);
    expect(matchesKeyword(`${long('a')} b`, `*${'a'.repeat(79)}b`)).toBe(false);
    expect(matchesKeyword(`${long('a')}b`, `*${'a'.repeat(79)}b`)).toBe(true);
    expect(matchesKeyword(`${long('ss ')}y x`, `${'ß '.repeat(26)}x`)).toBe(false);
    expect(matchesKeyword(`${long('ss ')}x`, `${'ß '.repeat(26)}x`)).toBe(true);
    // No literal part at all: every position of the text is a possible start.
    expect(matchesKeyword(long('ä '), `${'ä '.repeat(39)}ö`)).toBe(false);
    expect(matchesKeyword(`${long('ä ')}oe`, `${'ä '.repeat(39)}ö`)).toBe(true);
    // Runs of separators in both keyword and text: exponential for the former matcher, linear now.
    expect(matchesKeyword(`${long(' -')}y x`, `*${'- '.repeat(38)}x`)).toBe(false);
    expect(matchesKeyword(`${long(' -')}x`, `*${'- '.repeat(38)}x`)).toBe(true);
  });
});
