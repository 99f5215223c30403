import type { InvocationContext } from '@azure/functions';
import type { z } from 'zod';
import { PermanentMessageError } from './messaging/messageFailure';

/** A queue message whose body does not fit its schema; the description lists every bad field. */
export class InvalidQueueMessageError extends PermanentMessageError {
  override readonly name = 'InvalidQueueMessageError';

  constructor(description: string, options?: { cause?: unknown }) {
    super('InvalidMessage', description, options);
  }
}

/**
 * Validates a queue message. A message that does not fit fails with a permanent error that lists every bad field: a
 * redelivery carries the same body, so it is dead-lettered at its first delivery with that reason instead of vanishing.
 */
export function parseQueueMessage<Schema extends z.ZodType>(
  schema: Schema,
  message: unknown,
  context: InvocationContext,
): z.infer<Schema> {
  const parsed = schema.safeParse(message);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
    .join('; ');
  const reason = `${context.functionName} cannot process message ${String(context.triggerMetadata?.messageId ?? '')}: ${problems}`;
  throw new InvalidQueueMessageError(reason, { cause: parsed.error });
}
