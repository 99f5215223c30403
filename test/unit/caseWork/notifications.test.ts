import {
  customerNotificationSchema,
  notificationFor,
  type NotificationKind,
} from '../../../shared/domain/notifications';
import { monday, supportCaseFixture } from './supportCaseFixture';

const supportCase = supportCaseFixture();

describe('notifications to the customer', () => {
  it.each<[NotificationKind, string | undefined, RegExp]>([
    ['acknowledgement', undefined, /^\[CS-000042\] We received your request: Production VM does not start$/],
    ['agentReply', '7', /^\[CS-000042\] Production VM does not start$/],
    ['resolution', 'r1', /^\[CS-000042\] Resolved: Production VM does not start$/],
  ])(
    'given a %s, when built, then the subject carries the case number token so replies thread back',
    (kind, occurrence, subject) => {
      const notification = notificationFor(kind, supportCase, { at: monday, occurrence, text: 'Done.' });

      expect(notification.subject).toMatch(subject);
      expect(notification.body.subject).toBe(notification.subject);
      expect(notification.body.text).toContain('[CS-000042]');
      expect(notification.body.to).toEqual([{ name: 'Ann Example', email: 'ann@fabrikam.example' }]);
      expect(customerNotificationSchema.parse(notification.body)).toEqual(notification.body);
    },
  );

  it('given the same reply twice, when built, then the message id is the same, and another reply gets another id', () => {
    const first = notificationFor('agentReply', supportCase, { at: monday, text: 'A', occurrence: '7' });
    const again = notificationFor('agentReply', supportCase, {
      at: new Date(monday.getTime() + 1000),
      text: 'A',
      occurrence: '7',
    });
    const next = notificationFor('agentReply', supportCase, { at: monday, text: 'B', occurrence: '9' });

    expect(again.messageId).toBe(first.messageId);
    expect(next.messageId).not.toBe(first.messageId);
    expect(notificationFor('acknowledgement', supportCase, { at: monday }).messageId).toBe(
      'notification-acknowledgement-case-1',
    );
  });

  it('given a case opened by email, when a notification is built, then it answers the latest message of the thread', () => {
    const emailed = { ...supportCase, emailMessageIds: ['<a@mail.example>', '<b@mail.example>'] };
    const { body } = notificationFor('agentReply', emailed, { at: monday, text: 'Hi', occurrence: '3' });
    expect(body).toMatchObject({ inReplyTo: '<b@mail.example>', references: ['<a@mail.example>', '<b@mail.example>'] });
  });

  it('given a resolution with a reason and a reopen window, when built, then the text says what was done and how to reopen', () => {
    const { body } = notificationFor('resolution', supportCase, {
      at: monday,
      occurrence: 'x',
      text: 'We restarted the host.',
      reopenWindowDays: 14,
    });
    expect(body.text).toContain('We restarted the host.');
    expect(body.text).toContain('within 14 days to reopen');
  });

  it('given a reply without text or occurrence, when built, then it is refused rather than sent empty or unthrottled', () => {
    expect(() => notificationFor('agentReply', supportCase, { at: monday, occurrence: '1' })).toThrow(RangeError);
    expect(() => notificationFor('resolution', supportCase, { at: monday })).toThrow(RangeError);
  });
});
