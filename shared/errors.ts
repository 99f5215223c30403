/**
 * The failures a caller can act on. Services throw these; shared/http/problems.ts maps each kind to one HTTP problem
 * response, and queue functions let them fail the delivery so Service Bus redelivers or dead-letters the message.
 */
export type DeskErrorKind =
  | 'invalidRequest'
  | 'unauthenticated'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'preconditionFailed'
  /** Too many wrong API keys from one client: `retryAfterSeconds` says how long to wait. */
  | 'tooManyRequests'
  | 'payloadTooLarge'
  | 'unsupportedMediaType'
  /** Storage stayed too busy to finish the request in time; `retryAfterSeconds` says when to try again. */
  | 'serviceUnavailable';

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `contact.email`; empty for the body as a whole. */
  field: string;
  message: string;
}

export class DeskError extends Error {
  override readonly name = 'DeskError';

  constructor(
    readonly kind: DeskErrorKind,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const invalidRequest = (message: string, errors: FieldProblem[] = []): DeskError =>
  new DeskError('invalidRequest', message, errors.length ? { errors } : {});
export const notFound = (message: string): DeskError => new DeskError('notFound', message);
export const conflict = (message: string, extensions: Record<string, unknown> = {}): DeskError =>
  new DeskError('conflict', message, extensions);
