import type { InvocationContext } from '@azure/functions';
import type { z } from 'zod';

export class InvalidQueueMessageError extends Error {
  override readonly name = 'InvalidQueueMessageError';
}

/**
 * Validates a queue message. A message that does not fit fails its delivery with a reason that lists every bad field,
 * so after the allowed deliveries it lands in the dead-letter queue with that reason instead of vanishing.
 */
export function parseQueueMessage<Schema extends z.ZodType>(schema: Schema, message: unknown, context: InvocationContext): z.infer<Schema> {
  const parsed = schema.safeParse(message);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`).join('; ');
  const reason = `${context.functionName} cannot process message ${String(context.triggerMetadata?.messageId ?? '')}: ${problems}`;
  throw new InvalidQueueMessageError(reason);
}
