import { inboundEmailSchema, parseInboundEmail } from '../../../shared/domain/email';
import { emailFixtureJson, parsedEmailFixture, withoutFields } from './emailFixtures';

describe('parseInboundEmail with a Microsoft Graph message', () => {
  describe('given a plain-text message without Internet headers', () => {
    const email = parsedEmailFixture('graph-plain.json');

    it('then the message id gets the angle brackets Graph left off', () => {
      expect(email.messageId).toBe(
        '<AS8PR07MB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F@AS8PR07MB1C2D.eurprd07.prod.outlook.com>',
      );
    });

    it('then the sender keeps its name and a lower-cased address', () => {
      expect(email.from).toEqual({ name: 'Tom Becker', address: 'tom.becker@contoso.com' });
    });

    it('then a display name that merely repeats the address is dropped', () => {
      expect(email.to).toEqual([{ name: 'Fabrikam Support', address: 'support@fabrikam.com' }]);
      expect(email.cc).toEqual([{ address: 'purchasing@contoso.com' }]);
    });

    it('then the text body, time, importance and empty header fields are normalised', () => {
      expect(email.textBody).toBe(
        'Hello,\n\nplease add 10 Business Premium licences to our subscription from next month.\n\n' +
          'Best regards\nTom Becker\nFabrikam customer account 4711',
      );
      expect(email.receivedAt).toBe('2024-05-17T06:31:09.000Z');
      expect(email.importance).toBe('normal');
      expect(email.headers).toEqual({});
      expect(email.references).toEqual([]);
      expect(email.inReplyTo).toBeUndefined();
      expect(email.attachments).toEqual([]);
    });

    it('then the result satisfies the InboundEmail schema', () => {
      expect(inboundEmailSchema.safeParse(email).success).toBe(true);
    });
  });

  describe('given an HTML reply with Internet headers', () => {
    const email = parsedEmailFixture('graph-html-reply.json');

    it('then In-Reply-To and every References id are taken from the headers', () => {
      expect(email.inReplyTo).toBe('<cs-000123.2.9f3c@support.fabrikam.com>');
      expect(email.references).toEqual([
        '<cs-000123.1.7a1b@support.fabrikam.com>',
        '<cs-000123.2.9f3c@support.fabrikam.com>',
      ]);
    });

    it('then header names are lower-cased and repeated headers are joined', () => {
      expect(email.headers['mime-version']).toBe('1.0');
      expect(email.headers['x-ms-exchange-organization-scl']).toBe('1');
      expect(email.headers['received']).toMatch(/^from DB9PR02MB1234\.eurprd02.*, from mail\.example\.com /);
      expect(Object.keys(email.headers).every((name) => name === name.toLowerCase())).toBe(true);
    });

    it('then the text body comes from the full body: script and style gone, link target kept, quote included', () => {
      expect(email.textBody).toBe(
        'The VMs are running again, thank you!\n\n' +
          'Status page: incident 42 [https://status.contoso.example.com/incidents/42]\n\n' +
          'On Fri, 17 May 2024 at 15:40, Fabrikam Support <support@fabrikam.com> wrote:\n\n' +
          '> Dear Jane, Microsoft has reactivated the subscription.',
      );
    });

    it('then recipients without an address are left out and reply-to is kept', () => {
      expect(email.cc).toEqual([{ name: 'IT Operations', address: 'it-operations@contoso.com' }]);
      expect(email.replyTo).toEqual([{ name: 'Contoso Helpdesk', address: 'helpdesk@contoso.com' }]);
    });

    it('then importance is high', () => {
      expect(email.importance).toBe('high');
    });
  });

  describe('given an automatic reply with Auto-Submitted', () => {
    const email = parsedEmailFixture('graph-auto-reply.json');

    it('then the loop-relevant headers are available under lower-cased names', () => {
      expect(email.headers['auto-submitted']).toBe('auto-replied');
      expect(email.headers['x-auto-response-suppress']).toBe('All');
      expect(email.inReplyTo).toBe('<cs-000125.1.44d0@support.fabrikam.com>');
    });
  });

  describe('given a mailing-list message', () => {
    const email = parsedEmailFixture('graph-mailing-list.json');

    it('then the list headers are available and the heading is not upper-cased', () => {
      expect(email.headers['precedence']).toBe('bulk');
      expect(email.headers['list-id']).toBe('Partner News <partner-news.lists.example.com>');
      expect(email.textBody.startsWith('Weekly digest\n')).toBe(true);
      expect(email.textBody).not.toContain('font-size');
    });

    it('then the author is from, not the list-bounce sender', () => {
      expect(email.from.address).toBe('partner-news@lists.example.com');
    });
  });

  describe('given variations Graph is known to produce', () => {
    const base = emailFixtureJson('graph-plain.json');

    it('when from is absent, then sender is the author', () => {
      const result = parseInboundEmail(withoutFields(base, 'from'));
      expect(result.ok && result.email.from).toEqual({ name: 'Tom Becker', address: 'tom.becker@contoso.com' });
    });

    it('when body content type is written "HTML", then the body is converted as HTML', () => {
      const result = parseInboundEmail({
        ...base,
        body: { contentType: 'HTML', content: '<p>Hello&nbsp;<b>there</b></p>' },
      });
      expect(result.ok && result.email.textBody).toBe('Hello there');
    });

    it('when attachments are expanded with their bytes, then only name, type and size are kept', () => {
      const result = parseInboundEmail({
        ...base,
        attachments: [{ name: 'log.txt', contentType: 'text/plain', size: 12, contentBytes: 'aGVsbG8gd29ybGQh' }],
      });
      expect(result.ok && result.email.attachments).toEqual([{ name: 'log.txt', contentType: 'text/plain', size: 12 }]);
    });

    it('when References is written without brackets, then the ids are still found', () => {
      const result = parseInboundEmail({
        ...base,
        internetMessageHeaders: [{ name: 'References', value: 'a.1@contoso.com b.2@contoso.com' }],
      });
      expect(result.ok && result.email.references).toEqual(['<a.1@contoso.com>', '<b.2@contoso.com>']);
    });
  });
});
