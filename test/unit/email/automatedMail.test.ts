import { detectAutomatedMail, type AutomatedMailRule, type InboundEmail } from '../../../shared/domain/email';
import { parsedEmailFixture } from './emailFixtures';

const OWN_SUPPORT_ADDRESSES = ['support@fabrikam.com', 'Escalations@Fabrikam.com'];

/** An ordinary customer email (graph-plain fixture) with the given changes. */
function customerEmail(changes: Partial<InboundEmail>): InboundEmail {
  return { ...parsedEmailFixture('graph-plain.json'), ...changes };
}

function ruleThatFired(email: InboundEmail): AutomatedMailRule | undefined {
  const verdict = detectAutomatedMail(email, OWN_SUPPORT_ADDRESSES);
  return verdict.automated ? verdict.rule : undefined;
}

describe('detectAutomatedMail', () => {
  describe('given ordinary customer mail', () => {
    it.each([
      ['outlook-v3-plain.json'],
      ['outlook-v3-html.json'],
      ['outlook-v3-reply.json'],
      ['outlook-v3-german-reply.json'],
      ['graph-plain.json'],
      ['graph-html-reply.json'],
    ])('when %s is checked, then it is not automated', (fixture) => {
      expect(detectAutomatedMail(parsedEmailFixture(fixture), OWN_SUPPORT_ADDRESSES)).toEqual({ automated: false });
    });
  });

  describe('given the noise fixtures', () => {
    it.each<[string, AutomatedMailRule]>([
      ['outlook-v3-auto-reply.json', 'automated-subject'],
      ['outlook-v3-bounce.json', 'system-sender'],
      ['graph-auto-reply.json', 'auto-submitted'],
      ['graph-mailing-list.json', 'precedence'],
    ])('when %s is checked, then rule %s fires', (fixture, rule) => {
      expect(ruleThatFired(parsedEmailFixture(fixture))).toBe(rule);
    });

    it('when the auto-reply is checked, then the reason names the header and its value', () => {
      expect(detectAutomatedMail(parsedEmailFixture('graph-auto-reply.json'), OWN_SUPPORT_ADDRESSES)).toEqual({
        automated: true,
        rule: 'auto-submitted',
        reason: "Auto-Submitted is 'auto-replied'",
      });
    });
  });

  describe('given customer mail with one automation header', () => {
    it.each<[string, Record<string, string>, AutomatedMailRule]>([
      ['Auto-Submitted: auto-generated', { 'auto-submitted': 'auto-generated' }, 'auto-submitted'],
      ['Auto-Submitted with parameters', { 'auto-submitted': 'auto-replied; owner-email="x@contoso.com"' }, 'auto-submitted'],
      ['X-Auto-Response-Suppress: All', { 'x-auto-response-suppress': 'All' }, 'auto-response-suppress'],
      ['X-Auto-Response-Suppress: OOF', { 'x-auto-response-suppress': 'DR, OOF' }, 'auto-response-suppress'],
      ['Precedence: bulk', { precedence: 'bulk' }, 'precedence'],
      ['Precedence: list', { precedence: 'list' }, 'precedence'],
      ['Precedence: Junk', { precedence: 'Junk' }, 'precedence'],
      ['X-Loop', { 'x-loop': 'helpdesk@contoso.com' }, 'x-loop'],
      ['List-Id', { 'list-id': '<it-news.contoso.com>' }, 'list-id'],
      ['List-Unsubscribe', { 'list-unsubscribe': '<mailto:unsubscribe@news.example.com>' }, 'list-unsubscribe'],
      ['a delivery report', { 'content-type': 'multipart/report; report-type=delivery-status; boundary="b1"' }, 'delivery-report'],
      ['a read receipt', { 'content-type': 'Multipart/Report; report-type=disposition-notification' }, 'delivery-report'],
    ])('when it carries %s, then rule %s fires', (_description, headers, rule) => {
      expect(ruleThatFired(customerEmail({ headers }))).toBe(rule);
    });

    it.each<[string, Record<string, string>]>([
      ['Auto-Submitted: no', { 'auto-submitted': 'no' }],
      ['Auto-Submitted: No (sent by a person)', { 'auto-submitted': 'No (sent by a person)' }],
      ['Precedence: first-class', { precedence: 'first-class' }],
      ['an ordinary Content-Type', { 'content-type': 'multipart/mixed; boundary="b1"' }],
    ])('when it carries %s, then it is still a person writing', (_description, headers) => {
      expect(ruleThatFired(customerEmail({ headers }))).toBeUndefined();
    });
  });

  describe('given customer mail from a machine sender', () => {
    it.each<[string, AutomatedMailRule]>([
      ['support@fabrikam.com', 'own-support-address'],
      ['escalations@fabrikam.com', 'own-support-address'],
      ['mailer-daemon@mx.example.com', 'system-sender'],
      ['postmaster@contoso.com', 'system-sender'],
      ['microsoftexchange329e71ec88ae4615bbc36ab6ce41109e@contoso.onmicrosoft.com', 'system-sender'],
      ['noreply@contoso.com', 'no-reply-sender'],
      ['no-reply@contoso.com', 'no-reply-sender'],
      ['no_reply@contoso.com', 'no-reply-sender'],
      ['donotreply@contoso.com', 'no-reply-sender'],
      ['do-not-reply@contoso.com', 'no-reply-sender'],
      ['azure-noreply@microsoft.com', 'no-reply-sender'],
    ])('when it comes from %s, then rule %s fires', (address, rule) => {
      expect(ruleThatFired(customerEmail({ from: { address } }))).toBe(rule);
    });

    it.each([['noreen.reply@contoso.com'], ['replyteam@contoso.com'], ['postmaster.jones@contoso.com'], ['support@contoso.com']])(
      'when it comes from a person whose address only resembles one (%s), then it is not automated',
      (address) => {
        expect(ruleThatFired(customerEmail({ from: { address } }))).toBeUndefined();
      },
    );

    it('when our own address writes with an auto-reply header too, then the loop rule is the one named', () => {
      const email = customerEmail({ from: { address: 'support@fabrikam.com' }, headers: { 'auto-submitted': 'auto-replied' } });
      expect(detectAutomatedMail(email, OWN_SUPPORT_ADDRESSES)).toEqual({
        automated: true,
        rule: 'own-support-address',
        reason: 'sender support@fabrikam.com is one of our own support addresses',
      });
    });
  });

  describe('given mail without headers, as the Outlook connector delivers it', () => {
    it.each([
      ['Automatic reply: [CS-000123] VM down'],
      ['Automatische Antwort: [CS-000123] VM down'],
      ['Out of Office: [CS-000123] VM down'],
      ['Undeliverable: [CS-000123] VM down'],
      ['Unzustellbar: [CS-000123] VM down'],
      ['Delivery Status Notification (Failure)'],
      ['Undelivered Mail Returned to Sender'],
      ['Mail delivery failed: returning message to sender'],
    ])('when the subject is "%s", then the subject rule fires', (subject) => {
      expect(ruleThatFired(customerEmail({ subject }))).toBe('automated-subject');
    });

    it.each([
      ['RE: Automatic reply: [CS-000123] VM down'],
      ['Automatic replies are not working in our tenant'],
      ['Question about undeliverable mails in Exchange Online'],
      ['Out of office hours support for our Azure VMs'],
      ['Returned mail is piling up in the shared mailbox'],
    ])('when a person writes about such mail ("%s"), then it is not automated', (subject) => {
      expect(ruleThatFired(customerEmail({ subject }))).toBeUndefined();
    });
  });
});
