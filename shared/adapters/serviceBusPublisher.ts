import type { TokenCredential } from '@azure/core-auth';
import type { ServiceBusClient, ServiceBusMessage, ServiceBusSender } from '@azure/service-bus';
import { lazyCredential } from './lazyCredential';
import type { DeadLetterRequest, MessageDeadLetters } from '../ports/messageDeadLetters';
import type { MessagePublisher, OutgoingMessage } from '../ports/messagePublisher';
import { queueNames, type QueueName } from '../resourceNames';

/** The part of a `ServiceBusSender` this adapter uses; tests hand the constructor a fake one. */
export type QueueSender = Pick<ServiceBusSender, 'sendMessages' | 'scheduleMessages'>;

/** Opens the sender of one queue. */
export type SenderFactory = (queue: QueueName) => Promise<QueueSender>;

/** Service Bus keeps DeadLetterReason and DeadLetterErrorDescription to 4096 characters; so do we. */
const deadLetterTextLimit = 4096;

function toServiceBusMessage(message: OutgoingMessage): ServiceBusMessage {
  return {
    body: message.body,
    messageId: message.messageId,
    contentType: message.contentType ?? 'application/json',
    subject: message.subject,
    correlationId: message.correlationId,
    applicationProperties: message.applicationProperties,
  };
}

/**
 * The message the `dead-letters` queue receives for a message that can never be processed: the original body and
 * application properties (so it can be replayed as it was), plus where it came from and why it was set aside. It keeps
 * the original message id, so the queue's duplicate detection drops a second copy when a delivery is repeated.
 */
export function deadLetterMessage(request: DeadLetterRequest): OutgoingMessage {
  const { message } = request;
  return {
    body: message.body,
    messageId: message.messageId,
    contentType: message.contentType,
    applicationProperties: {
      ...message.applicationProperties,
      sourceQueue: request.sourceQueue,
      deadLetterReason: request.reason.slice(0, deadLetterTextLimit),
      deadLetterErrorDescription: request.description.slice(0, deadLetterTextLimit),
      ...(message.messageId !== undefined ? { originalMessageId: message.messageId } : {}),
      ...(message.deliveryCount !== undefined ? { deliveryCount: message.deliveryCount } : {}),
    },
  };
}

/**
 * Opens senders on one ServiceBusClient for the namespace, made with the first sender. Nothing here touches the
 * network: the client connects, and asks the credential for a token, when the first message is sent.
 */
export function serviceBusSenders(fullyQualifiedNamespace: string, credential: TokenCredential): SenderFactory {
  let client: Promise<ServiceBusClient> | undefined;
  return async (queue) => {
    client ??= import('@azure/service-bus').then(
      ({ ServiceBusClient }) => new ServiceBusClient(fullyQualifiedNamespace, credential),
    );
    return (await client).createSender(queue);
  };
}

/**
 * Sends with the app's managed identity to the namespace named in settings; no connection string, no key. The SDK is
 * loaded with the first message, so functions that never publish do not pay for it at cold start.
 *
 * Each publish is one send, not a batch: a change of a case publishes one to three messages, to different queues, and
 * the outbox needs to know which of them the queue took (an SDK batch goes to one queue and fails or succeeds whole).
 * The sends of one change run concurrently on the queues' senders.
 */
export class ServiceBusPublisher implements MessagePublisher, MessageDeadLetters {
  /** One sender per queue, kept for the life of the process; the promise is kept, so concurrent sends open one. */
  private readonly senders = new Map<QueueName, Promise<QueueSender>>();
  private readonly openSender: SenderFactory;

  constructor(
    fullyQualifiedNamespace: string,
    clientId?: string,
    /** Replaces the SDK's senders (tests); by default one sender per queue on one client. */
    openSender?: SenderFactory,
  ) {
    this.openSender = openSender ?? serviceBusSenders(fullyQualifiedNamespace, lazyCredential(clientId));
  }

  /** A message with `scheduledEnqueueTimeUtc` is scheduled (scheduleMessages); any other is sent at once. */
  async publish(queue: QueueName, message: OutgoingMessage): Promise<void> {
    const sender = await this.senderFor(queue);
    const serviceBusMessage = toServiceBusMessage(message);
    if (message.scheduledEnqueueTimeUtc) {
      await sender.scheduleMessages(serviceBusMessage, message.scheduledEnqueueTimeUtc);
    } else {
      await sender.sendMessages(serviceBusMessage);
    }
  }

  /**
   * Sends the message to the `dead-letters` queue, where every queue also forwards the messages that used up their
   * deliveries (`forwardDeadLetteredMessagesTo` in infra/modules/serviceBus.bicep): one place for an operator to look.
   * The trigger cannot move the message to its own queue's dead-letter subqueue; see shared/messaging/queueFunction.ts.
   */
  async deadLetter(request: DeadLetterRequest): Promise<void> {
    await this.publish(queueNames.deadLetters, deadLetterMessage(request));
  }

  /** The queue's sender, opened once; a sender that failed to open is opened again by the next publish. */
  private senderFor(queue: QueueName): Promise<QueueSender> {
    const known = this.senders.get(queue);
    if (known) return known;
    const opening = this.openSender(queue);
    this.senders.set(queue, opening);
    opening.catch(() => {
      if (this.senders.get(queue) === opening) this.senders.delete(queue);
    });
    return opening;
  }
}
