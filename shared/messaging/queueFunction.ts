import type { InvocationContext } from '@azure/functions';
import { currentDesk } from '../composition';
import { DeskError } from '../errors';
import type { MessageDeadLetters, ReceivedMessageIdentity } from '../ports/messageDeadLetters';
import type { QueueName } from '../resourceNames';
import { classifyMessageFailure } from './messageFailure';

/*
 * Why queue functions dead-letter by sending, not by settling: with the standard Service Bus trigger of the Node.js
 * worker, the Functions host owns the message. It completes it when the function returns and abandons it when the
 * function throws; the function gets the body and `triggerMetadata`, never the receiver or a lock it could call
 * `deadLetterMessage` with. (Only the preview SDK-type binding hands out ServiceBusMessageActions, and this app does not
 * use it.) Left alone, a message that can never succeed is therefore delivered maxDeliveryCount (10) times before
 * Service Bus dead-letters it with the reason "MaxDeliveryCountExceeded", which hides why it failed and, for an email,
 * retries work for minutes that cannot succeed.
 *
 * So a permanent failure is settled here: the message goes to the dead-letter port with its reason, and the function
 * returns normally, which makes the host complete the original. Should that send fail, the original error is thrown
 * again and the message comes back as before, so nothing is lost. Should the process stop between the send and the
 * completion, the redelivery sends the same message id again, which the `dead-letters` queue's duplicate detection drops.
 */

/** A Service Bus queue function as the files in functions/ write it. */
export type QueueHandler = (message: unknown, context: InvocationContext) => Promise<void>;

/** A queue handler that dead-letters permanent failures of the messages it receives from `sourceQueue`. */
export interface DeadLetteringQueueHandler extends QueueHandler {
  /** The queue it was made for; test/infra checks that it is the queue its registration listens on. */
  readonly sourceQueue: QueueName;
}

type PropertyValue = string | number | boolean;

function isPropertyValue(value: unknown): value is PropertyValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * The received message as the trigger describes it. The Node.js worker camel-cases the Service Bus extension's
 * binding data (`MessageId` -> `messageId`); application properties come as `applicationProperties` and, from the
 * extension's older API, as `userProperties`.
 */
export function receivedMessage(body: unknown, context: InvocationContext): ReceivedMessageIdentity {
  const metadata = context.triggerMetadata ?? {};
  const properties = metadata.applicationProperties ?? metadata.userProperties;
  const applicationProperties =
    typeof properties === 'object' && properties !== null
      ? Object.fromEntries(
          Object.entries(properties).filter((entry): entry is [string, PropertyValue] => isPropertyValue(entry[1])),
        )
      : {};
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const deliveryCount = Number(metadata.deliveryCount);
  return {
    messageId: text(metadata.messageId),
    deliveryCount: Number.isInteger(deliveryCount) && deliveryCount > 0 ? deliveryCount : undefined,
    enqueuedTimeUtc: text(metadata.enqueuedTimeUtc),
    contentType: text(metadata.contentType),
    applicationProperties,
    body,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Wraps a queue function for its `app.serviceBusQueue` registration. An error that `classifyMessageFailure` calls
 * permanent dead-letters the message at this delivery, with the error's reason code and description, and the function
 * then succeeds; a transient one is thrown again, so Service Bus redelivers the message as before. Both are logged.
 *
 * @param sourceQueue the queue the registration listens on (the dead letter records where the message came from)
 * @param deadLetters where to dead-letter; the desk's transport unless a test supplies its own
 */
export function deadLetterPermanentFailures(
  sourceQueue: QueueName,
  handler: QueueHandler,
  deadLetters: () => MessageDeadLetters = () => currentDesk().deadLetters,
): DeadLetteringQueueHandler {
  const wrapped: QueueHandler = async (message, context) => {
    try {
      await handler(message, context);
    } catch (error) {
      const failure = classifyMessageFailure(error);
      const received = receivedMessage(message, context);
      const what = `Message ${received.messageId ?? '(no id)'} from ${sourceQueue} (delivery ${received.deliveryCount ?? '?'})`;
      if (failure.kind === 'transient') {
        // The host records the failed invocation with the error as well; this line says what happens next.
        context.warn(`${what} failed with a transient error and will be delivered again: ${failure.description}`);
        throw error;
      }
      try {
        await deadLetters().deadLetter({
          sourceQueue,
          message: received,
          reason: failure.reason,
          description: failure.description,
        });
      } catch (deadLetterError) {
        context.error(
          `${what} can never be processed (${failure.reason}: ${failure.description}), but dead-lettering it failed, ` +
            `so it will be delivered again: ${errorText(deadLetterError)}`,
        );
        throw error;
      }
      // An error, not a warning: the invocation succeeds, so this line is the only failure telemetry shows.
      context.error(
        `${what} dead-lettered at once, since no redelivery can succeed: ${failure.reason}: ${failure.description}`,
      );
    }
  };
  return Object.assign(wrapped, { sourceQueue });
}

/** The log line of a message about a case that is no longer stored: nothing to do, and the message completes. */
export function caseGoneLogLine(message: { tenantId: string; caseId: string }): string {
  return `case ${message.caseId} of tenant ${message.tenantId} no longer exists (purged, or never stored): nothing to do`;
}

/**
 * Does a queue function's work on one case; when the case no longer exists (the work throws DeskError notFound), logs
 * so and answers undefined, so the message completes. Retrying cannot help: a case is saved before any message about it
 * is sent (its outbox), so a case missing now was removed (the retention purge) and will not come back; and
 * dead-lettering would keep, past the case's retention, a message about it for an operator who has nothing to replay.
 */
export async function unlessCaseGone<T>(
  message: { tenantId: string; caseId: string },
  context: InvocationContext,
  work: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DeskError && error.kind === 'notFound')) throw error;
    context.log(caseGoneLogLine(message));
    return undefined;
  }
}
