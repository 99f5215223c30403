import { randomUUID } from 'node:crypto';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';
import { mailPartner, type MailPartner } from '../support/mailPartners';

/**
 * Threading must prove that a mail belongs to a case: a token, In-Reply-To/References or conversation match adds the
 * mail only when its sender is on the case (contact, the case customer's people, or an agent of the tenant).
 */
describe('sender-checked email threading', () => {
  const clock = new ManualClock('2026-11-30T10:00:00Z');
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ clock, maxDeliveryCount: 3 });
  });
  afterAll(() => desk.stop());

  const partner = (): Promise<MailPartner> => mailPartner(desk);

  interface Mail {
    subject: string;
    from: string;
    to?: string;
    cc?: string;
    conversationId?: string;
    internetMessageId?: string;
    receivedDateTime?: string;
  }

  /** An Outlook V3 mail as the connector writes it. */
  const outlook = (mail: Mail): Record<string, unknown> => ({
    internetMessageId: mail.internetMessageId ?? `<${randomUUID()}@mail.example>`,
    conversationId: mail.conversationId ?? `conv-${randomUUID()}`,
    subject: mail.subject,
    from: mail.from,
    toRecipients: mail.to ?? '',
    ccRecipients: mail.cc ?? '',
    body: `${mail.subject}: details follow.`,
    isHtml: false,
    receivedDateTime: mail.receivedDateTime ?? '2026-11-30T09:55:00Z',
  });

  async function deliver(body: unknown, applicationProperties?: Record<string, string>): Promise<void> {
    desk.host.broker.queue('email-intake').send({ body, messageId: randomUUID(), applicationProperties });
    await desk.host.idle(20_000);
  }

  const cases = async (key: string): Promise<any[]> => (await desk.request('GET', '/api/cases', { key })).body.items;
  const caseById = async (key: string, id: string): Promise<any> =>
    (await desk.request('GET', `/api/cases/${id}`, { key })).body;
  const byNumber = async (key: string, caseNumber: string): Promise<any> => {
    const found = (await cases(key)).find((supportCase) => supportCase.caseNumber === caseNumber);
    return found ? caseById(key, found.id) : undefined;
  };
  const customerMessages = (supportCase: any): any[] =>
    supportCase.timeline.filter((event: { type: string }) => event.type === 'customerMessage');
  const acknowledged = (caseId: string): boolean =>
    desk.host.broker.queue('notifications').acceptedMessageIds().includes(`notification-acknowledgement-${caseId}`);

  it('given a case of Fabrikam, when a Northwind sender writes with its token, then a second case opens and the first shows nothing of it', async () => {
    const { key, mailbox } = await partner();
    await deliver(outlook({ subject: 'Teams calls drop', from: 'jana@fabrikam.example', to: mailbox }));

    await deliver(outlook({ subject: '[CS-000001] Invoice wrong', from: 'bob@northwind.example', to: mailbox }));

    const first = await byNumber(key, 'CS-000001');
    const second = await byNumber(key, 'CS-000002');
    expect(customerMessages(first)).toHaveLength(0);
    expect(JSON.stringify(first.timeline)).not.toContain('northwind');
    expect(second).toMatchObject({
      contact: { email: 'bob@northwind.example' },
      linkedCaseIds: [],
      title: 'Invoice wrong',
    });
    const refusals = (await desk.request('GET', '/api/intake/thread-refusals', { key })).body;
    expect(refusals.items).toEqual([
      expect.objectContaining({
        from: 'bob@northwind.example',
        openedCaseId: second.id,
        refused: [expect.objectContaining({ caseId: first.id, caseNumber: 'CS-000001', matchedBy: 'token' })],
      }),
    ]);
  });

  it('given a pending case, when an outsider writes with its token, then the case stays pending', async () => {
    const { key, mailbox } = await partner();
    await deliver(outlook({ subject: 'Mailbox full', from: 'jana@fabrikam.example', to: mailbox }));
    const first = await byNumber(key, 'CS-000001');
    for (const to of ['in_progress', 'pending_customer']) {
      expect(
        (
          await desk.request('POST', `/api/cases/${first.id}/transitions`, {
            key,
            body: { to, reason: 'waiting for logs' },
          })
        ).status,
      ).toBe(200);
    }

    await deliver(outlook({ subject: 'RE: [CS-000001] Mailbox full', from: 'mallory@attacker.example', to: mailbox }));

    expect((await caseById(key, first.id)).status).toBe('pending_customer');
  });

  it('given a case, when a colleague of the same customer or its listed freemail address writes with the token, then both are added to it', async () => {
    const { key, mailbox } = await partner();
    await deliver(outlook({ subject: 'VPN down', from: 'jana@fabrikam.example', to: mailbox }));

    await deliver(outlook({ subject: 'AW: [CS-000001] VPN down', from: 'peter@fabrikam.example', to: mailbox }));
    await deliver(
      outlook({ subject: 'Re: [CS-000001] VPN down', from: 'Fabrikam.Owner@freemail.example', to: mailbox }),
    );

    expect(customerMessages(await byNumber(key, 'CS-000001'))).toHaveLength(2);
    expect(await cases(key)).toHaveLength(1);
  });

  it('given a case of an unknown customer, when someone of the same domain who is not its contact writes with the token, then a new case opens', async () => {
    const { key, mailbox } = await partner();
    await deliver(outlook({ subject: 'Printer offline', from: 'ann@unlisted.example', to: mailbox }));

    await deliver(outlook({ subject: 'Re: [CS-000001] Printer offline', from: 'ben@unlisted.example', to: mailbox }));

    expect(customerMessages(await byNumber(key, 'CS-000001'))).toHaveLength(0);
    expect(await cases(key)).toHaveLength(2);
  });

  it('given a conversation id that Exchange reused for an unrelated sender, when taken in, then that mail opens its own case and the conversation stays with the first', async () => {
    const { key, mailbox } = await partner();
    const conversationId = `conv-${randomUUID()}`;
    await deliver(outlook({ subject: 'Password reset', from: 'jana@fabrikam.example', to: mailbox, conversationId }));

    await deliver(outlook({ subject: 'Password reset', from: 'eve@northwind.example', to: mailbox, conversationId }));
    await deliver(outlook({ subject: 'Password reset', from: 'jana@fabrikam.example', to: mailbox, conversationId }));

    const first = await byNumber(key, 'CS-000001');
    expect(customerMessages(first)).toHaveLength(1);
    expect(customerMessages(first)[0].actor.id).toBe('jana@fabrikam.example');
    expect((await byNumber(key, 'CS-000002')).contact.email).toBe('eve@northwind.example');
    const refusals = (await desk.request('GET', '/api/intake/thread-refusals', { key })).body.items;
    expect(refusals[0].refused[0]).toMatchObject({ caseId: first.id, matchedBy: 'conversation' });
  });

  it('given a long thread, when a reply names the case mail only as the first of many References, then it is threaded by that root', async () => {
    const { key, mailbox } = await partner();
    const root = `<root-${randomUUID()}@mail.fabrikam.example>`;
    await deliver(
      outlook({ subject: 'Licence count wrong', from: 'jana@fabrikam.example', to: mailbox, internetMessageId: root }),
    );
    const references = [
      root,
      ...Array.from({ length: 12 }, (_, index) => `<hop-${index}-${randomUUID()}@elsewhere.example>`),
    ].join(' ');
    const reply = {
      internetMessageId: `<${randomUUID()}@mail.fabrikam.example>`,
      conversationId: `conv-${randomUUID()}`,
      subject: 'Licence count wrong',
      from: { emailAddress: { address: 'jana@fabrikam.example' } },
      toRecipients: [{ emailAddress: { address: mailbox } }],
      body: { contentType: 'text', content: 'Still wrong after your change.' },
      receivedDateTime: '2026-11-30T09:58:00Z',
      internetMessageHeaders: [
        { name: 'In-Reply-To', value: `<hop-x-${randomUUID()}@elsewhere.example>` },
        { name: 'References', value: references },
      ],
    };

    await deliver(reply);

    expect(customerMessages(await byNumber(key, 'CS-000001'))).toHaveLength(1);
    expect(await cases(key)).toHaveLength(1);
  });

  it('given an outsider replying by In-Reply-To to a case mail, when taken in, then a new case opens', async () => {
    const { key, mailbox } = await partner();
    const original = `<${randomUUID()}@mail.fabrikam.example>`;
    await deliver(
      outlook({ subject: 'SharePoint quota', from: 'jana@fabrikam.example', to: mailbox, internetMessageId: original }),
    );
    const reply = {
      internetMessageId: `<${randomUUID()}@northwind.example>`,
      subject: 'Re: SharePoint quota',
      from: { emailAddress: { address: 'bob@northwind.example' } },
      toRecipients: [{ emailAddress: { address: mailbox } }],
      body: { contentType: 'text', content: 'Me too.' },
      receivedDateTime: '2026-11-30T09:58:00Z',
      internetMessageHeaders: [{ name: 'In-Reply-To', value: original }],
    };

    await deliver(reply);

    expect(await cases(key)).toHaveLength(2);
    const refusals = (await desk.request('GET', '/api/intake/thread-refusals', { key })).body.items;
    expect(refusals[0].refused[0].matchedBy).toBe('inReplyTo');
  });

  it('given an agent answering from their own mailbox with the support mailbox in copy, when taken in, then it is the agent’s reply and nobody is mailed again', async () => {
    const { key, mailbox, agent } = await partner();
    await deliver(outlook({ subject: 'Outlook crashes', from: 'jana@fabrikam.example', to: mailbox }));
    const first = await byNumber(key, 'CS-000001');
    const notificationsBefore = desk.host.broker.queue('notifications').acceptedMessageIds().length;

    await deliver(
      outlook({ subject: 'RE: [CS-000001] Outlook crashes', from: agent, to: 'jana@fabrikam.example', cc: mailbox }),
    );

    const after = await caseById(key, first.id);
    expect(customerMessages(after)).toHaveLength(0);
    expect(after.timeline.filter((event: { type: string }) => event.type === 'agentReply')).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ kind: 'agent', id: agent }) }),
    ]);
    expect(after.sla.clocks.find((clock: { metric: string }) => clock.metric === 'firstResponse').state).toBe('met');
    expect(desk.host.broker.queue('notifications').acceptedMessageIds()).toHaveLength(notificationsBefore);
  });

  it('given the support mailbox only in Bcc, when the connector names the mailbox it watches, then the mail reaches that tenant', async () => {
    const { key, mailbox } = await partner();

    await deliver(outlook({ subject: 'Bcc copy', from: 'jana@fabrikam.example', to: 'someone@fabrikam.example' }), {
      mailbox,
    });

    expect((await cases(key)).map((supportCase) => supportCase.title)).toEqual(['Bcc copy']);
  });

  it('given a Graph message read from the support mailbox and addressed elsewhere, when taken in, then the mailbox in @odata.context decides the tenant', async () => {
    const { key, mailbox } = await partner();
    const message = {
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${encodeURIComponent(mailbox)}')/messages/$entity`,
      internetMessageId: `<${randomUUID()}@mail.fabrikam.example>`,
      subject: 'Forwarded by a transport rule',
      from: { emailAddress: { address: 'jana@fabrikam.example' } },
      toRecipients: [{ emailAddress: { address: 'helpdesk@fabrikam.example' } }],
      body: { contentType: 'text', content: 'Please look.' },
      receivedDateTime: '2026-11-30T09:58:00Z',
    };

    await deliver(message);

    expect((await cases(key)).map((supportCase) => supportCase.title)).toEqual(['Forwarded by a transport rule']);
  });

  it('given a mail that arrived three hours before the desk took it in, when enriched, then its SLA clocks start at the arrival', async () => {
    const { key, mailbox } = await partner();

    await deliver(
      outlook({
        subject: 'Slow connector',
        from: 'jana@fabrikam.example',
        to: mailbox,
        receivedDateTime: '2026-11-30T07:00:00Z',
      }),
    );
    await deliver(
      outlook({
        subject: 'Clock ahead',
        from: 'jana@fabrikam.example',
        to: mailbox,
        receivedDateTime: '2026-11-30T13:00:00Z',
      }),
    );

    const slow = await byNumber(key, 'CS-000001');
    const ahead = await byNumber(key, 'CS-000002');
    const startOf = (supportCase: any): string =>
      supportCase.sla.clocks.find((clock: { metric: string }) => clock.metric === 'firstResponse').startedAt;
    expect(startOf(slow)).toBe('2026-11-30T07:00:00.000Z');
    expect(startOf(ahead)).toBe(clock.now().toISOString());
  });

  it('given senders whose addresses intake accepts but a strict email format would not, when taken in, then their cases read back and reach enriched, and the tenant’s later cases too', async () => {
    const { key, mailbox } = await partner();
    const senders = ['jörg@fabrikam.example', 'dave@northwind.example.', 'dave@northwind.example(comment)'];

    for (const from of senders) await deliver(outlook({ subject: `Mail from ${from}`, from, to: mailbox }));
    await deliver(outlook({ subject: 'An ordinary mail afterwards', from: 'jana@fabrikam.example', to: mailbox }));

    const listed = await desk.request('GET', '/api/cases', { key });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { status: string }) => item.status)).toEqual([
      'enriched',
      'enriched',
      'enriched',
      'enriched',
    ]);
    for (const item of listed.body.items)
      expect((await desk.request('GET', `/api/cases/${item.id}`, { key })).status).toBe(200);
  });

  it('given a person’s mail with X-Auto-Response-Suppress, when taken in, then it opens a case but gets no acknowledgement', async () => {
    const { key, mailbox } = await partner();
    const message = {
      internetMessageId: `<${randomUUID()}@mail.fabrikam.example>`,
      subject: 'Teams meeting recordings missing',
      from: { emailAddress: { address: 'jana@fabrikam.example' } },
      toRecipients: [{ emailAddress: { address: mailbox } }],
      body: { contentType: 'text', content: 'Since yesterday no recordings appear.' },
      receivedDateTime: '2026-11-30T09:58:00Z',
      internetMessageHeaders: [{ name: 'X-Auto-Response-Suppress', value: 'All' }],
    };

    await deliver(message);

    const [opened] = await cases(key);
    expect(opened.title).toBe('Teams meeting recordings missing');
    expect(acknowledged(opened.id)).toBe(false);
  });
});
