import type { TimelineEvent } from '../../../shared/domain/case';
import { defaultSupportOffering, supportOfferingSchema } from '../../../shared/domain/offering';
import {
  addMonths,
  eraseFromCase,
  eraseFromEvent,
  erasedAddress,
  erasedText,
  lookupKeysOf,
  namesOf,
  peopleOf,
  personKey,
  redactPerson,
  reviewCase,
} from '../../../shared/domain/retention';
import { supportCaseFixture } from '../caseWork/supportCaseFixture';

const iso = (date: Date): string => date.toISOString();

describe('retention periods', () => {
  it('given a day a month has not, when months are added, then the month ends there (UTC calendar months)', () => {
    expect(iso(addMonths(new Date('2041-01-31T09:00:00Z'), 1))).toBe('2041-02-28T09:00:00.000Z');
    expect(iso(addMonths(new Date('2040-02-29T23:30:00Z'), 24))).toBe('2042-02-28T23:30:00.000Z');
    expect(iso(addMonths(new Date('2041-11-15T00:00:00Z'), 3))).toBe('2042-02-15T00:00:00.000Z');
  });

  it('given a stored offering from before the setting existed, when read, then closed cases are kept 24 months; 1 to 120 months may be set', () => {
    const { closedCaseRetentionMonths: _absent, ...older } = defaultSupportOffering().settings;
    expect(
      supportOfferingSchema.parse({ ...defaultSupportOffering(), settings: older }).settings.closedCaseRetentionMonths,
    ).toBe(24);
    for (const months of [1, 120])
      expect(
        supportOfferingSchema.safeParse({
          ...defaultSupportOffering(),
          settings: { ...older, closedCaseRetentionMonths: months },
        }).success,
      ).toBe(true);
    for (const months of [0, 121, 2.5])
      expect(
        supportOfferingSchema.safeParse({
          ...defaultSupportOffering(),
          settings: { ...older, closedCaseRetentionMonths: months },
        }).success,
      ).toBe(false);
  });
});

describe('reviewing a case whose review came', () => {
  const now = new Date('2043-02-01T09:00:00Z');

  it('given a case closed longer ago than the retention, then it is purged', () => {
    const closed = supportCaseFixture({
      status: 'closed',
      resolvedAt: '2041-01-30T09:00:00.000Z',
      closedAt: '2041-02-01T08:59:00.000Z',
    });
    expect(reviewCase(closed, 24, now)).toEqual({ kind: 'purge', expiredAt: new Date('2043-02-01T08:59:00.000Z') });
  });

  it('given a case resolved but never closed, then its resolution starts the retention', () => {
    const resolved = supportCaseFixture({ status: 'resolved', resolvedAt: '2041-01-15T09:00:00.000Z' });
    expect(reviewCase(resolved, 24, now).kind).toBe('purge');
  });

  it('given a case closed recently, then it is looked at again when it expires, or at the latest three months later', () => {
    const soon = supportCaseFixture({ status: 'closed', closedAt: '2041-03-10T12:00:00.000Z' });
    expect(reviewCase(soon, 24, now)).toEqual({
      kind: 'keep',
      reviewAt: new Date('2043-03-10T12:00:00.000Z'),
      expiresAt: new Date('2043-03-10T12:00:00.000Z'),
    });
    const later = supportCaseFixture({ status: 'closed', closedAt: '2042-06-01T09:00:00.000Z' });
    expect(reviewCase(later, 24, now)).toMatchObject({ kind: 'keep', reviewAt: new Date('2043-05-01T09:00:00.000Z') });
  });

  it('given an open or reopened case, then it is looked at again after the shorter of the retention and three months, never within a day', () => {
    const open = supportCaseFixture({ status: 'in_progress', closedAt: undefined });
    expect(reviewCase(open, 24, now)).toEqual({ kind: 'keep', reviewAt: new Date('2043-05-01T09:00:00.000Z') });
    expect(reviewCase(open, 1, now)).toEqual({ kind: 'keep', reviewAt: new Date('2043-03-01T09:00:00.000Z') });
    const justExpiring = supportCaseFixture({ status: 'closed', closedAt: '2041-02-01T09:00:00.001Z' });
    expect(reviewCase(justExpiring, 24, now)).toMatchObject({
      kind: 'keep',
      reviewAt: new Date('2043-02-02T09:00:00.000Z'),
    });
  });

  it('given a case with mails and a conversation, then its lookup keys are its number, each Message-ID and the conversation', () => {
    const mailed = supportCaseFixture({ emailMessageIds: ['<a@x>', '<b@x>'], emailConversationId: 'conv-1' });
    expect(lookupKeysOf(mailed)).toEqual(['number:CS-000042', 'message:<a@x>', 'message:<b@x>', 'conversation:conv-1']);
  });
});

describe('erasing a person', () => {
  const ann = { address: 'ann@fabrikam.example', names: ['Ann Example'] };
  const event = (overrides: Partial<TimelineEvent>): TimelineEvent => ({
    seq: 3,
    type: 'customerMessage',
    at: '2026-03-02T10:00:00.000Z',
    actor: { kind: 'customer', id: 'Ann@Fabrikam.example', name: 'Ann Example' },
    visibility: 'public',
    summary: 'Email from ann@fabrikam.example: VM down',
    data: {
      messageId: '<m1@fabrikam.example>',
      subject: 'VM down',
      body: 'Ann Example here, call +49 30 1234567',
      attachments: [{ name: 'a.png' }],
    },
    ...overrides,
  });

  it('given the tenant and an address in any case, then the person key is a salted hash that differs per tenant', () => {
    expect(personKey('t1', ' Ann@Fabrikam.EXAMPLE ')).toBe(personKey('t1', 'ann@fabrikam.example'));
    expect(personKey('t1', 'ann@fabrikam.example')).not.toBe(personKey('t2', 'ann@fabrikam.example'));
    expect(personKey('t1', 'ann@fabrikam.example')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('given a case she is the contact of, then name, phone, address, her words and attachments go and the title stays', () => {
    const supportCase = supportCaseFixture({
      title: 'VM down for Ann Example',
      attachments: [{ name: 'boot.png', url: 'https://files.example/boot.png' }],
    });
    const erased = eraseFromCase(supportCase, ann);
    expect(erased.contact).toEqual({ email: erasedAddress });
    expect(erased.description).toBe(erasedText);
    expect(erased.attachments).toEqual([]);
    expect(erased.title).toBe(`VM down for ${erasedText}`);
    expect(erased.customer).toEqual(supportCase.customer);
  });

  it('given a case of someone else, then only her traces go and the contact stays', () => {
    const bobs = supportCaseFixture({
      contact: { name: 'Bob', email: 'bob@fabrikam.example' },
      description: 'Ann Example (ann@fabrikam.example) knows more.',
    });
    const erased = eraseFromCase(bobs, ann);
    expect(erased.contact).toEqual(bobs.contact);
    expect(erased.description).toBe(`${erasedText} (${erasedText}) knows more.`);
  });

  it('given an escalation contact of hers deep in the case, then it keeps a valid shape with nothing of her', () => {
    const nested = redactPerson(
      {
        contactDetails: {
          firstName: 'Ann',
          lastName: 'Example',
          primaryEmailAddress: 'ann@fabrikam.example',
          phoneNumber: '+49',
          preferredContactMethod: 'email',
        },
      },
      ann,
    );
    expect(nested).toEqual({
      contactDetails: {
        firstName: 'Erased',
        lastName: 'Contact',
        primaryEmailAddress: erasedAddress,
        preferredContactMethod: 'email',
      },
    });
  });

  it('given her mail on the timeline, then body, subject and attachments go, also from the summary, and the entry names no one', () => {
    const erased = eraseFromEvent(event({}), ann, false);
    expect(erased.actor).toEqual({ kind: 'customer', id: erasedAddress });
    expect(erased.summary).toBe(`Email from ${erasedText}: ${erasedText}`);
    expect(erased.data).toEqual({
      messageId: '<m1@fabrikam.example>',
      subject: erasedText,
      body: erasedText,
      attachments: [],
    });
  });

  it('given a case she opened by mail with attachments, then its created entry loses their names', () => {
    const created = event({
      type: 'created',
      summary: 'Case CS-000001 opened from an email by ann@fabrikam.example',
      data: { messageId: '<m0@fabrikam.example>', attachments: [{ name: 'Ann Example passport.pdf', size: 1 }] },
    });

    const erased = eraseFromEvent(created, ann, true);

    expect(erased.data).toEqual({ messageId: '<m0@fabrikam.example>', attachments: [] });
    expect(erased.summary).toBe(`Case CS-000001 opened from an email by ${erasedText}`);
  });

  it("given a portal reply on her case or a colleague's mail, then the first is her words and the second is not", () => {
    const portalReply = event({
      actor: { kind: 'portal', id: 'key-1' },
      summary: 'Reply from the customer',
      data: { text: 'Thanks!' },
    });
    expect(eraseFromEvent(portalReply, ann, true).data).toEqual({ text: erasedText });
    expect(eraseFromEvent(portalReply, ann, false).data).toEqual({ text: 'Thanks!' });
    const colleague = event({
      actor: { kind: 'customer', id: 'bob@fabrikam.example' },
      summary: 'Email from bob@fabrikam.example',
      data: { body: 'Ann is out today.' },
    });
    expect(eraseFromEvent(colleague, ann, true)).toEqual(colleague);
  });

  it('given the case and timeline, then her names are collected from them, and only whole names of three letters or more', () => {
    const supportCase = supportCaseFixture();
    expect(
      namesOf('ANN@fabrikam.example', supportCase, [
        event({ actor: { kind: 'customer', id: 'ann@fabrikam.example', name: 'A. Example' } }),
      ]).sort(),
    ).toEqual(['A. Example', 'Ann Example']);
    expect(redactPerson('Annex B', { address: 'x@y', names: ['Ann'] })).toBe('Annex B');
    expect(redactPerson('Hi Ann, see Annex B', { address: 'x@y', names: ['Ann'] })).toBe(
      `Hi ${erasedText}, see Annex B`,
    );
  });

  it('given a case and its timeline, then its people are its contact and the customers who wrote, never the erased placeholder', () => {
    const supportCase = supportCaseFixture();
    expect(
      peopleOf(supportCase, [
        event({}),
        event({ actor: { kind: 'agent', id: 'kim@partner.example' } }),
        event({ actor: { kind: 'customer', id: erasedAddress } }),
      ]),
    ).toEqual(['ann@fabrikam.example']);
  });
});
