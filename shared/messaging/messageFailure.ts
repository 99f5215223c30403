import { isRestError } from '@azure/core-rest-pipeline';

/**
 * Why a queue function failed, decided in one place for every queue function: `permanent` when no redelivery can ever
 * succeed (the message is dead-lettered at once, with `reason` as its dead-letter reason), `transient` when a later
 * delivery may (Service Bus redelivers it, up to the queue's maxDeliveryCount).
 */
export type MessageFailure =
  { kind: 'permanent'; reason: string; description: string } | { kind: 'transient'; description: string };

/**
 * A failure that lies in the message itself, so every redelivery would fail the same way: a body of the wrong shape,
 * an email no tenant serves. Throw a subclass, with a short reason code (it becomes the dead-letter reason, e.g.
 * `InvalidEmail`) and a description that lets an operator fix the cause (it becomes the dead-letter error description).
 */
export class PermanentMessageError extends Error {
  override readonly name: string = 'PermanentMessageError';

  constructor(
    /** Short code in PascalCase, stable across releases: operators filter dead letters by it. */
    readonly reason: string,
    description: string,
    options?: { cause?: unknown },
  ) {
    super(description, options);
  }
}

/**
 * HTTP statuses of an Azure SDK request that a retry cannot change: the request itself is malformed or too large.
 * Deliberately short. 401/403 stay transient because a new role assignment takes minutes to apply, 404 because a
 * table or an entity another instance is about to create may appear, and 408, 409, 412, 429 and every 5xx are the
 * throttling, timeouts and races that a later delivery gets past.
 */
const permanentRequestStatuses: ReadonlySet<number> = new Set([400, 405, 411, 413, 414, 415, 422]);

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * Classifies any error a queue function threw. Permanent: a `PermanentMessageError` (invalid email, unknown mailbox,
 * a message body that fails its schema) and an Azure SDK `RestError` whose status says the request can never succeed
 * (400, 405, 411, 413, 414, 415, 422). Everything else is transient, unknown errors included: redelivering a message
 * that cannot succeed only costs a few deliveries before Service Bus dead-letters it anyway, while dead-lettering one
 * that would have succeeded loses work until an operator replays it. So a bare ZodError is transient too: a message
 * body is validated by `parseQueueMessage`, which throws the permanent `InvalidQueueMessageError`, and a ZodError from
 * anywhere else is about stored data, not the message.
 */
export function classifyMessageFailure(error: unknown): MessageFailure {
  if (error instanceof PermanentMessageError) {
    return { kind: 'permanent', reason: error.reason, description: describe(error) };
  }
  if (isRestError(error) && error.statusCode !== undefined && permanentRequestStatuses.has(error.statusCode)) {
    const code = error.code ? ` ${error.code}` : '';
    return {
      kind: 'permanent',
      reason: 'RequestRejected',
      description: `Azure answered ${error.statusCode}${code}: ${describe(error)}`,
    };
  }
  return { kind: 'transient', description: describe(error) };
}
