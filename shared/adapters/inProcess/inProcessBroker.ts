import { randomUUID } from 'node:crypto';
import type { Clock } from '../../ports/clock';
import type { DeadLetterRequest, MessageDeadLetters } from '../../ports/messageDeadLetters';
import type { MessagePublisher, OutgoingMessage } from '../../ports/messagePublisher';
import { queueNames, resources } from '../../resourceNames';
import { deadLetterMessage } from '../serviceBusPublisher';
import { InProcessQueue } from './inProcessQueue';
import { checkServiceBusLimits, decodeBodyForTrigger } from './serviceBusWire';

/** ISO 8601 durations as resources.json writes them (PT1H, PT10M, P14D), in milliseconds. */
export function durationMs(duration: string): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration);
  if (!match) throw new Error(`Unsupported ISO 8601 duration: ${duration}`);
  const [, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return ((((days ?? 0) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60 + (seconds ?? 0)) * 1000;
}

export interface BrokerOptions {
  clock: Clock;
  /** Overrides every queue's maxDeliveryCount, e.g. to see dead-lettering sooner while developing. */
  maxDeliveryCount?: number;
}

/** The local stand-in for the Service Bus namespace: every queue that resources.json defines. */
export class InProcessBroker implements MessagePublisher, MessageDeadLetters {
  private readonly queues = new Map<string, InProcessQueue>();
  private readonly clock: Clock;

  constructor(options: BrokerOptions) {
    this.clock = options.clock;
    for (const queue of Object.values(resources.queues)) {
      const settings = {
        maxDeliveryCount: options.maxDeliveryCount ?? queue.maxDeliveryCount,
        duplicateDetectionWindowMs: queue.requiresDuplicateDetection
          ? durationMs(queue.duplicateDetectionHistoryTimeWindow)
          : 0,
      };
      this.queues.set(queue.name, new InProcessQueue(queue.name, settings, options.clock));
    }
  }

  queue(name: string): InProcessQueue {
    const queue = this.queues.get(name);
    if (!queue) throw new UnknownQueueError(name);
    return queue;
  }

  allQueues(): InProcessQueue[] {
    return [...this.queues.values()];
  }

  /** Rejects with an UnsendableMessageError for a message Service Bus would refuse, as the SDK's send does in Azure. */
  async publish(queue: string, message: OutgoingMessage): Promise<void> {
    this.queue(queue).send(message);
  }

  /**
   * Dead-letters on the source queue itself, where `GET /admin/queues/{queue}/deadletter` lists it next to the messages
   * that used up their deliveries. (In Azure both kinds end up on the `dead-letters` queue instead.) It fails where the
   * send to that queue would fail in Azure, e.g. when the reasons added to a message near 256 KB take it over.
   */
  async deadLetter(request: DeadLetterRequest): Promise<void> {
    const { message } = request;
    const bytes = checkServiceBusLimits(deadLetterMessage(request), queueNames.deadLetters);
    this.queue(request.sourceQueue).addDeadLetter({
      messageId: message.messageId ?? randomUUID(),
      // A copy, as the send makes one: the function may still hold (and change) the body it was handed.
      body: decodeBodyForTrigger(bytes),
      contentType: message.contentType,
      applicationProperties: { ...message.applicationProperties },
      deliveryCount: message.deliveryCount ?? 1,
      enqueuedTimeUtc: message.enqueuedTimeUtc ?? this.clock.now().toISOString(),
      deadLetterReason: request.reason,
      deadLetterErrorDescription: request.description,
    });
  }
}

export class UnknownQueueError extends Error {
  override readonly name = 'UnknownQueueError';
  constructor(readonly queueName: string) {
    super(`No queue named "${queueName}"`);
  }
}
