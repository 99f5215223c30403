import { mimeMessageOf } from '../../../shared/adapters/mail/mimeMessage';
import { languageOfText } from '../../../shared/domain/mail/language';
import {
  caseIdOfMessageId,
  caseIdOfThreadLookupKey,
  notificationMessageId,
  outgoingMailFor,
  threadLookupKey,
} from '../../../shared/domain/mail/outgoingMail';
import { customerNotificationSchema, notificationFor } from '../../../shared/domain/notifications';
import { senderIdentityFor } from '../../../shared/services/notificationDelivery';
import { monday, supportCaseFixture } from '../caseWork/supportCaseFixture';

const threaded = supportCaseFixture({
  emailMessageIds: ['<first@fabrikam.example>', '<second@fabrikam.example>'],
});
const german = supportCaseFixture({
  title: 'Größere VM startet nicht',
  description:
    'Hallo, seit heute Morgen startet unsere VM nicht mehr. Können Sie bitte helfen? Mit freundlichen Grüßen',
});

const graphSender = { from: { address: 'support@contoso.example' } };

describe('the language of the customer', () => {
  it('given a German request, when its language is told, then it is German', () => {
    expect(languageOfText('Hallo, unser Drucker druckt nicht mehr. Bitte um Rückruf, danke!')).toBe('de');
  });

  it('given an English request, when its language is told, then it is English', () => {
    expect(languageOfText('Hello, our printer does not print any more. Please call us back, thanks!')).toBe('en');
  });

  it('given text without telling words, when its language is told, then it is English, the default', () => {
    expect(languageOfText('VM-ERP-01 0x80070005')).toBe('en');
  });
});

describe('notification texts', () => {
  it('given a case written in German, when acknowledged, then subject and text are German and keep the case token', () => {
    const { body } = notificationFor('acknowledgement', german, { at: monday });

    expect(body.language).toBe('de');
    expect(body.subject).toBe('[CS-000042] Wir haben Ihre Anfrage erhalten: Größere VM startet nicht');
    expect(body.text).toContain('Fall CS-000042 eröffnet');
    expect(body.text).toContain('Bitte lassen Sie [CS-000042] im Betreff');
  });

  it('given a case written in English, when resolved, then the text is English with the reopen window', () => {
    const { body } = notificationFor('resolution', threaded, {
      at: monday,
      occurrence: 'r1',
      text: 'Rebooted the host.',
      reopenWindowDays: 7,
    });

    expect(body.language).toBe('en');
    expect(body.subject).toBe('[CS-000042] Resolved: Production VM does not start');
    expect(body.text).toContain('reply to this email within 7 days to reopen the case');
  });

  it('given a notification, when built, then its body carries its stable id, the queue message id', () => {
    const notification = notificationFor('agentReply', threaded, { at: monday, occurrence: '5', text: 'Hi' });

    expect(notification.body.notificationId).toBe(notification.messageId);
    expect(notification.messageId).toBe('notification-agentReply-case-1-5');
  });

  it('given a message published before language and id were added, when read, then it is English and has no id', () => {
    const { body } = notificationFor('acknowledgement', threaded, { at: monday });
    const { language: _language, notificationId: _id, ...older } = body;

    const parsed = customerNotificationSchema.parse(JSON.parse(JSON.stringify(older)));

    expect(parsed.language).toBe('en');
    expect(parsed.notificationId).toBeUndefined();
  });
});

describe('the mail of a notification', () => {
  it('given the same notification twice, when its Message-ID is made, then it is the same, at the tenant mail domain', () => {
    const { body, messageId } = notificationFor('acknowledgement', threaded, {
      at: monday,
      from: 'help@Contoso.example',
    });

    const first = outgoingMailFor(body, messageId, graphSender).messageId;
    const second = outgoingMailFor(body, messageId, graphSender).messageId;

    expect(first).toBe('<c-case-1.notification-acknowledgement-case-1@contoso.example>');
    expect(second).toBe(first);
  });

  it('given a notification id with characters a Message-ID may not hold, when made, then they are replaced and kept apart', () => {
    const spaced = notificationMessageId('notification agentReply', 'case-1', 'contoso.example');
    const bracketed = notificationMessageId('notification<agentReply', 'case-1', 'contoso.example');

    expect(spaced).toMatch(/^<c-case-1\.notification-agentReply\.[0-9a-f]{12}@contoso\.example>$/);
    expect(bracketed).not.toBe(spaced);
  });

  it('given a mail of a case, when its Message-ID is read back, then it names the case, as does the lookup key of a reply to it', () => {
    const caseId = '0mx4ztojr3c8ba6426491ebe3';
    const messageId = notificationMessageId(`notification-agentReply-${caseId}-7`, caseId, 'contoso.example');

    expect(caseIdOfMessageId(messageId)).toBe(caseId);
    expect(caseIdOfThreadLookupKey(threadLookupKey(messageId))).toBe(caseId);
  });

  it.each([
    ['a mail the customer wrote', '<CAF=abc123@mail.gmail.com>'],
    [
      'a mail an earlier version of the desk sent',
      '<notification-acknowledgement-0mx4ztojr3c8ba6426491ebe3@contoso.example>',
    ],
    ['an id whose marker holds no case id', '<c-.x@contoso.example>'],
    ['an id whose marker holds characters no case id has', "<c-a'b.x@contoso.example>"],
  ])('given %s, when its Message-ID is read, then it names no case', (_kind, messageId) => {
    expect(caseIdOfMessageId(messageId)).toBeUndefined();
  });

  it('given a case id of characters a partition key or Message-ID may not hold, when the Message-ID is made, then it names no case', () => {
    const messageId = notificationMessageId('notification-agentReply-7', 'case/1#', 'contoso.example');

    expect(messageId).toBe('<notification-agentReply-7@contoso.example>');
    expect(caseIdOfMessageId(messageId)).toBeUndefined();
  });

  it('given a lookup key that is not a Message-ID, when read, then it names no case', () => {
    expect(caseIdOfThreadLookupKey('conversation:AAQkAGI2')).toBeUndefined();
  });

  it('given an acknowledgement, when made, then it is marked as an automatic reply (RFC 3834) and threads to the last customer mail', () => {
    const { body, messageId } = notificationFor('acknowledgement', threaded, { at: monday });

    const mail = outgoingMailFor(body, messageId, graphSender);

    expect(mail.headers).toEqual({ 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'OOF, AutoReply' });
    expect(mail.inReplyTo).toBe('<second@fabrikam.example>');
    expect(mail.references).toEqual(['<first@fabrikam.example>', '<second@fabrikam.example>']);
  });

  it('given an agent reply, when made, then it carries no automatic-reply header', () => {
    const { body, messageId } = notificationFor('agentReply', threaded, { at: monday, occurrence: '5', text: 'Hi' });

    expect(outgoingMailFor(body, messageId, graphSender).headers).toEqual({});
  });

  it('given the mail, when written as MIME, then every threading header is exactly there', async () => {
    const { body, messageId } = notificationFor('acknowledgement', german, {
      at: monday,
      from: 'help@contoso.example',
    });
    const mail = outgoingMailFor(
      { ...body, references: ['<a@x.example>', '<b@x.example>'], inReplyTo: '<b@x.example>' },
      messageId,
      {
        from: { address: 'help@contoso.example' },
      },
    );

    const mime = (await mimeMessageOf(mail)).toString('utf8');
    const headers = mime.slice(0, mime.indexOf('\r\n\r\n'));

    expect(headers).toContain('Message-ID: <c-case-1.notification-acknowledgement-case-1@contoso.example>');
    expect(headers).toContain('In-Reply-To: <b@x.example>');
    expect(headers).toContain('References: <a@x.example> <b@x.example>');
    expect(headers).toContain('Auto-Submitted: auto-replied');
    expect(headers).toContain('Content-Language: de');
    expect(headers).toContain('From: help@contoso.example');
    expect(headers).toContain('To: Ann Example <ann@fabrikam.example>');
    expect(headers).toContain('Date: Mon, 02 Mar 2026 09:00:00 +0000');
    expect(headers).toMatch(/Subject: =\?UTF-8\?Q\?/); // the subject's umlaut as an RFC 2047 word
  });

  it('given ACS, when the sender is chosen, then mail comes from its domain and replies go to the support mailbox', () => {
    const identity = senderIdentityFor(
      { kind: 'acs', endpoint: 'https://acs.example', senderAddress: 'DoNotReply@abc.azurecomm.net' },
      'help@contoso.example',
    );

    expect(identity).toEqual({
      from: { address: 'DoNotReply@abc.azurecomm.net' },
      replyTo: { address: 'help@contoso.example' },
    });
  });

  it('given Graph and a tenant without a support mailbox nor a default, when the sender is chosen, then there is none', () => {
    expect(senderIdentityFor({ kind: 'graph' }, undefined)).toBeUndefined();
    expect(senderIdentityFor({ kind: 'graph' }, 'help@contoso.example')).toEqual({
      from: { address: 'help@contoso.example' },
    });
  });
});

describe('where a mail sits in the conversation', () => {
  it('given a portal case no customer mail opened, when the agent replies, then the mail answers the acknowledgement', () => {
    const portalCase = supportCaseFixture();
    const acknowledgement = notificationFor('acknowledgement', portalCase, { at: monday });
    const reply = notificationFor('agentReply', portalCase, { at: monday, text: 'On it.', occurrence: '7' });

    const ackMail = outgoingMailFor(acknowledgement.body, acknowledgement.messageId, graphSender);
    const replyMail = outgoingMailFor(reply.body, reply.messageId, graphSender);

    expect(ackMail.inReplyTo).toBeUndefined();
    expect(replyMail.inReplyTo).toBe(ackMail.messageId);
    expect(replyMail.references).toEqual([ackMail.messageId]);
  });

  it("given a case opened by the customer's mail, when the agent replies, then the mail answers the customer's latest", () => {
    const reply = notificationFor('agentReply', threaded, { at: monday, text: 'On it.', occurrence: '7' });
    const replyMail = outgoingMailFor(reply.body, reply.messageId, graphSender);
    expect(replyMail.inReplyTo).toBe('<second@fabrikam.example>');
    expect(replyMail.references).toEqual(['<first@fabrikam.example>', '<second@fabrikam.example>']);
  });
});
