import { decodeEncodedWords } from '../../../shared/domain/email';

describe('decodeEncodedWords', () => {
  it.each([
    ['B-encoded UTF-8', '=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=', 'Grüße aus Köln'],
    ['Q-encoded ISO-8859-1', '=?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=', 'Grüße aus Köln'],
    ['lower-case q and charset', '=?utf-8?q?Gr=C3=BC=C3=9Fe?=', 'Grüße'],
    ['lower-case b', '=?utf-8?b?w6TDtsO8?=', 'äöü'],
    ['windows-1252 (euro sign and curly quotes)', '=?windows-1252?Q?=80_100_=93netto=94?=', '€ 100 “netto”'],
    ['iso-8859-15 (euro sign)', '=?iso-8859-15?Q?Preis_in_=A4?=', 'Preis in €'],
    ['a charset with an RFC 2231 language', '=?UTF-8*de?Q?Gr=C3=BC=C3=9Fe?=', 'Grüße'],
    ['unpadded base64', '=?UTF-8?B?w6Q?=', 'ä'],
  ])('given %s, when decoded, then the text is read', (_description, encoded, expected) => {
    expect(decodeEncodedWords(encoded)).toBe(expected);
  });

  it('given several adjacent words, when decoded, then the whitespace between them goes (RFC 2047 §6.2)', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?UTF-8?Q?_aus_K=C3=B6ln?=')).toBe('Grüße aus Köln');
  });

  it('given a character split across two B words, when decoded, then it is put back together', () => {
    expect(decodeEncodedWords('=?UTF-8?B?8J+Y?= =?UTF-8?B?gA==?= VM down')).toBe('😀 VM down');
  });

  it('given encoded words mixed with plain text and other charsets, when decoded, then each part is read', () => {
    expect(decodeEncodedWords('AW: =?ISO-8859-1?Q?Lizenz_f=FCr?= [CS-000123] =?UTF-8?B?S8O2bG4=?= Office')).toBe(
      'AW: Lizenz für [CS-000123] Köln Office',
    );
  });

  it('given a subject without encoded words, when decoded, then it is returned as it is', () => {
    const subject = 'Question about =? and ?= in a formula';
    expect(decodeEncodedWords(subject)).toBe(subject);
    expect(decodeEncodedWords('')).toBe('');
  });

  it.each([
    ['base64 with characters outside its alphabet', '=?UTF-8?B?###?='],
    ['base64 of an impossible length', '=?UTF-8?B?abcde?='],
    ['an unknown encoding', '=?UTF-8?X?abc?='],
    ['a broken Q escape', '=?UTF-8?Q?50=ZZ_off?='],
    ['a charset name with a space', '=?utf 8?Q?abc?='],
    ['a charset name with a plus', '=?x+y?Q?abc?='],
    ['a word that never ends', '=?UTF-8?Q?abc'],
  ])(
    'given a malformed word (%s), when decoded, then it is left exactly as it was and nothing throws',
    (_description, word) => {
      expect(decodeEncodedWords(word)).toBe(word);
      expect(decodeEncodedWords(`AW: ${word} VM down`)).toBe(`AW: ${word} VM down`);
    },
  );

  it('given two adjacent malformed words, when decoded, then neither is joined with the other', () => {
    expect(decodeEncodedWords('=?x+y?Q?a?= =?x+y?Q?b?=')).toBe('=?x+y?Q?a?= =?x+y?Q?b?=');
  });

  it('given a malformed word between good ones, when decoded, then only the good ones are decoded', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?UTF-8?B?###?= =?UTF-8?Q?K=C3=B6ln?=')).toBe(
      'Grüße =?UTF-8?B?###?= Köln',
    );
  });

  it('given bytes that are invalid in the named charset, when decoded, then they become U+FFFD as in mail clients', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?caf=E9?=')).toBe('caf\uFFFD');
  });

  it('given an encoded line break, when decoded, then it becomes a space and cannot break a header we write later', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?VM_down=0D=0ABcc:_attacker@example.com?=')).toBe(
      'VM down Bcc: attacker@example.com',
    );
  });

  it.each([
    ['many well-formed words', '=?UTF-8?B?w6Q=?= '.repeat(20_000)],
    ['many malformed words', '=?UTF-8?B?#?= '.repeat(20_000)],
    ['many openings without an end', '=?a?'.repeat(50_000)],
  ])('given %s, when decoded, then it returns promptly', (_description, subject) => {
    const started = Date.now();
    decodeEncodedWords(subject);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
