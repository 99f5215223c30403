import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RestError } from '@azure/core-rest-pipeline';
import { changeCase } from '../../shared/services/caseUpdates';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';

const fixtureDir = join(__dirname, '..', 'fixtures', 'email');
const fixture = (name: string): Record<string, any> => JSON.parse(readFileSync(join(fixtureDir, name), 'utf8'));

describe('email intake', () => {
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ clock, maxDeliveryCount: 3 });
  });
  afterAll(() => desk.stop());

  /** A tenant with its own support mailbox and a known customer domain, and an agent key to look at its cases. */
  async function partner(): Promise<{ tenantId: string; key: string; mailbox: string }> {
    const { tenantId, key } = await desk.newTenantKey('agent');
    const mailbox = `support-${tenantId}@partner.example`;
    await desk.desk.tenants.saveProfile(tenantId, { name: 'Partner', supportAddresses: [mailbox], agentAddresses: [] });
    await desk.desk.customers.put(tenantId, {
      customerTenantId: '4b1e3c2d-6f5a-4e7d-8c9b-0a1b2c3d4e5f',
      name: 'Contoso Ltd',
      domains: ['contoso.com'],
      addresses: [],
      supportPlanId: 'standard',
      billingMode: 'included',
      cspSubscriptions: [],
      updatedAt: clock.now().toISOString(),
    });
    return { tenantId, key, mailbox };
  }

  /** An Outlook V3 fixture addressed to the partner's mailbox, with a fresh Message-ID unless told otherwise. */
  function outlookMail(
    name: string,
    mailbox: string,
    overrides: Record<string, unknown> = {},
  ): Record<string, unknown> {
    return {
      ...fixture(name),
      toRecipients: mailbox,
      internetMessageId: `<${randomUUID()}@mail.contoso.com>`,
      ...overrides,
    };
  }

  async function deliver(body: unknown, messageId = randomUUID()): Promise<void> {
    desk.host.broker.queue('email-intake').send({ body, messageId });
    await desk.host.idle(20_000);
  }

  const casesOf = async (key: string): Promise<any[]> => (await desk.request('GET', '/api/cases', { key })).body.items;
  const caseById = async (key: string, id: string): Promise<any> =>
    (await desk.request('GET', `/api/cases/${id}`, { key })).body;

  it('given mail to other tenants’ mailboxes, when taken in, then this tenant sees none of their cases', async () => {
    const { key } = await partner();
    const other = await partner();

    await deliver(outlookMail('outlook-v3-plain.json', other.mailbox));

    expect(await casesOf(key)).toHaveLength(0);
    expect(await casesOf(other.key)).toHaveLength(1);
  });

  it('given a plain customer email, when taken in, then a case is opened from subject and body, tied to the customer by domain, and enriched', async () => {
    const { key, mailbox } = await partner();

    await deliver(outlookMail('outlook-v3-plain.json', mailbox));

    const [listed] = await casesOf(key);
    const supportCase = await caseById(key, listed.id);
    expect(supportCase).toMatchObject({
      source: 'email',
      title: 'Azure subscription suspended after payment',
      contact: { email: 'jane.doe@contoso.com' },
      customer: { name: 'Contoso Ltd', tenantId: '4b1e3c2d-6f5a-4e7d-8c9b-0a1b2c3d4e5f' },
      status: 'enriched',
      product: 'azure',
    });
    expect(supportCase.description.length).toBeGreaterThan(20);
    expect(supportCase.entitlement).toMatchObject({ customerKnown: true, planId: 'standard' });
    expect(desk.host.broker.queue('notifications').acceptedMessageIds()).toContain(
      `notification-acknowledgement-${listed.id}`,
    );
  });

  it('given an HTML email with script and style, when taken in, then the description is text without them', async () => {
    const { key, mailbox } = await partner();

    await deliver(outlookMail('outlook-v3-html.json', mailbox));

    const [supportCase] = await casesOf(key);
    expect(supportCase.description).not.toMatch(/<script|<style|function\s*\(|\{\s*color/i);
    expect(supportCase.description).toMatch(/Teams/);
  });

  it('given the base64-wrapped connector message, when taken in, then it opens a case like the plain JSON', async () => {
    const { key, mailbox } = await partner();
    const decoded = JSON.parse(
      Buffer.from(readFileSync(join(fixtureDir, 'outlook-v3-base64.txt'), 'utf8').trim(), 'base64').toString('utf8'),
    );
    const rewrapped = Buffer.from(JSON.stringify({ ...decoded, toRecipients: mailbox })).toString('base64');

    await deliver(rewrapped);

    expect(await casesOf(key)).toHaveLength(1);
  });

  it('given replies from the case’s customer by case number token, by In-Reply-To and by conversation, when taken in, then each lands on the same case', async () => {
    const { key, mailbox } = await partner();
    const original = outlookMail('outlook-v3-plain.json', mailbox, { conversationId: `conv-${randomUUID()}` });
    await deliver(original);
    const [opened] = await casesOf(key);

    await deliver(
      outlookMail('outlook-v3-reply.json', mailbox, {
        subject: `RE: [${opened.caseNumber}] Azure subscription suspended after payment`,
      }),
    );
    const graphReply: Record<string, unknown> = {
      ...fixture('graph-html-reply.json'),
      toRecipients: [{ emailAddress: { address: mailbox } }],
      internetMessageId: `<${randomUUID()}@mail.example.com>`,
      subject: 'Re: still down',
      conversationId: 'other',
      from: { emailAddress: { name: 'Jane Doe', address: 'jane.doe@contoso.com' } },
    };
    graphReply.internetMessageHeaders = [
      { name: 'In-Reply-To', value: original.internetMessageId },
      { name: 'References', value: original.internetMessageId },
    ];
    await deliver(graphReply);
    await deliver(
      outlookMail('outlook-v3-plain.json', mailbox, {
        subject: 'one more thing',
        conversationId: original.conversationId,
      }),
    );

    const cases = await casesOf(key);
    expect(cases).toHaveLength(1);
    const timeline = (await caseById(key, opened.id)).timeline;
    expect(timeline.filter((event: { type: string }) => event.type === 'customerMessage')).toHaveLength(3);
  });

  it('given the same email delivered three times, when taken in, then there is one case with one creation', async () => {
    const { key, mailbox } = await partner();
    const mail = outlookMail('outlook-v3-plain.json', mailbox);

    desk.host.broker.queue('email-intake').send({ body: mail, messageId: 'a' });
    desk.host.broker.queue('email-intake').send({ body: mail, messageId: 'b' });
    desk.host.broker.queue('email-intake').send({ body: mail, messageId: 'c' });
    await desk.host.idle(20_000);

    const cases = await casesOf(key);
    expect(cases).toHaveLength(1);
    const timeline = (await caseById(key, cases[0].id)).timeline;
    expect(timeline.filter((event: { type: string }) => event.type === 'created')).toHaveLength(1);
    expect(
      desk.host.broker
        .queue('case-triage')
        .acceptedMessageIds()
        .filter((id) => id === `triage-${cases[0].id}`),
    ).toHaveLength(1);
  });

  it.each([
    ['an auto-reply', 'outlook-v3-auto-reply.json'],
    ['a bounce', 'outlook-v3-bounce.json'],
  ])(
    'given %s, when taken in, then no case is opened and the mail is recorded for the operator',
    async (_label, name) => {
      const { key, tenantId, mailbox } = await partner();
      const notificationsBefore = desk.host.broker.queue('notifications').acceptedMessageIds().length;

      await deliver(outlookMail(name, mailbox));

      expect(await casesOf(key)).toHaveLength(0);
      expect(desk.host.broker.queue('notifications').acceptedMessageIds()).toHaveLength(notificationsBefore);
      const log = await desk.desk.intakeLog.listIgnored(tenantId, 10);
      expect(log.count).toBe(1);
      expect(log.items[0]?.reason).toEqual(expect.any(String));
    },
  );

  it('given mail from the tenant’s own support address, when taken in, then it is ignored as a loop', async () => {
    const { key, tenantId, mailbox } = await partner();

    await deliver(outlookMail('outlook-v3-plain.json', mailbox, { from: mailbox }));

    expect(await casesOf(key)).toHaveLength(0);
    expect((await desk.desk.intakeLog.listIgnored(tenantId, 10)).items[0]?.rule).toBe('own-support-address');
  });

  it('given a reply to a closed case, when within the reopen window it reopens; after it, a new linked case is opened', async () => {
    const { key, tenantId, mailbox } = await partner();
    await deliver(outlookMail('outlook-v3-plain.json', mailbox));
    const [opened] = await casesOf(key);
    await changeCase(desk.desk.cases, tenantId, opened.id, (current) => ({
      next: {
        ...current.supportCase,
        status: 'closed',
        resolvedAt: clock.now().toISOString(),
        closedAt: clock.now().toISOString(),
      },
      events: [],
    }));
    const reply = (): Record<string, unknown> =>
      outlookMail('outlook-v3-reply.json', mailbox, { subject: `Re: [${opened.caseNumber}] thanks` });

    clock.advance(3 * 24 * 3600_000);
    await deliver(reply());
    const reopened = await caseById(key, opened.id);
    expect(reopened.status).toBe('in_progress');
    expect(reopened.closedAt).toBeUndefined();
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.timeline.some((event: { type: string }) => event.type === 'reopened')).toBe(true);

    await changeCase(desk.desk.cases, tenantId, opened.id, (current) => ({
      next: { ...current.supportCase, status: 'closed', closedAt: clock.now().toISOString() },
      events: [],
    }));
    clock.advance(15 * 24 * 3600_000);
    await deliver(reply());
    const cases = await casesOf(key);
    expect(cases).toHaveLength(2);
    const followUp = cases.find((candidate) => candidate.id !== opened.id);
    expect(followUp.linkedCaseIds).toEqual([opened.id]);
    expect((await caseById(key, opened.id)).status).toBe('closed');

    // The follow-up took the conversation over: a later mail of it without a token lands there.
    await deliver(outlookMail('outlook-v3-plain.json', mailbox, { subject: 'and another question' }));
    expect(await casesOf(key)).toHaveLength(2);
    const messages = (await caseById(key, followUp.id)).timeline.filter(
      (event: { type: string }) => event.type === 'customerMessage',
    );
    expect(messages.map((event: { summary: string }) => event.summary)).toEqual([
      expect.stringContaining('and another question'),
    ]);
  });

  it('given two mails of one new conversation arriving at once, when taken in, then one case is opened and holds both', async () => {
    const { key, mailbox } = await partner();
    const conversationId = `conv-${randomUUID()}`;

    desk.host.broker.queue('email-intake').send({
      body: outlookMail('outlook-v3-plain.json', mailbox, { conversationId, subject: 'first' }),
      messageId: 'first',
    });
    desk.host.broker.queue('email-intake').send({
      body: outlookMail('outlook-v3-plain.json', mailbox, { conversationId, subject: 'second' }),
      messageId: 'second',
    });
    await desk.host.idle(20_000);

    const cases = await casesOf(key);
    expect(cases).toHaveLength(1);
    const timeline = (await caseById(key, cases[0].id)).timeline;
    expect(timeline.filter((event: { type: string }) => event.type === 'created')).toHaveLength(1);
    expect(timeline.filter((event: { type: string }) => event.type === 'customerMessage')).toHaveLength(1);
  });

  it('given mail to a mailbox no tenant registered and a message that is no email, when taken in, then each is dead-lettered at its first delivery with its reason, and later mail still flows', async () => {
    const { key, mailbox } = await partner();
    const queue = desk.host.broker.queue('email-intake');
    const toNobody = outlookMail('outlook-v3-plain.json', 'nobody@unknown.example');
    queue.send({ body: toNobody, messageId: 'unknown-mailbox', applicationProperties: { connector: 'outlook-v3' } });
    queue.send({ body: { subject: 'not an email' }, messageId: 'not-an-email' });
    await deliver(outlookMail('outlook-v3-plain.json', mailbox));

    expect(await casesOf(key)).toHaveLength(1);
    const listed = await desk.request('GET', '/admin/queues/email-intake/deadletter');
    const letters = Object.fromEntries(listed.body.map((letter: { messageId: string }) => [letter.messageId, letter]));
    // Not retried up to maxDeliveryCount (3 here) and dead-lettered as 'MaxDeliveryCountExceeded': set aside at once, with why.
    expect(letters['unknown-mailbox']).toMatchObject({
      deliveryCount: 1,
      deadLetterReason: 'UnknownMailbox',
      deadLetterErrorDescription: expect.stringMatching(
        /No tenant has registered a support mailbox among .*nobody@unknown\.example/,
      ),
      body: toNobody,
      applicationProperties: { connector: 'outlook-v3' },
    });
    expect(letters['not-an-email']).toMatchObject({
      deliveryCount: 1,
      deadLetterReason: 'InvalidEmail',
      deadLetterErrorDescription: expect.stringMatching(/unrecognised email shape/),
    });
  });

  it('given table storage that is busy once (503), when a mail is taken in, then that delivery fails, the mail is delivered again and opens its case, and nothing is dead-lettered', async () => {
    const { key, mailbox } = await partner();
    const queue = desk.host.broker.queue('email-intake');
    const messageId = randomUUID();
    const receive = jest.spyOn(queue, 'receive');
    // The first storage request of the delivery fails as the Tables SDK reports a 503 once its own retries are spent.
    const storage = jest
      .spyOn(desk.desk.tableRequests.policy, 'sendRequest')
      .mockRejectedValueOnce(new RestError('The server is busy.', { statusCode: 503, code: 'ServerBusy' }));
    let deliveries: number[];
    try {
      await deliver(outlookMail('outlook-v3-plain.json', mailbox), messageId);
    } finally {
      deliveries = receive.mock.results.flatMap((result) =>
        result.value?.messageId === messageId ? [result.value.deliveryCount] : [],
      );
      storage.mockRestore();
      receive.mockRestore();
    }

    expect(deliveries).toEqual([1, 2]);
    expect(await casesOf(key)).toHaveLength(1);
    expect(queue.deadLetters().filter((letter) => letter.messageId === messageId)).toEqual([]);
  });
});
