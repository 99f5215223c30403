import { ServiceBusClient, type ServiceBusMessage, type ServiceBusSender } from '@azure/service-bus';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
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

/** Sends with the app's managed identity to the namespace named in settings; no connection string, no key. */
export class ServiceBusPublisher implements MessagePublisher {
  private readonly client: ServiceBusClient;
  private readonly senders = new Map<QueueName, ServiceBusSender>();

  constructor(fullyQualifiedNamespace: string, clientId?: string) {
    const credential = clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();
    this.client = new ServiceBusClient(fullyQualifiedNamespace, credential);
  }

  async publish(queue: QueueName, message: OutgoingMessage): Promise<void> {
    const sender = this.senderFor(queue);
    const serviceBusMessage = toServiceBusMessage(message);
    if (message.scheduledEnqueueTimeUtc) {
      await sender.scheduleMessages(serviceBusMessage, message.scheduledEnqueueTimeUtc);
    } else {
      await sender.sendMessages(serviceBusMessage);
    }
  }

  private senderFor(queue: QueueName): ServiceBusSender {
    let sender = this.senders.get(queue);
    if (!sender) {
      sender = this.client.createSender(queue);
      this.senders.set(queue, sender);
    }
    return sender;
  }
}
