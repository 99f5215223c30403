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
 * Sends with the app's managed identity to the namespace named in settings; no connection string, no key. The SDK is
 * loaded with the first message, so functions that never publish do not pay for it at cold start.
 */
export class ServiceBusPublisher implements MessagePublisher, MessageDeadLetters {
  private client: Promise<ServiceBusClient> | undefined;
  private readonly senders = new Map<QueueName, QueueSender>();
  private readonly openSender: SenderFactory;

  constructor(
    private readonly fullyQualifiedNamespace: string,
    private readonly clientId?: string,
    /** Replaces the SDK's senders (tests); by default one sender per queue on one client. */
    openSender?: SenderFactory,
  ) {
    this.openSender = openSender ?? ((queue) => this.sdkSender(queue));
  }

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

  private async senderFor(queue: QueueName): Promise<QueueSender> {
    let sender = this.senders.get(queue);
    if (!sender) {
      sender = await this.openSender(queue);
      this.senders.set(queue, sender);
    }
    return sender;
  }

  private async sdkSender(queue: QueueName): Promise<QueueSender> {
    this.client ??= import('@azure/service-bus').then(
      ({ ServiceBusClient }) => new ServiceBusClient(this.fullyQualifiedNamespace, lazyCredential(this.clientId)),
    );
    return (await this.client).createSender(queue);
  }
}
