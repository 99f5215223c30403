import {
  caseNumberTokenFor,
  decodeEncodedWords,
  findCaseNumberToken,
  subjectWithoutCaseNumberTokens,
  subjectWithoutPrefixes,
  subjectWithoutTags,
} from '../../../shared/domain/email';
import { parsedEmailFixture } from './emailFixtures';

describe('subjectWithoutPrefixes', () => {
  it.each([
    ['Re: VM down', 'VM down'],
    ['RE: VM down', 'VM down'],
    ['re:VM down', 'VM down'],
    ['AW: VM down', 'VM down'],
    ['WG: VM down', 'VM down'],
    ['Fwd: VM down', 'VM down'],
    ['FW: VM down', 'VM down'],
    ['Antw: VM down', 'VM down'],
    ['SV: VM down', 'VM down'],
    ['VS: VM down', 'VM down'],
    ['Re[2]: VM down', 'VM down'],
    ['Re(3): VM down', 'VM down'],
    ['RE : VM down', 'VM down'],
  ])('given "%s", when prefixes are stripped, then "%s" remains', (subject, expected) => {
    expect(subjectWithoutPrefixes(subject)).toBe(expected);
  });

  it('given a stack of mixed prefixes and surrounding whitespace, when stripped, then all of them go', () => {
    expect(subjectWithoutPrefixes('  AW: RE: Fwd:  WG: Re[2]: [CS-000123] Lizenz fehlt  ')).toBe(
      '[CS-000123] Lizenz fehlt',
    );
  });

  it('given a prefix-like word that is not followed by a colon, when stripped, then the subject is unchanged', () => {
    expect(subjectWithoutPrefixes('Reactivation of subscription')).toBe('Reactivation of subscription');
    expect(subjectWithoutPrefixes('Fwd traffic blocked by NSG')).toBe('Fwd traffic blocked by NSG');
  });

  it('given a prefix inside the subject, when stripped, then only leading prefixes are removed', () => {
    expect(subjectWithoutPrefixes('Question about RE: licences')).toBe('Question about RE: licences');
  });

  it('given the German reply fixture, when stripped, then AW and WG are both removed', () => {
    expect(subjectWithoutPrefixes(parsedEmailFixture('outlook-v3-german-reply.json').subject)).toBe(
      '[CS-000124] Lizenzzuweisung schlägt fehl',
    );
  });

  it('given a subject of prefixes only, when stripped, then it is empty', () => {
    expect(subjectWithoutPrefixes('RE: FW: ')).toBe('');
  });
});

describe('subjectWithoutPrefixes in the languages of our customers', () => {
  // [subject, language, who writes it]; each one's rest must be 'VM down'.
  it.each([
    ['RE: FW: VM down', 'English', 'Outlook'],
    ['Re: Fwd: VM down', 'English', 'Gmail, Apple Mail, Thunderbird'],
    ['AW: WG: VM down', 'German', 'Outlook'],
    ['Antwort: VM down', 'German', 'Lotus Notes'],
    ['RE : TR : VM down', 'French', 'Outlook (space before the colon)'],
    ['Réf. : VM down', 'French', 'Lotus Notes'],
    ['RÉF : VM down', 'French', 'upper-case reference'],
    ['R: I: VM down', 'Italian', 'Outlook'],
    ['Rif: VM down', 'Italian', 'reference'],
    ['RE: RV: VM down', 'Spanish', 'Outlook'],
    ['RES: ENC: VM down', 'Portuguese', 'Outlook (Brazil)'],
    ['Antw: Doorst: VM down', 'Dutch', 'older Outlook'],
    ['RE: FW: VM down', 'Dutch', 'Outlook'],
    ['SV: VB: VM down', 'Swedish', 'Outlook'],
    ['SV: VS: VM down', 'Danish', 'Outlook'],
    ['Sv: Vs: VM down', 'Norwegian', 'Outlook'],
    ['VS: VL: VM down', 'Finnish', 'Outlook'],
    ['ODP: PD: VM down', 'Polish', 'Outlook'],
    ['Odp: Pd: VM down', 'Polish', 'lower case'],
    ['答复：转发：VM down', 'Chinese', 'Outlook (full-width colon)'],
    ['Re：VM down', 'any', 'full-width colon after a Latin prefix'],
    ['RE[3]: VM down', 'any', 'counter in brackets'],
    ['AW(2): VM down', 'any', 'counter in parentheses'],
    ['Re^2: VM down', 'any', 'counter with a caret'],
    ['TR\u00a0: VM down', 'any', 'no-break space before the colon'],
  ])('given "%s" (%s, %s), when stripped, then "VM down" remains', (subject) => {
    expect(subjectWithoutPrefixes(subject)).toBe('VM down');
  });

  it.each([
    ['[EXTERNAL] RE: VM down'],
    ['[External] AW: VM down'],
    ['[EXT] SV: VM down'],
    ['EXTERNAL: RE: VM down'],
    ['[Extern] WG: VM down'],
    ['[EXTERN] VB: VM down'],
    ['*EXTERNAL* Re: VM down'],
    ['**External** Re: VM down'],
    ['[Externe] TR : VM down'],
    ['[ EXTERNAL ] RE: VM down'],
    ['[EXTERNAL EMAIL] RE: VM down'],
    ['[Ulkoinen] VS: VM down'],
    ['[SPAM] RE: VM down'],
  ])('given the gateway tag in "%s", when stripped, then the tag goes with the prefixes', (subject) => {
    expect(subjectWithoutPrefixes(subject)).toBe('VM down');
  });

  it('given tags between mixed prefixes of several languages, when stripped, then all of them go', () => {
    expect(subjectWithoutPrefixes('AW: RE: [EXTERNAL] WG: x')).toBe('x');
    expect(subjectWithoutPrefixes('SV: [EXT] RES: *EXTERNAL* Odp: TR : R: [CS-000123] Lizenz')).toBe(
      '[CS-000123] Lizenz',
    );
  });

  it.each([['[CS-000123] RE: VM down'], ['[Prod] VM down'], ['[Contoso] RE: VM down'], ['[URGENT] VM down']])(
    'given a bracket that is not a gateway tag ("%s"), when stripped, then it stays and so does the rest',
    (subject) => {
      expect(subjectWithoutPrefixes(subject)).toBe(subject);
    },
  );

  it.each([
    ['I think the VM is down'],
    ['Rv-Tools export fails'],
    ['Spam: users get too much of it'],
    ['External users cannot join Teams'],
    ['Ext: 4711 does not ring'],
    ['Svar saknas från support'],
    ['Resolution of ticket 4711'],
  ])('given a subject that only starts like a prefix or tag ("%s"), when stripped, then it is unchanged', (subject) => {
    expect(subjectWithoutPrefixes(subject)).toBe(subject);
  });

  it('given tens of thousands of prefixes, when stripped, then it returns promptly and strips a bounded number', () => {
    const subject = `${'Re: '.repeat(50_000)}VM down`;
    const started = Date.now();
    const rest = subjectWithoutPrefixes(subject);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(rest.endsWith('VM down')).toBe(true);
    expect(rest.length).toBeLessThan(subject.length);
  });

  it.each([
    ['a long run of spaces after a prefix word', `Re${' '.repeat(200_000)}x`],
    ['an unclosed bracket', `[${' '.repeat(200_000)}EXTERNAL`],
    ['a counter that never closes', `Re[${'1'.repeat(200_000)}`],
  ])('given %s, when stripped, then it returns promptly and unchanged', (_description, subject) => {
    const started = Date.now();
    expect(subjectWithoutPrefixes(subject)).toBe(subject.trimEnd());
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('given an encoded subject, when decoded and then stripped, then the prefixes of the decoded text go', () => {
    expect(subjectWithoutPrefixes(decodeEncodedWords('=?ISO-8859-1?Q?R=E9f=2E_:_AW:_Gr=FC=DFe?='))).toBe('Grüße');
  });
});

describe('subjectWithoutTags', () => {
  it.each([
    ['[External] Automatic reply: x', 'Automatic reply: x'],
    ['EXTERNAL: [SPAM] Undeliverable: x', 'Undeliverable: x'],
    ['RE: Automatic reply: x', 'RE: Automatic reply: x'],
    ['[EXTERNAL] RE: x', 'RE: x'],
    ['[CS-000123] x', '[CS-000123] x'],
  ])('given "%s", when its tags are removed, then "%s" remains with its prefixes', (subject, expected) => {
    expect(subjectWithoutTags(subject)).toBe(expected);
  });
});

describe('findCaseNumberToken', () => {
  it('given the reply fixture, when searched, then its case number is found', () => {
    expect(findCaseNumberToken(parsedEmailFixture('outlook-v3-reply.json').subject)).toBe('CS-000123');
  });

  it.each([
    ['[CS-000123] at the start', 'CS-000123'],
    ['in the middle [CS-000456] of it', 'CS-000456'],
    ['at the end [CS-1234567]', 'CS-1234567'],
    ['lower-cased by a gateway [cs-000789]', 'CS-000789'],
    ['two tokens [CS-000111] and [CS-000222]', 'CS-000111'],
  ])('given "%s", when searched, then %s is found', (subject, expected) => {
    expect(findCaseNumberToken(subject)).toBe(expected);
  });

  it.each([
    ['a B-encoded subject', '=?UTF-8?B?W0NTLTAwMDEyM10gVk0gbMOkdWZ0IG5pY2h0?='],
    ['a Q-encoded ISO-8859-1 subject', '=?ISO-8859-1?Q?AW:_=5BCS-000123=5D_Gr=FC=DFe?='],
    ['a subject of several encoded words', '[External] =?utf-8?q?AW=3A?= =?utf-8?q?_=5BCS-000123=5D_x?='],
  ])('given %s, when searched after decoding, then its case number is found', (_description, encoded) => {
    expect(findCaseNumberToken(encoded)).toBeUndefined();
    expect(findCaseNumberToken(decodeEncodedWords(encoded))).toBe('CS-000123');
  });

  it.each([
    ['no token at all'],
    ['too few digits [CS-12345]'],
    ['no brackets CS-000123'],
    ['wrong prefix [CX-000123]'],
    ['letters after the digits [CS-000123a]'],
  ])('given "%s", when searched, then nothing is found', (subject) => {
    expect(findCaseNumberToken(subject)).toBeUndefined();
  });
});

describe('caseNumberTokenFor', () => {
  it('given a case number, when formatted, then it is the bracketed token that findCaseNumberToken reads back', () => {
    const token = caseNumberTokenFor('CS-000123');
    expect(token).toBe('[CS-000123]');
    expect(findCaseNumberToken(`Re: ${token} Azure subscription suspended`)).toBe('CS-000123');
  });

  it('given a malformed case number, when formatted, then it throws rather than send an unmatchable subject', () => {
    expect(() => caseNumberTokenFor('000123')).toThrow(RangeError);
    expect(() => caseNumberTokenFor('CS-12')).toThrow("not a case number: 'CS-12'");
  });
});

describe('the title of a new case', () => {
  it.each([
    ['[CS-000001] Invoice wrong', 'Invoice wrong'],
    ['RE: [CS-000001] Invoice wrong', 'RE: Invoice wrong'],
    ['Invoice [cs-000123] wrong [CS-1234567]', 'Invoice wrong'],
    ['No token here', 'No token here'],
  ])('given the subject %s, when case-number tokens are taken out, then it reads %s', (subject, title) => {
    expect(subjectWithoutCaseNumberTokens(subject)).toBe(title);
  });
});
