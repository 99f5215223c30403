import { randomUUID } from 'node:crypto';
import type { Clock } from '../../ports/clock';
import type { OutgoingMessage } from '../../ports/messagePublisher';
import { checkServiceBusLimits, decodeBodyForTrigger } from './serviceBusWire';

export interface QueueSettings {
  maxDeliveryCount: number;
  /** Milliseconds during which a second message with the same id is dropped; 0 turns duplicate detection off. */
  duplicateDetectionWindowMs: number;
}

/** A message handed to a receiver under a peek-lock, as Service Bus hands it to a Functions trigger. */
export interface ReceivedMessage {
  lockToken: string;
  messageId: string;
  /** The body as the trigger hands it to a Node.js handler: parsed from the bytes sent, a new object each delivery. */
  body: unknown;
  contentType?: string;
  subject?: string;
  correlationId?: string;
  applicationProperties: Record<string, string | number | boolean>;
  deliveryCount: number;
  enqueuedTimeUtc: Date;
  scheduledEnqueueTimeUtc?: Date;
}

export interface DeadLetter {
  messageId: string;
  body: unknown;
  contentType?: string;
  applicationProperties: Record<string, string | number | boolean>;
  deliveryCount: number;
  enqueuedTimeUtc: string;
  deadLetteredAt: string;
  deadLetterReason: string;
  deadLetterErrorDescription: string;
}

const acceptedHistoryLength = 1000;

interface QueuedMessage extends Omit<ReceivedMessage, 'lockToken' | 'body'> {
  /** The body as it crossed the wire (see serviceBusWire.ts): what the sender does with its object afterwards is no matter. */
  bytes: Buffer;
  availableAt: number;
  lockToken?: string;
}

/**
 * One queue with Service Bus semantics: the limits of a Service Bus message, bodies serialized on send and parsed on
 * every delivery, peek-lock, redelivery of an abandoned message at once and ahead of the later ones with a rising
 * delivery count, dead-lettering after the maximum deliveries (or at once, when a function finds a message it can never
 * process), scheduled messages and duplicate detection by message id.
 */
export class InProcessQueue {
  private readonly messages: QueuedMessage[] = [];
  private readonly deadLettered: DeadLetter[] = [];
  private readonly recentIds = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly acceptedIds: string[] = [];

  constructor(
    readonly name: string,
    private readonly settings: QueueSettings,
    private readonly clock: Clock,
  ) {}

  /**
   * Returns false when duplicate detection dropped the message. Throws an UnsendableMessageError for a message Service
   * Bus would refuse (an id over 128 characters, over 256 KB, ...), as the SDK's send throws in Azure.
   */
  send(message: OutgoingMessage): boolean {
    const bytes = checkServiceBusLimits(message, this.name);
    const now = this.clock.now().getTime();
    const messageId = message.messageId ?? randomUUID();
    if (this.isDuplicate(messageId, now)) return false;
    this.acceptedIds.push(messageId);
    if (this.acceptedIds.length > acceptedHistoryLength) this.acceptedIds.shift();
    this.messages.push({
      messageId,
      bytes,
      contentType: message.contentType,
      subject: message.subject,
      correlationId: message.correlationId,
      applicationProperties: { ...message.applicationProperties },
      deliveryCount: 0,
      enqueuedTimeUtc: new Date(now),
      scheduledEnqueueTimeUtc: message.scheduledEnqueueTimeUtc,
      availableAt: message.scheduledEnqueueTimeUtc?.getTime() ?? now,
    });
    this.listeners.forEach((listener) => listener());
    return true;
  }

  /** The first message available in the order sent (a redelivery keeps its place), locked for the receiver. */
  receive(): ReceivedMessage | undefined {
    const now = this.clock.now().getTime();
    const next = this.messages.find((message) => !message.lockToken && message.availableAt <= now);
    if (!next) return undefined;
    next.lockToken = randomUUID();
    next.deliveryCount += 1;
    const { availableAt: _availableAt, bytes, ...received } = next;
    return {
      ...received,
      body: decodeBodyForTrigger(bytes),
      applicationProperties: { ...next.applicationProperties },
      lockToken: next.lockToken,
    };
  }

  complete(lockToken: string): void {
    this.messages.splice(this.indexOfLocked(lockToken), 1);
  }

  /**
   * Releases the lock, as Service Bus does when a function throws under peek-lock: the message is available again at
   * once and keeps its place ahead of the messages sent after it, so it is the next one delivered. Once it has used up
   * its deliveries (the queue's maxDeliveryCount) it is dead-lettered instead.
   */
  abandon(lockToken: string, error: unknown): void {
    const index = this.indexOfLocked(lockToken);
    const message = this.messages[index] as QueuedMessage;
    if (message.deliveryCount >= this.settings.maxDeliveryCount) {
      this.messages.splice(index, 1);
      this.addDeadLetter({
        messageId: message.messageId,
        body: decodeBodyForTrigger(message.bytes),
        contentType: message.contentType,
        applicationProperties: message.applicationProperties,
        deliveryCount: message.deliveryCount,
        enqueuedTimeUtc: message.enqueuedTimeUtc.toISOString(),
        deadLetterReason: 'MaxDeliveryCountExceeded',
        deadLetterErrorDescription: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    delete message.lockToken;
    this.listeners.forEach((listener) => listener());
  }

  /**
   * Puts a message its function found it can never process on this queue's dead-letter list at once, with the reason
   * the function gave. The message itself is still locked by that delivery, which completes it afterwards, just as a
   * function in Azure completes the message after sending it to the `dead-letters` queue.
   */
  addDeadLetter(letter: Omit<DeadLetter, 'deadLetteredAt'>): void {
    this.deadLettered.push({ ...letter, deadLetteredAt: this.clock.now().toISOString() });
  }

  /** Ids of the latest messages the queue accepted (duplicates dropped), oldest first. */
  acceptedMessageIds(): readonly string[] {
    return this.acceptedIds;
  }

  deadLetters(): readonly DeadLetter[] {
    return this.deadLettered;
  }

  /** Messages waiting, in flight or scheduled: zero means the queue has nothing left to do. */
  get depth(): number {
    return this.messages.length;
  }

  /** Whether a receiver would get a message right now, or one is being handled. */
  get busy(): boolean {
    const now = this.clock.now().getTime();
    return this.messages.some((message) => message.lockToken !== undefined || message.availableAt <= now);
  }

  onMessage(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Ids are remembered in the order they were first seen, which is the clock's order, so expired ones are dropped from
   * the front until the first that is not: a send costs what expired since the last one, not the whole window's ids (an
   * hour of a busy queue). Should the clock have gone back, an id older than the window still counts as expired.
   */
  private isDuplicate(messageId: string, now: number): boolean {
    const window = this.settings.duplicateDetectionWindowMs;
    if (window <= 0) return false;
    for (const [id, seenAt] of this.recentIds) {
      if (now - seenAt <= window) break;
      this.recentIds.delete(id);
    }
    const seenAt = this.recentIds.get(messageId);
    if (seenAt !== undefined && now - seenAt <= window) return true;
    this.recentIds.delete(messageId);
    this.recentIds.set(messageId, now);
    return false;
  }

  private indexOfLocked(lockToken: string): number {
    const index = this.messages.findIndex((message) => message.lockToken === lockToken);
    if (index < 0) throw new Error(`No message in ${this.name} holds lock ${lockToken}`);
    return index;
  }
}
