import type { KeptMail } from '../../shared/adapters/mail/developmentMailbox';
import { startTestHost, type TestHost } from '../support/testHost';

const germanCase = {
  title: 'Unsere VM startet nicht mehr',
  description: 'Hallo, seit heute Morgen startet die VM vm-erp-01 nicht mehr. Können Sie bitte helfen? Danke!',
  product: 'azure',
  severity: 'B',
  customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam GmbH' },
  contact: { name: 'Anna Beispiel', email: 'anna@fabrikam.example' },
};

const englishCase = {
  ...germanCase,
  title: 'Production VM does not start',
  description: 'Since 08:00 our VM vm-erp-01 fails to boot after a platform update.',
  customer: { ...germanCase.customer, name: 'Fabrikam Ltd' },
  contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
};

const mailTemplates = {
  de: {
    acknowledgement: {
      subject: 'Contoso-Support hat Ihre Anfrage: {title}',
      text: 'Guten Tag {contactName},\n\nwir kümmern uns um den Fall {caseNumber} für {customerName}.',
    },
  },
  en: {
    agentReply: { text: 'Hello {contactName},\n\n{replyText}\n\nYour Contoso support team' },
  },
};

describe('a tenant’s own wording of its customer mail', () => {
  let test: TestHost;

  beforeAll(async () => {
    test = await startTestHost();
  });
  afterAll(() => test.stop());

  /** A tenant whose profile carries `mailTemplates`, with its keys. */
  async function tenantWithTemplates(): Promise<{ tenantId: string; portal: string; agent: string }> {
    const { tenantId, key: admin } = await test.newTenantKey('admin');
    const { key: portal } = await test.newTenantKey('portal', tenantId);
    const { key: agent } = await test.newTenantKey('agent', tenantId);
    const saved = await test.request('PUT', '/api/tenant-profile', {
      key: admin,
      body: { name: 'Contoso', supportAddresses: [], agentAddresses: [], mailTemplates },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.mailTemplates).toEqual(mailTemplates);
    return { tenantId, portal, agent };
  }

  async function mailOf(notificationId: string): Promise<KeptMail | undefined> {
    const response = await test.request('GET', '/admin/mail');
    expect(response.status).toBe(200);
    return (response.body as KeptMail[]).find((mail) => mail.notificationId === notificationId);
  }

  it('given a German acknowledgement override, when a German case is opened by the portal, then the mailbox shows the tenant’s subject and text with the case token', async () => {
    const { portal } = await tenantWithTemplates();

    const opened = await test.request('POST', '/api/cases', { key: portal, body: germanCase });
    expect(opened.status).toBe(201);
    await test.host.idle();

    const { id, caseNumber } = opened.body as { id: string; caseNumber: string };
    const acknowledgement = await mailOf(`notification-acknowledgement-${id}`);
    expect(acknowledgement).toMatchObject({
      to: ['anna@fabrikam.example'],
      language: 'de',
      subject: `[${caseNumber}] Contoso-Support hat Ihre Anfrage: Unsere VM startet nicht mehr`,
      text:
        `Guten Tag Anna Beispiel,\n\nwir kümmern uns um den Fall ${caseNumber} für Fabrikam GmbH.\n\n` +
        `Bitte lassen Sie [${caseNumber}] im Betreff, wenn Sie antworten, damit Ihre Antwort diesem Fall zugeordnet wird.`,
    });
  });

  it('given only German and agent-reply overrides, when an English case is opened and an agent replies, then the acknowledgement is the English default and the reply comes in the tenant’s frame', async () => {
    const { portal, agent } = await tenantWithTemplates();

    const opened = await test.request('POST', '/api/cases', { key: portal, body: englishCase });
    expect(opened.status).toBe(201);
    await test.host.idle();
    const { id, caseNumber } = opened.body as { id: string; caseNumber: string };
    const moved = await test.request('POST', `/api/cases/${id}/transitions`, {
      key: agent,
      body: { to: 'in_progress' },
    });
    expect(moved.status).toBe(200);
    const replied = await test.request('POST', `/api/cases/${id}/replies`, {
      key: agent,
      body: { text: 'Please restart the VM from the portal.' },
    });
    expect(replied.status).toBe(201);
    await test.host.idle();

    expect(await mailOf(`notification-acknowledgement-${id}`)).toMatchObject({
      language: 'en',
      subject: `[${caseNumber}] We received your request: Production VM does not start`,
    });
    const response = await test.request('GET', '/admin/mail');
    const reply = (response.body as KeptMail[]).find((mail) =>
      mail.notificationId.startsWith(`notification-agentReply-${id}-`),
    );
    expect(reply).toMatchObject({
      subject: `[${caseNumber}] Production VM does not start`,
      text:
        'Hello Ann Example,\n\nPlease restart the VM from the portal.\n\nYour Contoso support team\n\n' +
        `Please keep [${caseNumber}] in the subject when you reply, so your answer reaches this case.`,
    });
  });

  it('given a German acknowledgement override, when a German mail opens a case, then its acknowledgement is the tenant’s too', async () => {
    const { tenantId, key: agent } = await test.newTenantKey('agent');
    const mailbox = `support-${tenantId}@partner.example`;
    await test.desk.tenants.saveProfile(tenantId, {
      name: 'Contoso',
      supportAddresses: [mailbox],
      agentAddresses: [],
      mailTemplates,
    });

    // A Graph message as a mail connector puts it on email-intake.
    test.host.broker.queue('email-intake').send({
      messageId: `mail-${tenantId}`,
      body: {
        internetMessageId: `<mail-${tenantId}@fabrikam.example>`,
        subject: germanCase.title,
        from: { emailAddress: { name: 'Anna Beispiel', address: 'anna@fabrikam.example' } },
        toRecipients: [{ emailAddress: { address: mailbox } }],
        body: { contentType: 'text', content: germanCase.description },
        receivedDateTime: test.desk.clock.now().toISOString(),
      },
    });
    await test.host.idle(20_000);

    const listed = await test.request('GET', '/api/cases', { key: agent });
    const [opened] = listed.body.items as Array<{ id: string; caseNumber: string }>;
    expect(opened).toBeDefined();
    const acknowledgement = await mailOf(`notification-acknowledgement-${opened!.id}`);
    expect(acknowledgement?.subject).toBe(
      `[${opened!.caseNumber}] Contoso-Support hat Ihre Anfrage: Unsere VM startet nicht mehr`,
    );
    expect(acknowledgement?.text).toMatch(/^Guten Tag Anna Beispiel,\n\nwir kümmern uns um den Fall CS-\d+ für /);
  });

  it('given an unknown placeholder, when the profile is put, then 400 names the field and the placeholder, and the profile stays', async () => {
    const { key: admin } = await test.newTenantKey('admin');
    const first = await test.request('PUT', '/api/tenant-profile', { key: admin, body: { name: 'Contoso' } });
    expect(first.status).toBe(200);

    const refused = await test.request('PUT', '/api/tenant-profile', {
      key: admin,
      body: { name: 'Contoso renamed', mailTemplates: { de: { acknowledgement: { text: 'Hallo {kundenName}' } } } },
    });

    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'mailTemplates.de.acknowledgement.text', message: expect.stringContaining('{kundenName}') },
    ]);
    const kept = await test.request('GET', '/api/tenant-profile', { key: admin });
    expect(kept.body).toMatchObject({ name: 'Contoso' });
    expect(kept.body.mailTemplates).toBeUndefined();
  });
});
