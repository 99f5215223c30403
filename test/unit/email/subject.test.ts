import { caseNumberTokenFor, findCaseNumberToken, subjectWithoutPrefixes } from '../../../shared/domain/email';
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
    expect(subjectWithoutPrefixes('  AW: RE: Fwd:  WG: Re[2]: [CS-000123] Lizenz fehlt  ')).toBe('[CS-000123] Lizenz fehlt');
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
