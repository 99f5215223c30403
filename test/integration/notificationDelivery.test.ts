import { createHash } from 'node:crypto';
import { odata, TableClient } from '@azure/data-tables';
import { TableMailDeliveryLog } from '../../shared/adapters/mail/tableMailDeliveryLog';
import type { TableClientFactory } from '../../shared/adapters/tables/tableClients';
import { DevelopmentMailbox, developmentMailTable, type KeptMail } from '../../shared/adapters/mail/developmentMailbox';
import { fromDocumentColumns } from '../../shared/adapters/tables/jsonColumns';
import { lookupEntity } from '../../shared/adapters/tables/lookupRows';
import type { MailConfig } from '../../shared/config';
import { threadLookupKey, type OutgoingMail } from '../../shared/domain/mail/outgoingMail';
import { notificationFor, type Notification } from '../../shared/domain/notifications';
import { DeskError } from '../../shared/errors';
import { classifyMessageFailure } from '../../shared/messaging/messageFailure';
import { MailDeferredError, MailRefusedError, type MailSender } from '../../shared/ports/mailSender';
import { queueNames } from '../../shared/resourceNames';
import {
  deliverNotification,
  NotificationRefusedError,
  type NotificationDeliveryDesk,
} from '../../shared/services/notificationDelivery';
import { startTestHost, type TestHost } from '../support/testHost';

const portalCase = {
  title: 'Production VM does not start',
  description: 'Since 08:00 our VM vm-erp-01 fails to boot after a platform update.',
  product: 'azure',
  severity: 'B',
  customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam Ltd' },
  contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
};

/** A mail service stand-in that records what it was asked to send and answers as told. */
function scriptedSender(...outcomes: Array<'accept' | Error>): MailSender & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  let call = 0;
  return {
    sent,
    async send(mail) {
      const outcome = outcomes[Math.min(call, outcomes.length - 1)];
      call += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (outcome instanceof Error) throw outcome;
      sent.push(mail);
    },
  };
}

describe('delivering customer notifications by mail', () => {
  let test: TestHost;

  beforeAll(async () => {
    test = await startTestHost();
  });
  afterAll(() => test.stop());

  /** Opens a portal case, in a tenant of its own unless `tenant` is given. */
  async function openCase(tenant?: {
    key: string;
    tenantId: string;
  }): Promise<{ tenantId: string; caseId: string; caseNumber: string }> {
    const { key, tenantId } = tenant ?? (await test.newTenantKey());
    const response = await test.request('POST', '/api/cases', { key, body: portalCase });
    expect(response.status).toBe(201);
    await test.host.idle();
    return { tenantId, caseId: response.body.id, caseNumber: response.body.caseNumber };
  }

  const developmentMail = async (): Promise<KeptMail[]> => {
    const response = await test.request('GET', '/admin/mail');
    expect(response.status).toBe(200);
    return response.body as KeptMail[];
  };

  async function agentReplyOf(tenantId: string, caseId: string, occurrence: string): Promise<Notification> {
    const stored = await test.desk.cases.get(tenantId, caseId);
    return notificationFor('agentReply', stored!.supportCase, {
      at: test.desk.clock.now(),
      text: 'We restarted the host; please try again.',
      occurrence,
    });
  }

  const deliveryDesk = (mailSender: MailSender): NotificationDeliveryDesk => ({
    config: { mail: { kind: 'graph', senderAddress: 'support@contoso.example' } satisfies MailConfig },
    cases: test.desk.cases,
    clock: test.desk.clock,
    mailSender,
    mailDeliveries: test.desk.mailDeliveries,
  });

  /** Delivers the notification from its own queue message (or, with `deliveryId`, from a copy under another one). */
  const deliver = (
    mailSender: MailSender,
    notification: Notification,
    deliveryId: string = notification.messageId,
  ): ReturnType<typeof deliverNotification> =>
    deliverNotification(deliveryDesk(mailSender), notification.body, notification.messageId, deliveryId);

  describe('on the local host, with the development mailbox', () => {
    it('given a portal case, when the host is idle, then its acknowledgement is in the mailbox with threading headers and its Message-ID finds the case', async () => {
      const { tenantId, caseId, caseNumber } = await openCase();

      const mail = (await developmentMail()).filter(
        (kept) => kept.subject.includes(`[${caseNumber}]`) && kept.to.includes('ann@fabrikam.example'),
      );
      const acknowledgement = mail.find((kept) => kept.notificationId === `notification-acknowledgement-${caseId}`);

      expect(acknowledgement).toMatchObject({
        to: ['ann@fabrikam.example'],
        subject: `[${caseNumber}] We received your request: Production VM does not start`,
        messageId: `<c-${caseId}.notification-acknowledgement-${caseId}@desk.localhost>`,
        headers: { 'Auto-Submitted': 'auto-replied' },
        language: 'en',
      });
      // Unfolded (RFC 5322 2.2.3): a long header field may continue on the next line.
      const unfolded = acknowledgement?.mime.replace(/\r\n(?=[ \t])/g, '');
      expect(unfolded).toContain(`Message-ID: <c-${caseId}.notification-acknowledgement-${caseId}@desk.localhost>\r\n`);
      const lookupKey = threadLookupKey(acknowledgement?.messageId ?? '');
      expect(await test.desk.mailDeliveries.findCases(tenantId, [lookupKey])).toEqual(new Map([[lookupKey, caseId]]));
      // Kept with the delivery record, not in the tenant's partition of the cases table that every case write scans.
      expect(await test.desk.cases.findByLookup(tenantId, lookupKey)).toBeUndefined();
    });

    it('given an acknowledgement already mailed, when the same notification arrives again under another queue message id, then no second mail is kept', async () => {
      const { tenantId, caseId } = await openCase();
      const stored = await test.desk.cases.get(tenantId, caseId);
      const again = notificationFor('acknowledgement', stored!.supportCase, { at: test.desk.clock.now() });

      test.host.broker
        .queue(queueNames.notifications)
        .send({ body: again.body, messageId: `${again.messageId}-resent` });
      await test.host.idle();

      const kept = (await developmentMail()).filter((mail) => mail.notificationId === again.messageId);
      expect(kept).toHaveLength(1);
    });

    it('given a browser, when it asks for the mailbox as HTML, then it gets a small page listing the mail', async () => {
      await openCase();

      const response = await test.request('GET', '/admin/mail', { headers: { accept: 'text/html' } });

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.text).toContain('We received your request: Production VM does not start');
    });

    it('given a mail the development mailbox kept, then its row sits in a partition of the second it was kept in, not in one partition with all mail', async () => {
      const { caseId } = await openCase();
      const { connectionString } = test.desk.config.mail as Extract<MailConfig, { kind: 'development' }>;
      const table = TableClient.fromConnectionString(connectionString, developmentMailTable, {
        allowInsecureConnection: true,
      });
      const notificationId = `notification-acknowledgement-${caseId}`;

      const rows: Array<{ partitionKey: string; sentAt: string }> = [];
      for await (const row of table.listEntities<Record<string, unknown>>())
        if (String(row.rowKey).endsWith(`|${notificationId}`))
          rows.push({ partitionKey: String(row.partitionKey), sentAt: (fromDocumentColumns(row) as KeptMail).sentAt });

      expect(rows).toHaveLength(1);
      const secondStart = Math.floor(Date.parse(rows[0]!.sentAt) / 1000) * 1000;
      expect(rows[0]!.partitionKey).toBe(String(8_640_000_000_000_000 - secondStart).padStart(16, '0'));
    });

    it('given the development mailbox table, when read directly, then it lists the newest mail first', async () => {
      await openCase();
      const mailbox = new DevelopmentMailbox(
        (test.desk.config.mail as Extract<MailConfig, { kind: 'development' }>).connectionString,
      );

      const kept = await mailbox.list(5);

      const times = kept.map((mail) => Date.parse(mail.sentAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });
  });

  describe('threading the customer’s answer', () => {
    it('given an acknowledgement sent from the tenant’s support mailbox, when the contact answers it without the case token, then the answer lands on the case by In-Reply-To', async () => {
      const { tenantId, key: admin } = await test.newTenantKey('admin');
      const { key: portal } = await test.newTenantKey('portal', tenantId);
      const { key: agent } = await test.newTenantKey('agent', tenantId);
      const mailbox = `support-${tenantId}@partner.example`;
      const profile = await test.request('PUT', '/api/tenant-profile', {
        key: admin,
        body: { name: 'Partner', supportAddresses: [mailbox], agentAddresses: [] },
      });
      expect(profile.status).toBe(200);
      expect(await test.desk.tenants.confirmMailbox(tenantId, mailbox)).toBe(true);
      const opened = await test.request('POST', '/api/cases', { key: portal, body: portalCase });
      await test.host.idle();
      const acknowledgement = (await developmentMail()).find(
        (mail) => mail.notificationId === `notification-acknowledgement-${opened.body.id}`,
      );
      expect(acknowledgement).toMatchObject({
        from: mailbox,
        messageId: `<c-${opened.body.id}.notification-acknowledgement-${opened.body.id}@partner.example>`,
      });

      // A Graph message as a connector puts it on email-intake, answering the acknowledgement with a new subject.
      test.host.broker.queue(queueNames.emailIntake).send({
        messageId: `answer-${opened.body.id}`,
        body: {
          internetMessageId: `<answer-${opened.body.id}@fabrikam.example>`,
          subject: 'Re: still not booting',
          from: { emailAddress: { name: 'Ann Example', address: 'ann@fabrikam.example' } },
          toRecipients: [{ emailAddress: { address: mailbox } }],
          body: { contentType: 'text', content: 'It still does not boot after the restart.' },
          receivedDateTime: test.desk.clock.now().toISOString(),
          internetMessageHeaders: [
            { name: 'In-Reply-To', value: acknowledgement!.messageId },
            { name: 'References', value: acknowledgement!.messageId },
          ],
        },
      });
      await test.host.idle(20_000);

      const read = await test.request('GET', `/api/cases/${opened.body.id}`, { key: agent });
      const answers = read.body.timeline.filter((event: { type: string }) => event.type === 'customerMessage');
      expect(answers).toHaveLength(1);
      expect(answers[0].data.messageId).toBe(`<answer-${opened.body.id}@fabrikam.example>`);
    });

    it('given a mail the desk sent before its Message-ID was kept with the delivery record (a lookup row in the cases table), when the contact answers it, then the answer still lands on the case', async () => {
      const { tenantId, key: admin } = await test.newTenantKey('admin');
      const { key: portal } = await test.newTenantKey('portal', tenantId);
      const { key: agent } = await test.newTenantKey('agent', tenantId);
      const mailbox = `support-${tenantId}@partner.example`;
      await test.request('PUT', '/api/tenant-profile', {
        key: admin,
        body: { name: 'Partner', supportAddresses: [mailbox], agentAddresses: [] },
      });
      expect(await test.desk.tenants.confirmMailbox(tenantId, mailbox)).toBe(true);
      const opened = await test.request('POST', '/api/cases', { key: portal, body: portalCase });
      await test.host.idle();
      const earlierMail = `<notification-reply-earlier-${opened.body.id}@partner.example>`;
      await test.desk
        .tables('cases')
        .createEntity(lookupEntity(tenantId, opened.body.id, threadLookupKey(earlierMail)));

      test.host.broker.queue(queueNames.emailIntake).send({
        messageId: `answer-earlier-${opened.body.id}`,
        body: {
          internetMessageId: `<answer-earlier-${opened.body.id}@fabrikam.example>`,
          subject: 'Re: your reply',
          from: { emailAddress: { name: 'Ann Example', address: 'ann@fabrikam.example' } },
          toRecipients: [{ emailAddress: { address: mailbox } }],
          body: { contentType: 'text', content: 'Thanks, that worked.' },
          receivedDateTime: test.desk.clock.now().toISOString(),
          internetMessageHeaders: [{ name: 'In-Reply-To', value: earlierMail }],
        },
      });
      await test.host.idle(20_000);

      const read = await test.request('GET', `/api/cases/${opened.body.id}`, { key: agent });
      const answers = read.body.timeline.filter((event: { type: string }) => event.type === 'customerMessage');
      expect(answers.map((event: { data: { messageId: string } }) => event.data.messageId)).toEqual([
        `<answer-earlier-${opened.body.id}@fabrikam.example>`,
      ]);
    });
  });

  describe('exactly once, against the case store in Azurite', () => {
    it('given a notification mailed once, when it is delivered again, then the service is not asked again', async () => {
      const { tenantId, caseId } = await openCase();
      const notification = await agentReplyOf(tenantId, caseId, 'once');
      const sender = scriptedSender('accept');

      const first = await deliver(sender, notification);
      const second = await deliver(sender, notification);

      expect(first.kind).toBe('sent');
      expect(second.kind).toBe('alreadySent');
      expect(sender.sent).toHaveLength(1);
      expect(sender.sent[0]?.messageId).toBe(`<c-${caseId}.${notification.messageId}@contoso.example>`);
      const lookupKey = threadLookupKey(`<c-${caseId}.${notification.messageId}@contoso.example>`);
      expect(await test.desk.mailDeliveries.findCases(tenantId, [lookupKey])).toEqual(new Map([[lookupKey, caseId]]));
    });

    it('given an agent holding the case’s ETag, when a notification is mailed, then the ETag still holds: the case row is not written', async () => {
      const { tenantId, caseId } = await openCase();
      const before = await test.desk.cases.get(tenantId, caseId);
      const notification = await agentReplyOf(tenantId, caseId, 'etag');

      await deliver(scriptedSender('accept'), notification);

      expect((await test.desk.cases.get(tenantId, caseId))?.etag).toBe(before?.etag);
    });

    it('given the first delivery of its queue message, when the notification is mailed, then its record is created without being read first; a redelivery reads it and sends nothing again', async () => {
      const { tenantId, caseId } = await openCase();
      const notification = await agentReplyOf(tenantId, caseId, 'first delivery');
      const sender = scriptedSender('accept');
      const reads: string[] = [];
      const desk = deliveryDesk(sender);
      const counted: NotificationDeliveryDesk = {
        ...desk,
        mailDeliveries: {
          get: (...args) => {
            reads.push(args[2]);
            return desk.mailDeliveries.get(...args);
          },
          beginAttempt: (...args) => desk.mailDeliveries.beginAttempt(...args),
          findCases: (...args) => desk.mailDeliveries.findCases(...args),
          finish: (...args) => desk.mailDeliveries.finish(...args),
          removeCase: (...args) => desk.mailDeliveries.removeCase(...args),
        },
      };
      const { messageId } = notification;

      const first = await deliverNotification(counted, notification.body, messageId, messageId, 1);
      expect({ outcome: first.kind, reads: reads.length }).toEqual({ outcome: 'sent', reads: 0 });

      const again = await deliverNotification(counted, notification.body, messageId, messageId, 2);
      expect({ outcome: again.kind, reads: reads.length, sent: sender.sent.length }).toEqual({
        outcome: 'alreadySent',
        reads: 1,
        sent: 1,
      });
    });

    it('given two first deliveries of one queue message at the same time (a twin invocation), when both run, then one mail is sent and the other retries later', async () => {
      const { tenantId, caseId } = await openCase();
      const notification = await agentReplyOf(tenantId, caseId, 'twin');
      const sender = scriptedSender('accept');
      const { messageId } = notification;
      const once = (): ReturnType<typeof deliverNotification> =>
        deliverNotification(deliveryDesk(sender), notification.body, messageId, messageId, 1);

      const outcomes = await Promise.allSettled([once(), once()]);

      expect(sender.sent).toHaveLength(1);
      const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(classifyMessageFailure((rejected[0] as PromiseRejectedResult).reason).kind).toBe('transient');
    });

    it('given two deliveries of one notification at the same time, when both run, then one mail is sent and the other retries later', async () => {
      const { tenantId, caseId } = await openCase();
      const notification = await agentReplyOf(tenantId, caseId, 'race');
      const sender = scriptedSender('accept');

      const outcomes = await Promise.allSettled([deliver(sender, notification), deliver(sender, notification)]);

      expect(sender.sent).toHaveLength(1);
      const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(classifyMessageFailure((rejected[0] as PromiseRejectedResult).reason).kind).toBe('transient');
    });

    it('given copies of one notification under different queue messages, when they are delivered at once, then one mail is sent and every copy completes', async () => {
      const { tenantId, caseId } = await openCase();
      const notification = await agentReplyOf(tenantId, caseId, 'copies');
      const sender = scriptedSender('accept');

      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, copy) => deliver(sender, notification, `copy-${copy}`)),
      );

      expect(sender.sent).toHaveLength(1);
      expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
      const kinds = outcomes.map((outcome) => (outcome as PromiseFulfilledResult<{ kind: string }>).value.kind);
      expect(kinds.filter((kind) => kind === 'sent')).toHaveLength(1);
      expect(
        kinds
          .filter((kind) => kind !== 'sent')
          .every((kind) => kind === 'beingSentElsewhere' || kind === 'alreadySent'),
      ).toBe(true);
    });

    it('given an attempt a delivery of another message began, when a copy arrives within 5 minutes it leaves the mail to it, and after 5 minutes it takes the attempt over', async () => {
      const { tenantId, caseId } = await openCase();
      const notification = await agentReplyOf(tenantId, caseId, 'lease');
      const began = new Date(test.desk.clock.now().getTime() - 4 * 60_000);
      await test.desk.mailDeliveries.beginAttempt(
        tenantId,
        notification.messageId,
        { caseId, messageId: `<${notification.messageId}@contoso.example>`, at: began, deliveryId: 'first-message' },
        undefined,
      );
      const sender = scriptedSender('accept');
      const fourMinutesIn = await deliver(sender, notification, 'copy');
      const record = await test.desk.mailDeliveries.get(tenantId, caseId, notification.messageId);
      await test.desk.mailDeliveries.beginAttempt(
        tenantId,
        notification.messageId,
        {
          caseId,
          messageId: `<${notification.messageId}@contoso.example>`,
          at: new Date(test.desk.clock.now().getTime() - 6 * 60_000),
          deliveryId: 'first-message',
        },
        record,
      );

      const sixMinutesIn = await deliver(sender, notification, 'copy');

      expect(fourMinutesIn.kind).toBe('beingSentElsewhere');
      expect(sixMinutesIn.kind).toBe('sent');
      expect(sender.sent).toHaveLength(1);
    });

    it('given a throttled service, when delivered, then it fails transiently and the next delivery sends it once', async () => {
      const { tenantId, caseId } = await openCase();
      const notification = await agentReplyOf(tenantId, caseId, 'throttled');
      const sender = scriptedSender(new MailDeferredError('Graph answered 429', 1000), 'accept');

      const first = await deliver(sender, notification).catch((error: unknown) => error);
      const second = await deliver(sender, notification);

      expect(classifyMessageFailure(first).kind).toBe('transient');
      expect(second.kind).toBe('sent');
      expect(sender.sent).toHaveLength(1);
    });

    it('given an attempt that began but never finished (a crash after the service took the mail), when redelivered, then it is sent again: the documented duplicate window', async () => {
      const { tenantId, caseId } = await openCase();
      const notification = await agentReplyOf(tenantId, caseId, 'crashed');
      await test.desk.mailDeliveries.beginAttempt(
        tenantId,
        notification.messageId,
        {
          caseId,
          messageId: `<${notification.messageId}@contoso.example>`,
          at: test.desk.clock.now(),
          deliveryId: notification.messageId,
        },
        undefined,
      );
      const sender = scriptedSender('accept');

      const outcome = await deliver(sender, notification);

      expect(outcome.kind).toBe('sent');
      expect(await test.desk.mailDeliveries.get(tenantId, caseId, notification.messageId)).toMatchObject({
        state: 'sent',
        attempts: 2,
      });
    });

    it("given a delivered notification, then its record is kept in its case's own partition of the delivery log, outside the tenant's partitions, and a reply to the mail still finds the case", async () => {
      const { tenantId, caseId } = await openCase();
      const notification = await agentReplyOf(tenantId, caseId, 'kept apart');
      const sender = scriptedSender('accept');

      const outcome = await deliver(sender, notification);

      expect(outcome.kind).toBe('sent');
      const recordsInCasePartition: unknown[] = [];
      const rows = test.desk
        .tables('cases')
        .listEntities({ queryOptions: { filter: odata`PartitionKey eq ${tenantId}` } });
      for await (const row of rows) if ('MessageId' in row) recordsInCasePartition.push(row);
      expect(recordsInCasePartition).toEqual([]);
      const records: unknown[] = [];
      const kept = test.desk
        .tables('mailDeliveries')
        .listEntities({ queryOptions: { filter: odata`PartitionKey eq ${`${tenantId}|${caseId}`}` } });
      for await (const record of kept) records.push(record);
      expect(records).toEqual(expect.arrayContaining([expect.objectContaining({ CaseId: caseId, State: 'sent' })]));
      const inTenantPartition: unknown[] = [];
      const tenantRows = test.desk
        .tables('mailDeliveries')
        .listEntities({ queryOptions: { filter: odata`PartitionKey eq ${tenantId}` } });
      for await (const row of tenantRows) inTenantPartition.push(row);
      expect(inTenantPartition).toEqual([]);
      const lookupKey = threadLookupKey(sender.sent[0]!.messageId);
      expect(await test.desk.mailDeliveries.findCases(tenantId, [lookupKey])).toEqual(new Map([[lookupKey, caseId]]));
    });

    it.each([
      ['sent', 'alreadySent', 0],
      ['sending', 'sent', 1],
    ] as const)(
      "given a record an earlier version kept in the tenant's partition as %p, when the notification is redelivered, then the delivery answers %p and mails %p time(s)",
      async (state, answered, mailed) => {
        const { tenantId, caseId } = await openCase();
        const notification = await agentReplyOf(tenantId, caseId, `earlier ${state}`);
        await test.desk.tables('mailDeliveries').createEntity({
          partitionKey: tenantId,
          rowKey: createHash('sha256').update(notification.messageId).digest('hex'),
          State: state,
          CaseId: caseId,
          MessageId: `<${notification.messageId}@contoso.example>`,
          Attempts: 1,
          UpdatedAt: new Date(test.desk.clock.now().getTime() - 10 * 60_000).toISOString(),
          DeliveryId: 'a-message-of-the-earlier-version',
        });
        const sender = scriptedSender('accept');

        const outcome = await deliver(sender, notification);

        expect(outcome.kind).toBe(answered);
        expect(sender.sent).toHaveLength(mailed);
      },
    );

    it.each([
      ['made 10 minutes ago', 0, 10 * 60_000],
      ['made just now (within the lease, a first delivery does not read)', 1, 0],
    ] as const)(
      "given a notification the landed version sent, its record in the tenant's partition, when a copy %s is delivered for the first time under another queue message, then it is mailed %p time(s)",
      async (_made, mailed, ageMs) => {
        const { tenantId, caseId } = await openCase();
        const stored = await test.desk.cases.get(tenantId, caseId);
        const at = new Date(test.desk.clock.now().getTime() - ageMs);
        const notification = notificationFor('agentReply', stored!.supportCase, { at, text: 'Done.', occurrence: 'x' });
        await test.desk.tables('mailDeliveries').createEntity({
          partitionKey: tenantId,
          rowKey: createHash('sha256').update(notification.messageId).digest('hex'),
          State: 'sent',
          CaseId: caseId,
          MessageId: `<${notification.messageId}@contoso.example>`,
          Attempts: 1,
          UpdatedAt: at.toISOString(),
          DeliveryId: 'the-original-message',
        });
        const sender = scriptedSender('accept');

        await deliverNotification(deliveryDesk(sender), notification.body, notification.messageId, 'a-copy', 1);

        expect(sender.sent).toHaveLength(mailed);
      },
    );

    it("given mails sent on two cases of a tenant, when a reply names both Message-IDs, then each finds its own case; a Message-ID naming a case it was not sent on, or another tenant's case, finds none", async () => {
      const tenant = await test.newTenantKey();
      const first = await openCase(tenant);
      const second = await openCase(tenant);
      const other = await openCase();
      const sender = scriptedSender('accept');
      await deliver(sender, await agentReplyOf(first.tenantId, first.caseId, 'first'));
      await deliver(sender, await agentReplyOf(second.tenantId, second.caseId, 'second'));
      await deliver(sender, await agentReplyOf(other.tenantId, other.caseId, 'other'));
      const [firstMail, secondMail, otherMail] = sender.sent.map((mail) => threadLookupKey(mail.messageId));
      const onWrongCase = threadLookupKey(
        sender.sent[0]!.messageId.replace(`<c-${first.caseId}.`, `<c-${second.caseId}.`),
      );

      const found = await test.desk.mailDeliveries.findCases(tenant.tenantId, [
        firstMail!,
        secondMail!,
        otherMail!,
        onWrongCase,
      ]);

      expect(found).toEqual(
        new Map([
          [firstMail, first.caseId],
          [secondMail, second.caseId],
        ]),
      );
    });

    it('given a refused recipient, when delivered twice, then the case timeline records one mailFailed with reason and recipient and both deliveries dead-letter', async () => {
      const { tenantId, caseId } = await openCase();
      const notification = await agentReplyOf(tenantId, caseId, 'refused');
      const refusal = new MailRefusedError(
        'InvalidRecipient',
        'Graph answered 400 ErrorInvalidRecipients',
        'ErrorInvalidRecipients',
      );
      const sender = scriptedSender(refusal);

      const first = await deliver(sender, notification).catch((error: unknown) => error);
      const second = await deliver(sender, notification).catch((error: unknown) => error);

      expect(first).toBeInstanceOf(NotificationRefusedError);
      expect(classifyMessageFailure(first)).toMatchObject({ kind: 'permanent', reason: 'InvalidRecipient' });
      expect(classifyMessageFailure(second)).toMatchObject({ kind: 'permanent', reason: 'InvalidRecipient' });
      const failures = (await test.desk.cases.timeline(tenantId, caseId)).filter(
        (event) => event.type === 'mailFailed',
      );
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({
        visibility: 'internal',
        data: {
          notificationId: notification.messageId,
          kind: 'agentReply',
          recipient: 'ann@fabrikam.example',
          reason: 'InvalidRecipient',
          code: 'ErrorInvalidRecipients',
        },
      });
    });

    it('given Graph, a tenant without a support mailbox and no default sender, when delivered, then mailFailed says why and it dead-letters', async () => {
      const { tenantId, caseId } = await openCase();
      const notification = await agentReplyOf(tenantId, caseId, 'no-mailbox');
      const sender = scriptedSender('accept');
      const withoutDefault = { ...deliveryDesk(sender), config: { mail: { kind: 'graph' } satisfies MailConfig } };

      const failure = await deliverNotification(
        withoutDefault,
        notification.body,
        notification.messageId,
        notification.messageId,
      ).catch((error: unknown) => error);

      expect(classifyMessageFailure(failure)).toMatchObject({ kind: 'permanent', reason: 'NoSendingMailbox' });
      expect(sender.sent).toHaveLength(0);
      const failures = (await test.desk.cases.timeline(tenantId, caseId)).filter(
        (event) => event.type === 'mailFailed',
      );
      expect(failures.map((event) => event.data?.reason)).toEqual(['NoSendingMailbox']);
    });

    it('given a case that does not exist, when its notification is delivered, then it answers notFound (the queue function completes the message) without mailing', async () => {
      const { tenantId, caseId } = await openCase();
      const notification = await agentReplyOf(tenantId, caseId, 'gone');
      const sender = scriptedSender('accept');

      const failure = await deliverNotification(
        deliveryDesk(sender),
        { ...notification.body, caseId: 'no-such-case' },
        `${notification.messageId}-gone`,
        `${notification.messageId}-gone`,
      ).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(DeskError);
      expect(failure).toMatchObject({ kind: 'notFound' });
      expect(sender.sent).toHaveLength(0);
    });
  });

  describe('Message-IDs an outsider writes', () => {
    it('given a real In-Reply-To and a hundred forged References (other cases, characters no PartitionKey may hold, quotes, upper case, no dot), when looked up, then only the real one finds its case and nothing throws', async () => {
      const tenant = await test.newTenantKey();
      const { tenantId, caseId } = await openCase(tenant);
      const other = await openCase(tenant);
      const sender = scriptedSender('accept');
      const notification = await agentReplyOf(tenantId, caseId, 'real');
      expect(
        (await deliverNotification(deliveryDesk(sender), notification.body, notification.messageId, 'x', 1)).kind,
      ).toBe('sent');
      const real = threadLookupKey(sender.sent[0]!.messageId);
      const forged = [
        `<c-${other.caseId}.${notification.messageId}@contoso.example>`,
        `<c-${caseId.toUpperCase()}.${notification.messageId}@contoso.example>`,
        `<C-${caseId}.${notification.messageId}@contoso.example>`,
        `<c-${caseId}@contoso.example>`,
        `<c-.x@contoso.example>`,
        `<c-a/b.x@contoso.example>`,
        `<c-a\\b.x@contoso.example>`,
        `<c-a#b.x@contoso.example>`,
        `<c-a?b.x@contoso.example>`,
        `<c-a'b.x@contoso.example>`,
        `<c-${caseId}.x'y@contoso.example>`,
        `<c-${'z'.repeat(2_000)}.x@contoso.example>`,
        ...Array.from({ length: 90 }, (_, index) => `<c-forged${index}.${notification.messageId}@contoso.example>`),
      ].map(threadLookupKey);

      // As intake orders them: the reply's In-Reply-To first, then its References.
      const found = await test.desk.mailDeliveries.findCases(tenantId, [real, ...forged]);

      expect(found).toEqual(new Map([[real, caseId]]));
    });

    it("given another tenant's real Message-ID, when a mail to this tenant names it, then it finds nothing here", async () => {
      const theirs = await openCase();
      const ours = await test.newTenantKey();
      const sender = scriptedSender('accept');
      const notification = await agentReplyOf(theirs.tenantId, theirs.caseId, 'theirs');
      await deliverNotification(deliveryDesk(sender), notification.body, notification.messageId, 'y', 1);
      const key = threadLookupKey(sender.sent[0]!.messageId);

      expect(await test.desk.mailDeliveries.findCases(ours.tenantId, [key])).toEqual(new Map());
      expect(await test.desk.mailDeliveries.findCases(theirs.tenantId, [key])).toEqual(new Map([[key, theirs.caseId]]));
    });

    it('given a References list of 101 ids each naming another case, when looked up, then the delivery log reads the first 8 cases only: no more queries than 100 ids of one case take', async () => {
      const { tenantId } = await test.newTenantKey();
      let queries = 0;
      const counting: TableClientFactory = Object.assign(
        (name: Parameters<TableClientFactory>[0]) => {
          const client: TableClient = test.desk.tables(name);
          return new Proxy(client, {
            get(target, property, receiver) {
              if (property === 'listEntities') {
                return (...args: Parameters<TableClient['listEntities']>) => {
                  queries += 1;
                  return target.listEntities(...args);
                };
              }
              const value = Reflect.get(target, property, receiver);
              return typeof value === 'function' ? value.bind(target) : value;
            },
          });
        },
        { existingSuffixes: test.desk.tables.existingSuffixes },
      );
      const log = new TableMailDeliveryLog(counting);
      const keys = Array.from({ length: 101 }, (_, index) =>
        threadLookupKey(`<c-case${index}.notification-agentReply-${index}@contoso.example>`),
      );

      expect(await log.findCases(tenantId, keys)).toEqual(new Map());
      expect(queries).toBeLessThanOrEqual(Math.ceil(keys.length / 14));
    });
  });
});
