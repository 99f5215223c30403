import {
  findCaseNumberToken,
  parseInboundEmail,
  subjectWithoutPrefixes,
  type InboundEmail,
} from '../../../shared/domain/email';
import { emailFixtureJson } from './emailFixtures';

/** The fixture's payload with the given fields replaced, parsed; a parse failure fails the test with its error. */
function parsedWith(fixture: string, changes: Record<string, unknown>): InboundEmail {
  const result = parseInboundEmail({ ...emailFixtureJson(fixture), ...changes });
  if (!result.ok) throw new Error(`fixture ${fixture} did not parse: ${result.error}`);
  return result.email;
}

const graphMailbox = (address: string, name: string) => ({ emailAddress: { address, name } });

describe('parseInboundEmail with RFC 2047 encoded words', () => {
  describe.each([
    ['the Outlook connector', 'outlook-v3-plain.json'],
    ['Microsoft Graph', 'graph-plain.json'],
  ])('given a payload from %s', (_connector, fixture) => {
    it.each([
      [
        'a B-encoded UTF-8 subject',
        '=?UTF-8?B?W0NTLTAwMDEyM10gTGl6ZW56IGbDvHIgS8O2bG4=?=',
        '[CS-000123] Lizenz für Köln',
      ],
      [
        'a Q-encoded ISO-8859-1 subject',
        '=?ISO-8859-1?Q?=5BCS-000123=5D_Lizenz_f=FCr_K=F6ln?=',
        '[CS-000123] Lizenz für Köln',
      ],
      [
        'a subject of adjacent words in two charsets and plain text',
        'AW: =?windows-1252?Q?=5BCS-000123=5D_Lizenz?= =?iso-8859-15?q?_f=FCr?= Köln',
        'AW: [CS-000123] Lizenz für Köln',
      ],
    ])('when it has %s, then the subject is decoded before anything reads it', (_description, encoded, decoded) => {
      const email = parsedWith(fixture, { subject: encoded });
      expect(email.subject).toBe(decoded);
      expect(findCaseNumberToken(email.subject)).toBe('CS-000123');
      expect(subjectWithoutPrefixes(email.subject)).toBe('[CS-000123] Lizenz für Köln');
    });

    it('when its subject holds a malformed encoded word, then the parse succeeds and the word is kept as it was', () => {
      expect(parsedWith(fixture, { subject: 'RE: =?UTF-8?B?###?= VM down' }).subject).toBe(
        'RE: =?UTF-8?B?###?= VM down',
      );
    });

    it('when its subject holds no encoded word, then it is unchanged', () => {
      expect(parsedWith(fixture, { subject: 'Grüße =? aus ?= Köln' }).subject).toBe('Grüße =? aus ?= Köln');
    });
  });

  it('given an Outlook connector sender and recipients with encoded display names, when parsed, then the names are decoded', () => {
    const email = parsedWith('outlook-v3-plain.json', {
      from: '=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <Juergen.Mueller@Contoso.com>',
      toRecipients: '"=?ISO-8859-1?Q?Fabrikam_S=FCpport?=" <support@fabrikam.com>',
    });
    expect(email.from).toEqual({ name: 'Jürgen Müller', address: 'juergen.mueller@contoso.com' });
    expect(email.to).toEqual([{ name: 'Fabrikam Süpport', address: 'support@fabrikam.com' }]);
  });

  it('given a Graph sender and recipients with encoded display names, when parsed, then the names are decoded', () => {
    const email = parsedWith('graph-plain.json', {
      from: graphMailbox('Juergen.Mueller@Contoso.com', '=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?='),
      sender: graphMailbox('Juergen.Mueller@Contoso.com', '=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?='),
      ccRecipients: [graphMailbox('anna@contoso.com', '=?iso-8859-1?q?Anna_=C5kesson?=')],
    });
    expect(email.from).toEqual({ name: 'Jürgen Müller', address: 'juergen.mueller@contoso.com' });
    expect(email.cc).toEqual([{ name: 'Anna Åkesson', address: 'anna@contoso.com' }]);
  });
});
