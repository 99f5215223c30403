import {
  detectAutomatedMail,
  parseInboundEmail,
  suppressesAutoReply,
  type AutomatedMailRule,
  type InboundEmail,
} from '../../../shared/domain/email';
import { emailFixtureJson, parsedEmailFixture } from './emailFixtures';

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
      [
        'Auto-Submitted with parameters',
        { 'auto-submitted': 'auto-replied; owner-email="x@contoso.com"' },
        'auto-submitted',
      ],
      ['Precedence: bulk', { precedence: 'bulk' }, 'precedence'],
      ['Precedence: list', { precedence: 'list' }, 'precedence'],
      ['Precedence: Junk', { precedence: 'Junk' }, 'precedence'],
      ['X-Loop', { 'x-loop': 'helpdesk@contoso.com' }, 'x-loop'],
      ['List-Id', { 'list-id': '<it-news.contoso.com>' }, 'list-id'],
      ['List-Unsubscribe', { 'list-unsubscribe': '<mailto:unsubscribe@news.example.com>' }, 'list-unsubscribe'],
      [
        'a delivery report',
        { 'content-type': 'multipart/report; report-type=delivery-status; boundary="b1"' },
        'delivery-report',
      ],
      [
        'a read receipt',
        { 'content-type': 'Multipart/Report; report-type=disposition-notification' },
        'delivery-report',
      ],
    ])('when it carries %s, then rule %s fires', (_description, headers, rule) => {
      expect(ruleThatFired(customerEmail({ headers }))).toBe(rule);
    });

    it.each<[string, Record<string, string>]>([
      ['Auto-Submitted: no', { 'auto-submitted': 'no' }],
      ['Auto-Submitted: No (sent by a person)', { 'auto-submitted': 'No (sent by a person)' }],
      ['Precedence: first-class', { precedence: 'first-class' }],
      ['an ordinary Content-Type', { 'content-type': 'multipart/mixed; boundary="b1"' }],
      ['X-Auto-Response-Suppress: All', { 'x-auto-response-suppress': 'All' }],
      ['X-Auto-Response-Suppress: DR, OOF', { 'x-auto-response-suppress': 'DR, OOF' }],
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

    it.each([
      ['noreen.reply@contoso.com'],
      ['replyteam@contoso.com'],
      ['postmaster.jones@contoso.com'],
      ['support@contoso.com'],
    ])('when it comes from a person whose address only resembles one (%s), then it is not automated', (address) => {
      expect(ruleThatFired(customerEmail({ from: { address } }))).toBeUndefined();
    });

    it('when our own address writes with an auto-reply header too, then the loop rule is the one named', () => {
      const email = customerEmail({
        from: { address: 'support@fabrikam.com' },
        headers: { 'auto-submitted': 'auto-replied' },
      });
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

describe("detectAutomatedMail with automatic replies and bounces in our customers' languages", () => {
  function subjectRule(subject: string): AutomatedMailRule | undefined {
    return ruleThatFired(customerEmail({ subject }));
  }

  // [subject, language, who writes it]
  it.each([
    ['Automatic reply: [CS-000123] VM down', 'English', 'Exchange/Outlook'],
    ['自动答复: [CS-000123] VM down', 'Chinese (simplified)', 'Exchange/Outlook'],
    ['自動回覆：[CS-000123] VM down', 'Chinese (traditional), full-width colon', 'Exchange/Outlook'],
    ['自動応答: [CS-000123] VM down', 'Japanese', 'Exchange/Outlook'],
    ['无法送达: [CS-000123] VM down', 'Chinese (simplified) bounce', 'Exchange'],
    ['配信不能: [CS-000123] VM down', 'Japanese bounce', 'Exchange'],
    ['Out of Office: [CS-000123] VM down', 'English', 'older Exchange'],
    ['Out of Office AutoReply: [CS-000123] VM down', 'English', 'Exchange 2003'],
    ['Auto-Reply: [CS-000123] VM down', 'English', 'other servers'],
    ['Autoreply: [CS-000123] VM down', 'English', 'other servers'],
    ['Automatische Antwort: [CS-000123] VM down', 'German', 'Exchange/Outlook'],
    ['Abwesend: [CS-000123] VM down', 'German', 'older Exchange'],
    ['Abwesenheitsnotiz: [CS-000123] VM down', 'German', 'Lotus Notes'],
    ['Réponse automatique : [CS-000123] VM down', 'French', 'Exchange/Outlook'],
    ['Reponse automatique : [CS-000123] VM down', 'French', 'Exchange/Outlook via a gateway that drops accents'],
    ['Absent du bureau : [CS-000123] VM down', 'French', 'older Exchange'],
    ['Absence : [CS-000123] VM down', 'French', 'Lotus Notes'],
    ['Risposta automatica: [CS-000123] VM down', 'Italian', 'Exchange/Outlook'],
    ['Fuori sede: [CS-000123] VM down', 'Italian', 'older Exchange'],
    ['Respuesta automática: [CS-000123] VM down', 'Spanish', 'Exchange/Outlook'],
    ['Fuera de la oficina: [CS-000123] VM down', 'Spanish', 'older Exchange'],
    ['Automatisch antwoord: [CS-000123] VM down', 'Dutch', 'Exchange/Outlook'],
    ['Afwezig: [CS-000123] VM down', 'Dutch', 'older Exchange'],
    ['Automatiskt svar: [CS-000123] VM down', 'Swedish', 'Exchange/Outlook'],
    ['Frånvaro: [CS-000123] VM down', 'Swedish', 'older Exchange'],
    ['Automatisk svar: [CS-000123] VM down', 'Danish', 'Exchange/Outlook'],
    ['Fraværende: [CS-000123] VM down', 'Danish', 'older Exchange'],
    ['Automatisk svar: [CS-000123] VM down', 'Norwegian', 'Exchange/Outlook'],
    ['Ikke til stede: [CS-000123] VM down', 'Norwegian', 'older Exchange'],
    ['Automaattinen vastaus: [CS-000123] VM down', 'Finnish', 'Exchange/Outlook'],
    ['Poissa: [CS-000123] VM down', 'Finnish', 'older Exchange'],
    ['Odpowiedź automatyczna: [CS-000123] VM down', 'Polish', 'Exchange/Outlook'],
    ['Automatyczna odpowiedź: [CS-000123] VM down', 'Polish', 'other servers'],
    ['Nieobecność: [CS-000123] VM down', 'Polish', 'older Exchange'],
    ['Resposta automática: [CS-000123] VM down', 'Portuguese', 'Exchange/Outlook'],
    ['Ausente: [CS-000123] VM down', 'Portuguese', 'older Exchange'],
    ['Automatic reply：[CS-000123] VM down', 'any', 'a client with a full-width colon'],
    ['AUTOMATIC REPLY: [CS-000123] VM down', 'any', 'upper case'],
  ])('given the automatic reply "%s" (%s, %s), when checked, then the subject rule fires', (subject) => {
    expect(subjectRule(subject)).toBe('automated-subject');
  });

  it.each([
    ['English', 'Undeliverable: [CS-000123] VM down'],
    ['German', 'Unzustellbar: [CS-000123] VM down'],
    ['French', 'Non remis : [CS-000123] VM down'],
    ['Italian', 'Non recapitabile: [CS-000123] VM down'],
    ['Spanish', 'No se puede entregar: [CS-000123] VM down'],
    ['Dutch', 'Onbestelbaar: [CS-000123] VM down'],
    ['Swedish', 'Kan inte levereras: [CS-000123] VM down'],
    ['Danish', 'Kunne ikke leveres: [CS-000123] VM down'],
    ['Norwegian', 'Kan ikke leveres: [CS-000123] VM down'],
    ['Finnish', 'Ei voitu toimittaa: [CS-000123] VM down'],
    ['Polish', 'Niedostarczalne: [CS-000123] VM down'],
    ['Portuguese', 'Não é possível entregar: [CS-000123] VM down'],
  ])('given a bounce in %s ("%s"), when checked, then the subject rule fires', (_language, subject) => {
    expect(subjectRule(subject)).toBe('automated-subject');
  });

  it.each([
    ['Out of office'],
    ['Out of Office'],
    ['Abwesend'],
    ['Absence'],
    ['Fuori sede'],
    ['Fuera de la oficina'],
    ['Afwezig'],
    ['Frånvaro'],
    ['Ikke til stede'],
    ['Poissa'],
    ['Nieobecność'],
    ['Ausente'],
  ])('given a vacation reply whose whole subject is "%s", when checked, then the subject rule fires', (subject) => {
    expect(subjectRule(subject)).toBe('automated-subject');
  });

  it.each([
    ['[External] Automatic reply: x'],
    ['[EXTERNAL] Automatische Antwort: x'],
    ['[EXT] Réponse automatique : x'],
    ['EXTERNAL: Risposta automatica: x'],
    ['[Extern] Automatisch antwoord: x'],
    ['[EXTERN] Automatiskt svar: x'],
    ['*EXTERNAL* Respuesta automática: x'],
    ['[Externe] Absent du bureau : x'],
    ['[External] [SPAM] Undeliverable: x'],
    ['[External] Out of office'],
  ])('given a gateway tag in front ("%s"), when checked, then the subject rule still fires', (subject) => {
    expect(subjectRule(subject)).toBe('automated-subject');
  });

  it('given a vacation reply whose whole subject is a marker, when checked, then the reason says so', () => {
    expect(detectAutomatedMail(customerEmail({ subject: 'Out of office' }), OWN_SUPPORT_ADDRESSES)).toEqual({
      automated: true,
      rule: 'automated-subject',
      reason: "subject is only 'Out of office', as vacation responders write it",
    });
  });

  it('given the example of issue 10, when checked, then the reason names the marker behind the tag', () => {
    const email = customerEmail({
      subject: '[External] Automatic reply: x',
      from: { address: 'lena@fabrikam.example' },
    });
    expect(detectAutomatedMail(email, OWN_SUPPORT_ADDRESSES)).toEqual({
      automated: true,
      rule: 'automated-subject',
      reason: "subject starts with 'Automatic reply:', as automatic replies and bounces do",
    });
  });

  it.each([
    ['Out of office hours support needed'],
    ['Abwesenheit planen in Teams'],
    ['Absence management in Dynamics'],
    ['Automatische Antworten funktionieren nicht'],
    ['Réponses automatiques désactivées ?'],
    ['Fuera de la oficina no funciona el correo'],
    ['Afwezigheid instellen in Outlook'],
    ['Poissaolot eivät näy kalenterissa'],
    ['Nieobecności w kalendarzu'],
    ['Undeliverable mails to our partner'],
    ['[External] Out of office hours support needed'],
    ['RE: Automatic reply: [CS-000123] VM down'],
    ['FW: Undeliverable: [CS-000123] VM down'],
    ['AW: [EXTERNAL] Automatische Antwort: x'],
    ['[CS-000123] Automatic reply: x'],
  ])('given a person\'s subject ("%s"), when checked, then it is not automated', (subject) => {
    expect(subjectRule(subject)).toBeUndefined();
  });

  it('given a huge subject of tags and spaces, when checked, then it returns promptly', () => {
    const subject = `${'[EXTERNAL] '.repeat(50_000)}Out of office${' '.repeat(100_000)}x`;
    const started = Date.now();
    subjectRule(subject);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('given a long subject that begins with a whole-subject marker, when checked, then it is a person writing', () => {
    expect(subjectRule(`Out of office${' '.repeat(1000)}x`)).toBeUndefined();
  });
});

describe('detectAutomatedMail with encoded subjects, as the connectors deliver them', () => {
  it.each([
    ['Outlook V3', 'outlook-v3-plain.json'],
    ['Graph', 'graph-plain.json'],
  ])(
    'given a %s payload with a Q-encoded French automatic reply, when parsed and checked, then the subject rule fires',
    (_shape, fixture) => {
      const parsed = parseInboundEmail({
        ...emailFixtureJson(fixture),
        subject: '=?ISO-8859-1?Q?R=E9ponse_automatique_:?= VM down',
      });
      if (!parsed.ok) throw new Error(parsed.error);
      expect(ruleThatFired(parsed.email)).toBe('automated-subject');
    },
  );
});

describe('suppressesAutoReply', () => {
  it.each([['All'], ['OOF'], ['AutoReply'], ['DR, OOF'], ['DR, NDR, RN, NRN, OOF, AutoReply'], ['all']])(
    'given X-Auto-Response-Suppress "%s", when checked, then the desk must send no acknowledgement',
    (value) => {
      expect(suppressesAutoReply(customerEmail({ headers: { 'x-auto-response-suppress': value } }))).toBe(true);
    },
  );

  it.each<[string, Record<string, string>]>([
    ['no headers at all (the Outlook connector)', {}],
    ['X-Auto-Response-Suppress "None"', { 'x-auto-response-suppress': 'None' }],
    ['an empty X-Auto-Response-Suppress', { 'x-auto-response-suppress': '' }],
    ['only other headers', { 'auto-submitted': 'no' }],
  ])('given %s, when checked, then an acknowledgement may be sent', (_description, headers) => {
    expect(suppressesAutoReply(customerEmail({ headers }))).toBe(false);
  });

  it('given the Graph auto-reply fixture, when checked, then it suppresses replies and is automated for Auto-Submitted', () => {
    const email = parsedEmailFixture('graph-auto-reply.json');
    expect(suppressesAutoReply(email)).toBe(true);
    expect(ruleThatFired(email)).toBe('auto-submitted');
  });

  it("given a person's mail that asks for no automatic replies, when checked, then it is a person's mail all the same", () => {
    const email = customerEmail({ headers: { 'x-auto-response-suppress': 'All' } });
    expect(detectAutomatedMail(email, OWN_SUPPORT_ADDRESSES)).toEqual({ automated: false });
    expect(suppressesAutoReply(email)).toBe(true);
  });
});
