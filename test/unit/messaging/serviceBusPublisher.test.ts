import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type * as ServiceBusSdk from '@azure/service-bus';
import type { ServiceBusMessage, ServiceBusSender } from '@azure/service-bus';
import { ServiceBusClient } from '@azure/service-bus';
import { ServiceBusPublisher, serviceBusSenders, type QueueSender } from '../../../shared/adapters/serviceBusPublisher';
import type { QueueName } from '../../../shared/resourceNames';

// The real SDK, with its client constructor counted: senders are made by it, but nothing is sent.
jest.mock('@azure/service-bus', () => {
  const actual = jest.requireActual<typeof ServiceBusSdk>('@azure/service-bus');
  return {
    ...actual,
    ServiceBusClient: jest.fn(function (this: unknown, ...args: ConstructorParameters<typeof actual.ServiceBusClient>) {
      return new actual.ServiceBusClient(...args);
    }),
  };
});

type Call = { queue: QueueName; kind: 'send' | 'schedule'; message: ServiceBusMessage; at?: Date };

/** Senders that record what the publisher hands them, as `ServiceBusSender` would receive it; no namespace, no network. */
function recordingSenders(options: { openDelayMs?: number } = {}): {
  calls: Call[];
  opened: QueueName[];
  open: (queue: QueueName) => Promise<QueueSender>;
} {
  const calls: Call[] = [];
  const opened: QueueName[] = [];
  const open = async (queue: QueueName): Promise<QueueSender> => {
    opened.push(queue);
    if (options.openDelayMs) await new Promise((resolve) => setTimeout(resolve, options.openDelayMs));
    return {
      sendMessages: async (messages) => {
        for (const message of Array.isArray(messages) ? messages : [messages])
          calls.push({ queue, kind: 'send', message: message as ServiceBusMessage });
      },
      scheduleMessages: async (messages, at) => {
        for (const message of Array.isArray(messages) ? messages : [messages])
          calls.push({ queue, kind: 'schedule', message: message as ServiceBusMessage, at });
        return [];
      },
    };
  };
  return { calls, opened, open };
}

const namespace = 'sb-test.servicebus.windows.net';

describe('ServiceBusPublisher.publish: what goes to the SDK sender', () => {
  it("given a stage message, when published, then the queue's sender sends it once with its id, JSON content type, subject, correlation id and properties", async () => {
    const { calls, open } = recordingSenders();
    const publisher = new ServiceBusPublisher(namespace, undefined, open);
    const body = { tenantId: 'contoso-partner', caseId: '0mm8z1k2aa1b2c3d4e5f6a7b8' };

    await publisher.publish('case-triage', {
      body,
      messageId: 'triage-0mm8z1k2aa1b2c3d4e5f6a7b8',
      subject: 'triage',
      correlationId: body.caseId,
      applicationProperties: { tenantId: 'contoso-partner', attempt: 1, retry: false },
    });

    expect(calls).toEqual([
      {
        queue: 'case-triage',
        kind: 'send',
        message: {
          body,
          messageId: 'triage-0mm8z1k2aa1b2c3d4e5f6a7b8',
          contentType: 'application/json',
          subject: 'triage',
          correlationId: body.caseId,
          applicationProperties: { tenantId: 'contoso-partner', attempt: 1, retry: false },
        },
      },
    ]);
  });

  it('given a message with a content type of its own, when published, then that content type is sent', async () => {
    const { calls, open } = recordingSenders();
    await new ServiceBusPublisher(namespace, undefined, open).publish('notifications', {
      body: 'plain text',
      contentType: 'text/plain',
    });

    expect(calls[0]?.message.contentType).toBe('text/plain');
  });

  it('given a message with scheduledEnqueueTimeUtc, when published, then it is scheduled for that instant with scheduleMessages, not sent at once', async () => {
    const { calls, open } = recordingSenders();
    const dueAt = new Date('2026-03-02T13:00:00.000Z');

    await new ServiceBusPublisher(namespace, undefined, open).publish('sla-deadlines', {
      body: { tenantId: 't', caseId: 'c', dueAt: dueAt.toISOString() },
      messageId: 'sla-c-mm8z1k2a',
      scheduledEnqueueTimeUtc: dueAt,
    });

    expect(calls).toEqual([expect.objectContaining({ queue: 'sla-deadlines', kind: 'schedule', at: dueAt })]);
    expect(calls[0]?.message).toMatchObject({ messageId: 'sla-c-mm8z1k2a', contentType: 'application/json' });
    // The instant is the scheduleMessages argument; the SDK would also read it from the message, so it is not set twice.
    expect(calls[0]?.message).not.toHaveProperty('scheduledEnqueueTimeUtc');
  });

  it("given several messages of one change published at the same time, when their senders open slowly, then each queue's sender is opened once and reused, and each message is its own send", async () => {
    const { calls, opened, open } = recordingSenders({ openDelayMs: 20 });
    const publisher = new ServiceBusPublisher(namespace, undefined, open);

    await Promise.all([
      publisher.publish('notifications', { body: 1, messageId: 'n-1' }),
      publisher.publish('notifications', { body: 2, messageId: 'n-2' }),
      publisher.publish('case-enrichment', { body: 3, messageId: 'e-1' }),
    ]);
    await publisher.publish('notifications', { body: 4, messageId: 'n-3' });

    expect(opened.sort()).toEqual(['case-enrichment', 'notifications']);
    expect(calls.map((call) => call.message.messageId).sort()).toEqual(['e-1', 'n-1', 'n-2', 'n-3']);
  });

  it('given a sender that fails to open, when published, then publish rejects; when published again, then the sender is opened anew and the message sent', async () => {
    const { calls, opened, open } = recordingSenders();
    let failures = 1;
    const flaky = async (queue: QueueName): Promise<QueueSender> => {
      if (failures-- > 0) throw new Error('namespace not reachable');
      return open(queue);
    };
    const publisher = new ServiceBusPublisher(namespace, undefined, flaky);

    await expect(publisher.publish('notifications', { body: 1, messageId: 'n-1' })).rejects.toThrow(
      'namespace not reachable',
    );
    await publisher.publish('notifications', { body: 1, messageId: 'n-1' });

    expect(opened).toEqual(['notifications']);
    expect(calls.map((call) => call.message.messageId)).toEqual(['n-1']);
  });

  it('given the SDK refuses a send, when published, then publish rejects with that error (the outbox keeps the message)', async () => {
    const refusing = async (): Promise<QueueSender> => ({
      sendMessages: async () => {
        throw new Error("Length of 'messageId' property on the message cannot be greater than 128 characters.");
      },
      scheduleMessages: async () => [],
    });

    await expect(
      new ServiceBusPublisher(namespace, undefined, refusing).publish('notifications', {
        body: {},
        messageId: 'x'.repeat(129),
      }),
    ).rejects.toThrow(/128/);
  });
});

describe('the SDK-backed senders (no network)', () => {
  const constructed = ServiceBusClient as unknown as jest.Mock;
  beforeEach(() => constructed.mockClear());

  it('given a namespace and a credential, when senders for two queues are opened, then one ServiceBusClient serves both, and no token is asked for before a send', async () => {
    const getToken = jest.fn(async (): Promise<AccessToken | null> => null);
    const credential: TokenCredential = { getToken };
    const open = serviceBusSenders(namespace, credential);

    const triage = (await open('case-triage')) as ServiceBusSender;
    const notifications = (await open('notifications')) as ServiceBusSender;
    try {
      expect(constructed).toHaveBeenCalledTimes(1);
      expect(constructed).toHaveBeenCalledWith(namespace, credential);
      expect([triage.entityPath, notifications.entityPath]).toEqual(['case-triage', 'notifications']);
      expect(triage.isClosed).toBe(false);
      expect(getToken).not.toHaveBeenCalled();
    } finally {
      await Promise.all([triage.close(), notifications.close()]);
    }
  });

  it('given the publisher made as composition makes it (namespace and client id, no factory), when constructed, then the SDK is not even loaded', () => {
    new ServiceBusPublisher(namespace, '00000000-0000-0000-0000-000000000001');

    expect(constructed).not.toHaveBeenCalled();
  });
});
