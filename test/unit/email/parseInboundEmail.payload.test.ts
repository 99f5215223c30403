import { parseInboundEmail, type InboundEmail } from '../../../shared/domain/email';
import { emailFixtureBytes, parsedEmailFixture } from './emailFixtures';

function parsedOrFail(raw: unknown): InboundEmail {
  const result = parseInboundEmail(raw);
  if (!result.ok) throw new Error(result.error);
  return result.email;
}

describe('parseInboundEmail with the wrappings Service Bus and Logic Apps put around an email', () => {
  describe('given the base64 text exactly as a Logic App sent it through Service Bus', () => {
    const base64Text = emailFixtureBytes('outlook-v3-base64.txt').toString('utf8');
    const decodedJson = Buffer.from(base64Text, 'base64').toString('utf8');
    const fromPlainJson = parsedOrFail(JSON.parse(decodedJson));

    it('when given as a string, then the decoded Outlook email is parsed with its UTF-8 text intact', () => {
      const email = parsedOrFail(base64Text);
      expect(email.subject).toBe('Dynamics 365 Sales: Export nach Excel bricht ab');
      expect(email.from).toEqual({ address: 'lena.mueller@fabrikam-kunde.example.com' });
      expect(email.textBody).toBe(
        'Hallo,\n\nbeim Export großer Ansichten nach Excel erscheint ein Timeout. Protokoll anbei.\n\nGrüße\nLena Müller',
      );
      expect(email.importance).toBe('low');
      expect(email.attachments).toEqual([{ name: 'export-trace.log', contentType: 'text/plain', size: 2048 }]);
    });

    it('when given as the bytes of the message body, then the result is the same as for the plain JSON', () => {
      expect(parsedOrFail(emailFixtureBytes('outlook-v3-base64.txt'))).toEqual(fromPlainJson);
    });

    it('when given as a JSON string holding the base64, then the result is the same', () => {
      expect(parsedOrFail(JSON.stringify(base64Text))).toEqual(fromPlainJson);
    });

    it('when the base64 is wrapped over several lines, then the result is the same', () => {
      const wrapped = base64Text.replace(/(.{76})/g, '$1\r\n');
      expect(parsedOrFail(wrapped)).toEqual(fromPlainJson);
    });

    it("when given inside Logic Apps' binary envelope, then the result is the same", () => {
      const envelope = { '$content-type': 'application/octet-stream', $content: base64Text };
      expect(parsedOrFail(envelope)).toEqual(fromPlainJson);
    });
  });

  describe('given a Graph message fixture', () => {
    const bytes = emailFixtureBytes('graph-html-reply.json');
    const fromObject = parsedEmailFixture('graph-html-reply.json');

    it('when given as a Buffer of JSON, then it parses like the object', () => {
      expect(parsedOrFail(bytes)).toEqual(fromObject);
    });

    it('when given as a plain Uint8Array, then it parses like the object', () => {
      expect(parsedOrFail(new Uint8Array(bytes))).toEqual(fromObject);
    });

    it('when given as JSON text with a byte order mark, then it parses like the object', () => {
      expect(parsedOrFail(`\uFEFF${bytes.toString('utf8')}`)).toEqual(fromObject);
    });

    it('when given as base64 of the JSON, then it parses like the object', () => {
      expect(parsedOrFail(bytes.toString('base64'))).toEqual(fromObject);
    });
  });

  describe('given wrappings that are not an email', () => {
    it.each([
      ['an empty string', '', 'the payload is empty'],
      ['text that is neither JSON nor base64', 'Hello support, my VM is down!', 'neither JSON nor base64'],
      ['broken JSON', '{"subject": "VM down"', 'not valid JSON'],
      ['base64 of something that is not JSON', Buffer.from('just words').toString('base64'), 'neither JSON nor base64'],
      ['a number', 42, 'not number'],
      ['null', null, 'not null'],
      ['an array', [{ subject: 'VM down' }], 'not an array'],
    ])('when the payload is %s, then it fails saying why', (_description, raw, expected) => {
      const result = parseInboundEmail(raw);
      expect(result).toEqual({ ok: false, error: expect.stringContaining(expected) });
    });

    it('when the payload keeps wrapping itself, then unwrapping stops with an error instead of looping', () => {
      let nested: unknown = { subject: 'deep' };
      for (let depth = 0; depth < 10; depth++) nested = JSON.stringify(nested);
      const result = parseInboundEmail(nested);
      expect(result).toEqual({ ok: false, error: expect.stringContaining('wrapped more than') });
    });
  });
});
