import { InProcessBroker } from '../../../shared/adapters/inProcess/inProcessBroker';
import { deadLetterMessage } from '../../../shared/adapters/serviceBusPublisher';
import { escalationRequestedMessageId } from '../../../shared/domain/escalation/requestEscalation';
import { notificationFor, notificationOutboxMessage } from '../../../shared/domain/notifications';
import type { OutboxMessage } from '../../../shared/domain/outbox';
import { enrichmentRequestMessage, triageRequestMessage } from '../../../shared/domain/pipelineMessages';
import { serviceBusLimits } from '../../../shared/ports/messagePublisher';
import { sendOutbox } from '../../../shared/services/caseOutbox';
import { newCaseId } from '../../../shared/services/ids';
import { deadlineMessage } from '../../../shared/services/slaDueFiling';
import { ManualClock } from '../../support/manualClock';
import { supportCaseFixture } from '../caseWork/supportCaseFixture';

/*
 * Every message id the desk builds, from the longest inputs its schemas allow, stays within Service Bus's 128
 * characters (an id over it fails the send in Azure, and now in the in-process transport too). The ids stay
 * deterministic: the queues' duplicate detection drops a second copy only because the same event gives the same id.
 *
 * Longest inputs: a case id is newCaseId's 25 characters (the path pattern shared/services/ids.ts admits no other); a
 * tenant id is up to 100 characters (the storage key id pattern, ibid.); an escalation id is esc- and up to six digits
 * (the path parameter); counters and instants are taken at JavaScript's extremes.
 */
const longestTenantId = 't'.repeat(100);
const longestCaseId = `${'z'.repeat(9)}${'f'.repeat(16)}`;
const longestEscalationId = 'esc-999999';
const largestCounter = Number.MAX_SAFE_INTEGER;
const latestInstant = new Date(8.64e15); // the last instant a JavaScript Date can hold
const now = new Date('2026-03-02T09:00:00Z');

const longestCase = supportCaseFixture({ id: longestCaseId, tenantId: longestTenantId });

/** The desk's messages built from the longest inputs, by what builds them. */
const built: [string, OutboxMessage][] = [
  ['triage request', triageRequestMessage(longestTenantId, longestCaseId, now)],
  ['triage request, watchdog retry', triageRequestMessage(longestTenantId, longestCaseId, now, largestCounter)],
  ['enrichment request', enrichmentRequestMessage(longestTenantId, longestCaseId, now)],
  ['enrichment request, watchdog retry', enrichmentRequestMessage(longestTenantId, longestCaseId, now, largestCounter)],
  [
    'acknowledgement notification',
    notificationOutboxMessage(notificationFor('acknowledgement', longestCase, { at: now }), longestCase, now),
  ],
  [
    'agent reply notification (occurrence: timeline place)',
    notificationOutboxMessage(
      notificationFor('agentReply', longestCase, { at: now, text: 'Hello', occurrence: String(largestCounter) }),
      longestCase,
      now,
    ),
  ],
  [
    'resolution notification (occurrence: resolution instant)',
    notificationOutboxMessage(
      notificationFor('resolution', longestCase, { at: now, occurrence: latestInstant.getTime().toString(36) }),
      longestCase,
      now,
    ),
  ],
  ['SLA deadline', deadlineMessage(longestCase, latestInstant.toISOString(), now)],
];

describe('message ids the desk builds', () => {
  it('given a case id of the allowed shape, then it is the 25 characters the longest inputs here assume', () => {
    expect(newCaseId(now)).toHaveLength(longestCaseId.length);
  });

  it.each(built)(
    'given the longest inputs, when the message "%s" is built, then its id has at most 128 characters',
    (_what, message) => {
      expect(message.messageId.length).toBeLessThanOrEqual(serviceBusLimits.maxMessageIdLength);
    },
  );

  it('given the longest case and escalation ids, when the escalation-requested id is built, then it has at most 128 characters', () => {
    expect(escalationRequestedMessageId(longestCaseId, longestEscalationId).length).toBeLessThanOrEqual(
      serviceBusLimits.maxMessageIdLength,
    );
  });

  it('given a 100-character tenant id, then no id depends on it: the same case in a short-named tenant gets the same ids', () => {
    const shortTenant = supportCaseFixture({ id: longestCaseId, tenantId: 't' });
    expect(triageRequestMessage('t', longestCaseId, now).messageId).toBe(built[0]?.[1].messageId);
    expect(deadlineMessage(shortTenant, latestInstant.toISOString(), now).messageId).toBe(
      deadlineMessage(longestCase, latestInstant.toISOString(), now).messageId,
    );
  });

  it('given the same event twice, when its message is built again, then the id is the same (duplicate detection depends on it)', () => {
    const again = [
      triageRequestMessage(longestTenantId, longestCaseId, new Date(now.getTime() + 1000)),
      deadlineMessage(longestCase, latestInstant.toISOString(), new Date(now.getTime() + 1000)),
      notificationOutboxMessage(notificationFor('acknowledgement', longestCase, { at: now }), longestCase, now),
    ].map((message) => message.messageId);
    expect(again).toEqual([built[0]?.[1].messageId, built[7]?.[1].messageId, built[4]?.[1].messageId]);
  });

  it("given every message built from the longest inputs, when the outbox sends them on the in-process transport, then Service Bus's limits let every one through", async () => {
    const broker = new InProcessBroker({ clock: new ManualClock(now) });
    const messages = built.map(([, message]) => message);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const sent = await sendOutbox(broker, messages);
      expect([...sent].sort()).toEqual(messages.map((message) => message.messageId).sort());
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('given a delivered message with a 128-character id that can never be processed, when dead-lettered, then the dead-letter message keeps that id', () => {
    const messageId = 'm'.repeat(serviceBusLimits.maxMessageIdLength);
    const letter = deadLetterMessage({
      sourceQueue: 'email-intake',
      reason: 'InvalidEmail',
      description: 'no sender',
      message: { messageId, applicationProperties: {}, body: {} },
    });
    expect(letter.messageId).toBe(messageId);
  });
});
