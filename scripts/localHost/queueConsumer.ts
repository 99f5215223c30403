import type { InProcessQueue, ReceivedMessage } from '../../shared/adapters/inProcess/inProcessQueue';
import { invocationContextFor, type LogSink } from './functionApp';
import type { CapturedFunction } from './functionsCore';

const pollIntervalMs = 25;

/**
 * Feeds one queue to one Service Bus trigger function under peek-lock: success completes the message, a throw
 * abandons it, and the queue redelivers it at once or dead-letters it after its maximum deliveries. The function gets
 * the body as the trigger hands it over in Azure: parsed from the bytes that were sent, a new object each delivery.
 * At most `maxConcurrentCalls` deliveries run at once, host.json's bound per function and instance in Azure: each
 * function has a bound of its own, so a busy pipeline queue never takes the turns of intake, nor intake of it.
 */
export class QueueConsumer {
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  /** Resolves the promise stop() returned once the deliveries under way have finished. */
  private drained: (() => void) | undefined;

  constructor(
    readonly fn: CapturedFunction,
    readonly queue: InProcessQueue,
    private readonly log: LogSink,
    readonly maxConcurrentCalls: number,
  ) {
    if (!Number.isInteger(maxConcurrentCalls) || maxConcurrentCalls < 1)
      throw new RangeError(`maxConcurrentCalls must be a positive whole number, not ${maxConcurrentCalls}`);
  }

  start(): void {
    this.unsubscribe = this.queue.onMessage(() => this.pump());
    // Scheduled messages and redeliveries become due without anyone sending: look again regularly.
    this.timer = setInterval(() => this.pump(), pollIntervalMs);
    this.pump();
  }

  /**
   * Takes no further message, and resolves once the deliveries under way have finished, as the Functions host lets
   * running invocations end when it shuts down: a handler cut off mid-write would leave work no test or operator sees.
   */
  stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.drained = resolve;
    });
  }

  get idle(): boolean {
    return this.inFlight === 0 && !this.queue.busy;
  }

  private pump(): void {
    while (!this.stopped && this.inFlight < this.maxConcurrentCalls) {
      const message = this.queue.receive();
      if (!message) return;
      this.inFlight += 1;
      void this.deliver(message).finally(() => {
        this.inFlight -= 1;
        if (!this.stopped) setImmediate(() => this.pump());
        else if (this.inFlight === 0) this.drained?.();
      });
    }
  }

  private async deliver(message: ReceivedMessage): Promise<void> {
    const context = invocationContextFor(
      this.fn,
      {
        messageId: message.messageId,
        deliveryCount: message.deliveryCount,
        enqueuedTimeUtc: message.enqueuedTimeUtc.toISOString(),
        contentType: message.contentType,
        subject: message.subject,
        correlationId: message.correlationId,
        applicationProperties: message.applicationProperties,
        lockToken: message.lockToken,
      },
      this.log,
    );
    try {
      await this.fn.handler(message.body, context);
      this.queue.complete(message.lockToken);
    } catch (error) {
      this.log(
        'warning',
        this.fn.name,
        `delivery ${message.deliveryCount} of ${message.messageId} failed: ${(error as Error).message}`,
      );
      this.queue.abandon(message.lockToken, error);
    }
  }
}
