import { randomUUID } from 'node:crypto';
import { notificationFor } from '../../shared/domain/notifications';
import { MailRefusedError } from '../../shared/ports/mailSender';
import { queueNames } from '../../shared/resourceNames';
import { startTestHost, type TestHost } from '../support/testHost';
import { caseWithOwnContact } from './caseWorkFixtures';

/*
 * Breaking "nothing keeps an erased recipient's address" for customer notifications: an admin erases the contact while
 * the mail service is still answering the delivery that read the case before the erasure. The one mail that then
 * leaves is the documented window; what the delivery stores or dead-letters after the erasure is not.
 */
describe('a notification whose recipient is erased while the mail service answers', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ maxDeliveryCount: 3 });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => desk.stop());

  it('given the mail service refuses the reply after the contact was erased during the send, then neither the case’s timeline nor a dead letter keeps her address', async () => {
    const { tenant, caseId, contact } = await caseWithOwnContact(desk);
    const stored = await desk.desk.cases.get(tenant.tenantId, caseId);
    const reply = notificationFor('agentReply', stored!.supportCase, {
      at: desk.desk.clock.now(),
      text: 'We restarted the host; please try again.',
      occurrence: randomUUID(),
    });
    // The service takes a while to answer (Graph under load); the erasure lands meanwhile, then the service refuses.
    jest.spyOn(desk.desk.mailSender!, 'send').mockImplementation(async () => {
      const erased = await desk.request('POST', '/api/contacts/erase', {
        key: tenant.admin,
        body: { email: contact },
      });
      expect(erased.status).toBe(200);
      throw new MailRefusedError('InvalidRecipient', 'The recipient mailbox is not accepting mail.');
    });

    await desk.host.broker.publish(queueNames.notifications, { body: reply.body, messageId: reply.messageId });
    await desk.host.idle();

    const naming = (values: unknown[]): number =>
      values.filter((value) => JSON.stringify(value).includes(contact)).length;
    const timeline = await desk.desk.cases.timeline(tenant.tenantId, caseId);
    const deadLetters = desk.host.broker
      .queue(queueNames.notifications)
      .deadLetters()
      .filter((letter) => JSON.stringify(letter.body).includes(caseId));
    expect((await desk.desk.cases.get(tenant.tenantId, caseId))!.supportCase.contact.email).not.toBe(contact);
    expect({
      timelineEntriesNamingHer: naming(timeline),
      deadLettersNamingHer: naming(deadLetters),
    }).toEqual({ timelineEntriesNamingHer: 0, deadLettersNamingHer: 0 });
  });
});
