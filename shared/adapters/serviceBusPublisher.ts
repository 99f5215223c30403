import type { ServiceBusClient, ServiceBusMessage, ServiceBusSender } from '@azure/service-bus';
import { lazyCredential } from './lazyCredential';
import type { MessagePublisher, OutgoingMessage } from '../ports/messagePublisher';
import type { QueueName } from '../resourceNames';

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
 * Sends with the app's managed identity to the namespace named in settings; no connection string, no key. The SDK is
 * loaded with the first message, so functions that never publish do not pay for it at cold start.
 */
export class ServiceBusPublisher implements MessagePublisher {
  private client: Promise<ServiceBusClient> | undefined;
  private readonly senders = new Map<QueueName, ServiceBusSender>();

  constructor(
    private readonly fullyQualifiedNamespace: string,
    private readonly clientId?: string,
  ) {}

  async publish(queue: QueueName, message: OutgoingMessage): Promise<void> {
    const sender = await this.senderFor(queue);
    const serviceBusMessage = toServiceBusMessage(message);
    if (message.scheduledEnqueueTimeUtc) {
      await sender.scheduleMessages(serviceBusMessage, message.scheduledEnqueueTimeUtc);
    } else {
      await sender.sendMessages(serviceBusMessage);
    }
  }

  private async senderFor(queue: QueueName): Promise<ServiceBusSender> {
    this.client ??= import('@azure/service-bus').then(
      ({ ServiceBusClient }) => new ServiceBusClient(this.fullyQualifiedNamespace, lazyCredential(this.clientId)),
    );
    let sender = this.senders.get(queue);
    if (!sender) {
      sender = (await this.client).createSender(queue);
      this.senders.set(queue, sender);
    }
    return sender;
  }
}
