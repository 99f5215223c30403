import { randomUUID } from 'node:crypto';
import { InvocationContext } from '@azure/functions';
import { notificationFor, type Notification } from '../../shared/domain/notifications';
import { caseGoneLogLine } from '../../shared/messaging/queueFunction';
import { queueNames } from '../../shared/resourceNames';
import { sendNotification } from '../../functions/sendNotification';
import { keptMailOf } from '../support/keptMail';
import { startTestHost, type TestHost } from '../support/testHost';
import { caseWithOwnContact, removeAsPurged, type TenantKeys } from './caseWorkFixtures';

/*
 * A notification waits on the `notifications` queue between the change that made it and its delivery. Should the
 * retention purge remove its case, or an admin erase its recipient (the case's contact), in that time, nothing may be
 * mailed to the address and nothing may keep it: no dead letter, no `mailFailed` entry. Through the local host, whose
 * mail sender is the development mailbox, on Azurite.
 */
describe('notifications whose case or recipient is gone by the time they are delivered', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const openCase = () => caseWithOwnContact(desk);

  /** An agent's reply to the contact as the case stands now, made but not yet on the queue. */
  async function replyOf(tenantId: string, caseId: string): Promise<Notification> {
    const stored = await desk.desk.cases.get(tenantId, caseId);
    return notificationFor('agentReply', stored!.supportCase, {
      at: desk.desk.clock.now(),
      text: 'We restarted the host; please try again.',
      occurrence: randomUUID(),
    });
  }

  async function erase(tenant: TenantKeys, address: string): Promise<void> {
    const erased = await desk.request('POST', '/api/contacts/erase', { key: tenant.admin, body: { email: address } });
    expect(erased.status).toBe(200);
  }

  /** Puts the notification on the queue, under its own message id or a copy's, and waits until it was delivered. */
  async function queue(notification: Notification, messageId = notification.messageId): Promise<void> {
    await desk.host.broker.publish(queueNames.notifications, { body: notification.body, messageId });
    await desk.host.idle();
  }

  const deadLettersOf = (caseId: string): unknown[] =>
    desk.host.broker
      .queue(queueNames.notifications)
      .deadLetters()
      .filter((letter) => JSON.stringify(letter.body).includes(caseId));

  const mailOf = async (caseId: string, notification: Notification): Promise<string[][]> =>
    (await keptMailOf(desk, caseId))
      .filter((mail) => mail.notificationId === notification.messageId)
      .map((mail) => mail.to);

  const mailFailures = async (tenantId: string, caseId: string): Promise<unknown[]> =>
    (await desk.desk.cases.timeline(tenantId, caseId)).filter((event) => event.type === 'mailFailed');

  /** Runs the queue function itself, as the host would for a first delivery, and keeps what it logs. */
  async function runFunction(notification: Notification): Promise<string[]> {
    const logs: string[] = [];
    const context = new InvocationContext({
      functionName: 'sendNotification',
      triggerMetadata: { messageId: notification.messageId, deliveryCount: 1 },
      logHandler: (_level, ...args) => logs.push(args.map(String).join(' ')),
    });
    await sendNotification(notification.body, context);
    return logs;
  }

  it('given a reply on the queue, when the retention purge removes its case before it is delivered, then it completes: no mail and no dead letter keeps the address', async () => {
    const { tenant, caseId } = await openCase();
    const reply = await replyOf(tenant.tenantId, caseId);

    await removeAsPurged(desk, tenant.tenantId, caseId);
    await queue(reply);

    expect(await mailOf(caseId, reply)).toEqual([]);
    expect(deadLettersOf(caseId)).toEqual([]);
  });

  it('given a notification of a purged case, when the function runs, then it logs that the case is gone and returns', async () => {
    const { tenant, caseId } = await openCase();
    const reply = await replyOf(tenant.tenantId, caseId);
    await removeAsPurged(desk, tenant.tenantId, caseId);

    const logs = await runFunction(reply);

    expect(logs).toEqual([caseGoneLogLine({ tenantId: tenant.tenantId, caseId })]);
  });

  it('given a reply queued before an admin erased its recipient, when it is delivered after the erasure, then nothing is mailed, nothing dead-letters and the timeline records no failure naming her', async () => {
    const { tenant, caseId, contact } = await openCase();
    const reply = await replyOf(tenant.tenantId, caseId);
    expect(reply.body.to).toEqual([{ name: 'Ann Example', email: contact }]);

    await erase(tenant, contact);
    await queue(reply);

    expect(await mailOf(caseId, reply)).toEqual([]);
    expect(deadLettersOf(caseId)).toEqual([]);
    expect(await mailFailures(tenant.tenantId, caseId)).toEqual([]);
    const read = await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent });
    expect(JSON.stringify(read.body)).not.toContain(contact);
  });

  it('given a reply queued before the erasure, when the function runs after it, then it logs that the recipient was erased, without the address', async () => {
    const { tenant, caseId, contact } = await openCase();
    const reply = await replyOf(tenant.tenantId, caseId);
    await erase(tenant, contact);

    const logs = await runFunction(reply);

    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('not mailed: its recipient was erased from the case');
    expect(logs[0]).not.toContain(contact);
  });

  it('given a case whose contact was erased, when an agent replies, then the reply is on the timeline, nothing is queued, mailed or dead-lettered, and an internal entry tells the agent the reply was not mailed', async () => {
    const { tenant, caseId, contact } = await openCase();
    await erase(tenant, contact);
    const published = jest.spyOn(desk.desk.publisher, 'publish');

    const replied = await desk.request('POST', `/api/cases/${caseId}/replies`, {
      key: tenant.agent,
      body: { text: 'Your VM runs again.' },
    });
    await desk.host.idle();

    expect(replied.status).toBe(201);
    expect(published.mock.calls.filter(([queue]) => queue === queueNames.notifications)).toEqual([]);
    published.mockRestore();
    const mailed = (await keptMailOf(desk, caseId)).filter((mail) => mail.notificationId.includes('agentReply'));
    expect(mailed).toEqual([]);
    expect(deadLettersOf(caseId)).toEqual([]);
    const timeline = await desk.desk.cases.timeline(tenant.tenantId, caseId);
    expect(timeline.slice(-2).map((event) => [event.type, event.visibility, event.data?.reason])).toEqual([
      ['agentReply', 'public', undefined],
      ['mailFailed', 'internal', 'ContactErased'],
    ]);
    expect(JSON.stringify(timeline.at(-1))).not.toContain('@');
  });

  it('given a case whose contact was erased, when an agent resolves it, then the resolution mail is not made either and the agent is told', async () => {
    const { tenant, caseId, contact } = await openCase();
    await erase(tenant, contact);

    const move = (to: string) =>
      desk.request('POST', `/api/cases/${caseId}/transitions`, {
        key: tenant.agent,
        body: { to, reason: 'Restarted' },
      });
    expect((await move('in_progress')).status).toBe(200);
    const resolved = await move('resolved');
    await desk.host.idle();

    expect(resolved.status).toBe(200);
    expect(deadLettersOf(caseId)).toEqual([]);
    expect((await keptMailOf(desk, caseId)).filter((mail) => mail.notificationId.includes('resolution'))).toEqual([]);
    expect((await mailFailures(tenant.tenantId, caseId)).map((event) => (event as { data?: unknown }).data)).toEqual([
      { kind: 'resolution', reason: 'ContactErased' },
    ]);
  });

  it('given a reply the mail service refused at a delivery whose dead-lettering failed, when its recipient is erased and it is delivered again, then it completes without a dead letter keeping her address', async () => {
    const { tenant, caseId, contact } = await openCase();
    const reply = await replyOf(tenant.tenantId, caseId);
    const { mailDeliveries } = desk.desk;
    const began = await mailDeliveries.beginAttempt(
      tenant.tenantId,
      reply.messageId,
      {
        caseId,
        messageId: `<c-${caseId}.${reply.messageId}@contoso.example>`,
        at: desk.desk.clock.now(),
        deliveryId: 'x',
      },
      undefined,
    );
    expect(began).toBe(true);
    await mailDeliveries.finish(tenant.tenantId, caseId, reply.messageId, {
      state: 'refused',
      at: desk.desk.clock.now(),
      reason: 'InvalidRecipient',
    });

    await erase(tenant, contact);
    await queue(reply, `${reply.messageId}-redelivered`);

    expect(deadLettersOf(caseId)).toEqual([]);
    expect(await mailOf(caseId, reply)).toEqual([]);
  });

  it('given a reply mailed once, when its recipient is erased and a copy of it arrives under another message id, then nothing more is mailed', async () => {
    const { tenant, caseId, contact } = await openCase();
    const reply = await replyOf(tenant.tenantId, caseId);
    await queue(reply);
    expect(await mailOf(caseId, reply)).toEqual([[contact]]);

    await erase(tenant, contact);
    await queue(reply, `${reply.messageId}-copy`);

    expect(await mailOf(caseId, reply)).toEqual([[contact]]);
    expect(deadLettersOf(caseId)).toEqual([]);
  });

  it('given a live case, when a reply to its contact is delivered twice, then it is mailed to her once', async () => {
    const { tenant, caseId, contact } = await openCase();
    const reply = await replyOf(tenant.tenantId, caseId);

    await queue(reply);
    await queue(reply, `${reply.messageId}-again`);

    expect(await mailOf(caseId, reply)).toEqual([[contact]]);
    expect(deadLettersOf(caseId)).toEqual([]);
  });
});
