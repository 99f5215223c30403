import { inboundEmailSchema, parseInboundEmail } from '../../../shared/domain/email';
import { emailFixtureJson, parsedEmailFixture, withoutFields } from './emailFixtures';

describe("parseInboundEmail with the Outlook connector's 'When a new email arrives (V3)' output", () => {
  describe('given a plain-text customer email with cc recipients and an attachment', () => {
    const email = parsedEmailFixture('outlook-v3-plain.json');

    it('then it keeps the message id, the connector ids and the subject', () => {
      expect(email.messageId).toBe(
        '<AM9PR02MB71234C5D6E7F8A9B0C1D2E3F4A5B6C7D8E9F@AM9PR02MB7123.eurprd02.prod.outlook.com>',
      );
      expect(email.connectorId).toMatch(/^AAMkAGE1M2IyNGNm.*AAWz0JmAAA=$/);
      expect(email.conversationId).toBe(
        'AAQkAGE1M2IyNGNmLTI5MTktNDUyZi1iOTVhLTdkNjQ1ZGJkOTg4ZAAQAKtZ9m3bEkRMk5Fbv2Hh4oQ=',
      );
      expect(email.subject).toBe('Azure subscription suspended after payment');
    });

    it('then the sender is lower-cased and the semicolon lists become address lists', () => {
      expect(email.from).toEqual({ address: 'jane.doe@contoso.com' });
      expect(email.to).toEqual([{ address: 'support@fabrikam.com' }]);
      expect(email.cc).toEqual([{ address: 'it-operations@contoso.com' }, { address: 'john.smith@contoso.com' }]);
      expect(email.replyTo).toEqual([]);
    });

    it('then the text body keeps its lines with "\\n" endings and no trailing blank lines', () => {
      expect(email.textBody).toBe(
        'Hello Fabrikam support,\n\nsince this morning our Azure subscription shows as suspended although the invoice ' +
          'was paid on 2 May.\nSubscription ID: 8f2d6c1e-3b4a-4f5e-9d8c-7b6a5f4e3d2c\n\nCould you please check this ' +
          'urgently? Our production VMs are stopped.\n\nKind regards\nJane Doe\nIT Operations, Contoso Ltd.',
      );
    });

    it('then receivedAt is the UTC instant, importance is kept, and there are no headers or references', () => {
      expect(email.receivedAt).toBe('2024-05-13T08:15:42.000Z');
      expect(email.importance).toBe('high');
      expect(email.headers).toEqual({});
      expect(email.inReplyTo).toBeUndefined();
      expect(email.references).toEqual([]);
    });

    it('then attachments keep name, type and size but never the content bytes', () => {
      expect(email.attachments).toEqual([{ name: 'portal-screenshot.png', contentType: 'image/png', size: 48213 }]);
      expect(JSON.stringify(email)).not.toContain('iVBORw0KGgo');
    });

    it('then the result satisfies the InboundEmail schema', () => {
      expect(inboundEmailSchema.safeParse(email).success).toBe(true);
    });
  });

  describe('given an HTML email with style, script, a table and a link', () => {
    const email = parsedEmailFixture('outlook-v3-html.json');

    it('then the text body is the readable text, with the link target kept', () => {
      expect(email.textBody).toBe(
        'Hi team,\n\nfive users we added yesterday cannot make external calls in Teams & the admin centre shows no ' +
          'Teams Phone licence.\n\nTenant           contoso.onmicrosoft.com\nUsers affected   5\n\n' +
          'See the licences page [https://admin.microsoft.com/#/licenses] for details.\n\nThanks,\nPriya Patel',
      );
    });

    it('then nothing of the scripts and styles survives', () => {
      expect(email.textBody).not.toMatch(/tracking-pixel|attacker|MsoNormal|font-family|<script|window\.location/);
    });

    it('then the reply-to list is read like the recipients', () => {
      expect(email.replyTo).toEqual([{ address: 'servicedesk@contoso.com' }]);
    });
  });

  describe('given a customer reply to a case', () => {
    const email = parsedEmailFixture('outlook-v3-reply.json');

    it('then the subject is kept with its prefix and case token, for the caller to interpret', () => {
      expect(email.subject).toBe('RE: [CS-000123] Azure subscription suspended after payment');
    });

    it('then it shares the conversation id of the original email', () => {
      expect(email.conversationId).toBe(parsedEmailFixture('outlook-v3-plain.json').conversationId);
    });

    it('then the quoted history is part of the text body, after the new text', () => {
      expect(email.textBody.startsWith('Thanks, the subscription is active again. You can close the case.')).toBe(true);
      expect(email.textBody).toContain('From: Fabrikam Support <support@fabrikam.com>');
    });
  });

  describe('given a German reply with umlauts and a capitalised importance', () => {
    const email = parsedEmailFixture('outlook-v3-german-reply.json');

    it('then the umlauts are intact and importance is normalised to lower case', () => {
      expect(email.subject).toBe('AW: WG: [CS-000124] Lizenzzuweisung schlägt fehl');
      expect(email.textBody).toContain('Jürgen Weiß');
      expect(email.importance).toBe('normal');
    });

    it('then a timestamp with a +02:00 offset becomes the same instant in UTC', () => {
      expect(email.receivedAt).toBe('2024-05-15T05:05:12.000Z');
    });
  });

  describe('given a non-delivery report from postmaster', () => {
    const email = parsedEmailFixture('outlook-v3-bounce.json');

    it('then it parses like any email, with the returned message as an attachment without content type', () => {
      expect(email.from).toEqual({ address: 'postmaster@contoso.onmicrosoft.com' });
      expect(email.attachments).toEqual([
        { name: '[CS-000123] Azure subscription suspended after payment', size: 11872 },
      ]);
      expect(email.textBody).toContain(
        "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'",
      );
    });
  });

  describe('given an automatic reply', () => {
    it('then it parses with its subject intact so the noise guard can see it', () => {
      expect(parsedEmailFixture('outlook-v3-auto-reply.json').subject).toBe(
        'Automatic reply: [CS-000123] Azure subscription suspended after payment',
      );
    });
  });

  describe('given variations the connector is known to produce', () => {
    const base = emailFixtureJson('outlook-v3-plain.json');

    it('when attachments use the older Name/ContentType/Size casing, then they are read the same', () => {
      const result = parseInboundEmail({
        ...base,
        attachments: [{ Name: 'invoice.pdf', ContentType: 'application/pdf', Size: 1200, ContentBytes: 'JVBERi0=' }],
      });
      expect(result.ok && result.email.attachments).toEqual([
        { name: 'invoice.pdf', contentType: 'application/pdf', size: 1200 },
      ]);
    });

    it('when cc, reply-to, subject and attachments are null, then they become empty', () => {
      const result = parseInboundEmail({
        ...base,
        ccRecipients: null,
        replyTo: null,
        subject: null,
        attachments: null,
      });
      expect(
        result.ok && [result.email.cc, result.email.replyTo, result.email.subject, result.email.attachments],
      ).toEqual([[], [], '', []]);
    });

    it('when importance is missing, then it is normal', () => {
      const result = parseInboundEmail(withoutFields(base, 'importance'));
      expect(result.ok && result.email.importance).toBe('normal');
    });

    it('when the sender is written "Name <address>", then name and address are separated', () => {
      const result = parseInboundEmail({ ...base, from: '"Doe, Jane" <Jane.Doe@Contoso.com>' });
      expect(result.ok && result.email.from).toEqual({ name: 'Doe, Jane', address: 'jane.doe@contoso.com' });
    });

    it('when the message id lacks angle brackets, then it gets them', () => {
      const result = parseInboundEmail({ ...base, internetMessageId: 'abc.123@mail.contoso.com' });
      expect(result.ok && result.email.messageId).toBe('<abc.123@mail.contoso.com>');
    });
  });
});
