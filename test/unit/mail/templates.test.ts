import {
  placeholdersIn,
  renderTemplate,
  mailTemplatesSchema,
  type MailTemplates,
} from '../../../shared/domain/mail/templates';
import { notificationFor } from '../../../shared/domain/notifications';
import { tenantProfileSchema } from '../../../shared/domain/tenantProfile';
import { monday, supportCaseFixture } from '../caseWork/supportCaseFixture';

const english = supportCaseFixture();
const german = supportCaseFixture({
  title: 'Größere VM startet nicht',
  description:
    'Hallo, seit heute Morgen startet unsere VM nicht mehr. Können Sie bitte helfen? Mit freundlichen Grüßen',
});

const germanAcknowledgement: MailTemplates = {
  de: {
    acknowledgement: {
      subject: 'Fabrikam-Support: {title}',
      text: 'Guten Tag {contactName},\n\nIhre Anfrage für {customerName} hat die Nummer {caseNumber}.',
    },
  },
};

describe('rendering a template', () => {
  it('given placeholders of the kind, when rendered, then each is replaced by its value, spaces inside braces allowed', () => {
    const text = renderTemplate('{caseNumber}: { title } for {customerName}', 'acknowledgement', {
      caseNumber: 'CS-000042',
      title: 'VM down',
      customerName: 'Fabrikam Ltd',
    });

    expect(text).toBe('CS-000042: VM down for Fabrikam Ltd');
  });

  it('given a value that itself looks like a placeholder, when rendered, then it is written as it is', () => {
    expect(renderTemplate('{title}', 'acknowledgement', { title: 'Broken {caseNumber} macro', caseNumber: 'X' })).toBe(
      'Broken {caseNumber} macro',
    );
  });

  it('given a placeholder of the kind without a value, when rendered, then nothing is written for it', () => {
    expect(renderTemplate('Done.{reason}', 'resolution', {})).toBe('Done.');
  });

  it('given braces around a name the kind does not know, when rendered, then they stay as written', () => {
    expect(renderTemplate('{replyText}', 'acknowledgement', { replyText: 'Hi' })).toBe('{replyText}');
  });

  it('given a template, when its placeholders are listed, then they come trimmed and in order', () => {
    expect(placeholdersIn('{ title } and {caseNumber} and {title}')).toEqual(['title', 'caseNumber', 'title']);
  });
});

describe('the tenant’s templates in a notification', () => {
  it('given a German acknowledgement override, when a German case is acknowledged, then subject and text are the tenant’s with the token and its line', () => {
    const { body } = notificationFor('acknowledgement', german, { at: monday }, germanAcknowledgement);

    expect(body.language).toBe('de');
    expect(body.subject).toBe('[CS-000042] Fabrikam-Support: Größere VM startet nicht');
    expect(body.text).toBe(
      'Guten Tag Ann Example,\n\nIhre Anfrage für Fabrikam Ltd hat die Nummer CS-000042.\n\n' +
        'Bitte lassen Sie [CS-000042] im Betreff, wenn Sie antworten, damit Ihre Antwort diesem Fall zugeordnet wird.',
    );
  });

  it('given only a German override, when an English case is acknowledged, then the English default is sent', () => {
    const withOverride = notificationFor('acknowledgement', english, { at: monday }, germanAcknowledgement);
    const withoutOverride = notificationFor('acknowledgement', english, { at: monday });

    expect(withOverride.body.subject).toBe('[CS-000042] We received your request: Production VM does not start');
    expect(withOverride).toEqual(withoutOverride);
  });

  it('given a German acknowledgement override, when a German case is resolved, then the default resolution is sent', () => {
    const details = { at: monday, occurrence: 'r1', text: 'Host neu gestartet.', reopenWindowDays: 7 };

    expect(notificationFor('resolution', german, details, germanAcknowledgement)).toEqual(
      notificationFor('resolution', german, details),
    );
  });

  it('given a subject that places the token itself, when rendered, then the token is not put in front again', () => {
    const templates: MailTemplates = { en: { acknowledgement: { subject: 'Case opened [{caseNumber}]' } } };

    const { body } = notificationFor('acknowledgement', english, { at: monday }, templates);

    expect(body.subject).toBe('Case opened [CS-000042]');
  });

  it('given only a subject override, when acknowledged, then the text is the default', () => {
    const templates: MailTemplates = { en: { acknowledgement: { subject: 'Thanks, {contactName}' } } };

    const { body } = notificationFor('acknowledgement', english, { at: monday }, templates);

    expect(body.subject).toBe('[CS-000042] Thanks, Ann Example');
    expect(body.text).toBe(notificationFor('acknowledgement', english, { at: monday }).body.text);
  });

  it('given an agentReply text override, when an agent replies, then the reply is placed in the tenant’s frame and the token line ends it', () => {
    const templates: MailTemplates = {
      en: { agentReply: { subject: 'Re: {title}', text: 'Hello {contactName},\n\n{replyText}\n\nYour Contoso desk' } },
    };

    const { body } = notificationFor(
      'agentReply',
      english,
      { at: monday, occurrence: '5', text: 'Please restart the VM.' },
      templates,
    );

    expect(body.subject).toBe('[CS-000042] Re: Production VM does not start');
    expect(body.text).toBe(
      'Hello Ann Example,\n\nPlease restart the VM.\n\nYour Contoso desk\n\n' +
        'Please keep [CS-000042] in the subject when you reply, so your answer reaches this case.',
    );
  });

  it('given a resolution override, when resolved with and without a reason, then reason and reopen window are filled in', () => {
    const templates: MailTemplates = {
      en: { resolution: { text: 'Closed {caseNumber}. {reason}\nReply within {reopenWindowDays} days to reopen.' } },
    };

    const withReason = notificationFor(
      'resolution',
      english,
      { at: monday, occurrence: 'r1', text: 'Rebooted the host.', reopenWindowDays: 7 },
      templates,
    );
    const withoutReason = notificationFor(
      'resolution',
      english,
      { at: monday, occurrence: 'r2', reopenWindowDays: 14 },
      templates,
    );

    expect(withReason.body.text).toMatch(/^Closed CS-000042\. Rebooted the host\.\nReply within 7 days to reopen\./);
    expect(withoutReason.body.text).toMatch(/^Closed CS-000042\. \nReply within 14 days to reopen\./);
    expect(withReason.body.subject).toBe('[CS-000042] Resolved: Production VM does not start');
  });

  it('given a case without a contact name, when {contactName} is rendered, then the contact’s address stands in', () => {
    const nameless = { ...english, contact: { email: 'ann@fabrikam.example' } };
    const templates: MailTemplates = { en: { acknowledgement: { text: 'Hello {contactName}' } } };

    const { body } = notificationFor('acknowledgement', nameless, { at: monday }, templates);

    expect(body.text.startsWith('Hello ann@fabrikam.example\n\n')).toBe(true);
  });
});

describe('validating a tenant’s templates', () => {
  const problemsOf = (mailTemplates: unknown) => {
    const result = tenantProfileSchema.safeParse({ name: 'Contoso', mailTemplates });
    return result.success
      ? []
      : result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
  };

  it('given every kind and language with known placeholders, when validated, then it is accepted', () => {
    const templates = {
      en: {
        acknowledgement: { subject: '{title}', text: '{caseNumber} {customerName} {contactName}' },
        agentReply: { subject: 'Re: {title}', text: '{replyText}' },
        resolution: { subject: 'Done: {title}', text: '{reason} {reopenWindowDays}' },
      },
      de: { resolution: { text: 'Erledigt: {reason}' } },
    };

    expect(mailTemplatesSchema.parse(templates)).toEqual(templates);
  });

  it('given an unknown placeholder, when validated, then the problem names the field and the placeholder', () => {
    expect(problemsOf({ de: { acknowledgement: { text: 'Hallo {kundenName}' } } })).toEqual([
      {
        field: 'mailTemplates.de.acknowledgement.text',
        message: expect.stringContaining('unknown placeholder {kundenName}'),
      },
    ]);
  });

  it('given a placeholder of another kind, when validated, then it is unknown to this kind', () => {
    expect(problemsOf({ en: { acknowledgement: { subject: 'About {replyText}' } } })).toEqual([
      {
        field: 'mailTemplates.en.acknowledgement.subject',
        message: expect.stringContaining('unknown placeholder {replyText}'),
      },
    ]);
  });

  it('given an agentReply text without {replyText}, when validated, then it is refused, for the reply would be lost', () => {
    expect(problemsOf({ en: { agentReply: { text: 'We answered your case.' } } })).toEqual([
      { field: 'mailTemplates.en.agentReply.text', message: expect.stringContaining('{replyText}') },
    ]);
  });

  it('given a subject on two lines, a too long text, an unknown kind or language, when validated, then each is refused', () => {
    const fields = (mailTemplates: unknown) => problemsOf(mailTemplates).map((problem) => problem.field);

    expect(fields({ en: { acknowledgement: { subject: 'one\ntwo' } } })).toEqual([
      'mailTemplates.en.acknowledgement.subject',
    ]);
    expect(fields({ en: { acknowledgement: { subject: 'x'.repeat(201) } } })).toEqual([
      'mailTemplates.en.acknowledgement.subject',
    ]);
    expect(fields({ en: { resolution: { text: 'x'.repeat(4001) } } })).toEqual(['mailTemplates.en.resolution.text']);
    expect(fields({ en: { acknowledgment: { text: 'typo' } } })).toEqual(['mailTemplates.en']);
    expect(fields({ fr: { acknowledgement: { text: 'Bonjour' } } })).toEqual(['mailTemplates']);
  });
});
