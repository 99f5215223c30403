import { parseInboundEmail } from '../../../shared/domain/email';
import { emailFixtureJson, withoutFields } from './emailFixtures';

function errorOf(raw: unknown): string {
  const result = parseInboundEmail(raw);
  if (result.ok) throw new Error('expected the email to be rejected');
  return result.error;
}

describe('parseInboundEmail with emails it must reject', () => {
  describe('given an Outlook V3 email with required fields missing', () => {
    const error = errorOf(
      withoutFields(emailFixtureJson('outlook-v3-plain.json'), 'internetMessageId', 'isHtml', 'receivedDateTime'),
    );

    it('then the error names the shape and every missing field', () => {
      expect(error).toBe(
        "Outlook 'When a new email arrives (V3)' email is invalid: " +
          'internetMessageId: missing; isHtml: missing; receivedDateTime: missing',
      );
    });
  });

  describe('given an Outlook V3 email with malformed values', () => {
    const error = errorOf({
      ...emailFixtureJson('outlook-v3-plain.json'),
      from: 'Jane Doe',
      internetMessageId: '<>',
      receivedDateTime: '2024-05-13T08:15:42',
      attachments: [{ size: 10 }],
    });

    it('then each value is named with what is wrong', () => {
      expect(error).toContain("from: not an email address: 'Jane Doe'");
      expect(error).toContain("internetMessageId: not a message id: '<>'");
      expect(error).toContain('receivedDateTime: Invalid ISO datetime');
      expect(error).toContain('attachments.0: attachment has no name (name or Name)');
    });
  });

  describe('given a Graph message with neither from nor sender and a broken body', () => {
    const error = errorOf({
      ...withoutFields(emailFixtureJson('graph-plain.json'), 'from', 'sender'),
      body: { contentType: 'rtf', content: 'x' },
    });

    it('then the error names the shape, the missing author and the body type', () => {
      expect(error).toMatch(/^Microsoft Graph message is invalid: /);
      expect(error).toContain('from: missing');
      expect(error).toContain('body.contentType: Invalid option');
    });
  });

  describe('given a Graph message whose Message-ID is longer than a header line may be (RFC 5322 2.1.1)', () => {
    const error = errorOf({
      ...emailFixtureJson('graph-plain.json'),
      internetMessageId: `<${'x'.repeat(40_000)}@a.example>`,
    });

    it('then the error names the Message-ID, shortened, and the mail is refused before it reaches storage', () => {
      expect(error).toContain("internetMessageId: not a message id: '<xxxx");
      expect(error).toContain('(40012 characters)');
      expect(error.length).toBeLessThan(1_000);
    });
  });

  describe('given a Graph message whose sender address is not an address', () => {
    const error = errorOf({
      ...emailFixtureJson('graph-plain.json'),
      from: { emailAddress: { name: 'Exchange', address: '/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP' } },
    });

    it('then the error points at the address', () => {
      expect(error).toContain(
        "from.emailAddress.address: not an email address: '/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP'",
      );
    });
  });

  describe('given an object that is neither shape', () => {
    const error = errorOf({ Subject: 'VM down', Sender: 'jane.doe@contoso.com' });

    it('then the error says which shapes are expected and which fields were present', () => {
      expect(error).toContain('unrecognised email shape');
      expect(error).toContain('from and body as strings');
      expect(error).toContain('from.emailAddress, body.content');
      expect(error).toContain('the payload has fields: Subject, Sender');
    });
  });
});
