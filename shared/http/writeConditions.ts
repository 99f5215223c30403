import type { HttpRequest } from '@azure/functions';
import { conflict, DeskError, invalidRequest } from '../errors';
import { CustomerSenderTakenError, StaleVersionError } from '../ports/tenantDirectory';

const maxIdempotencyKeyLength = 200;

/** The Idempotency-Key a client sends to retry a write safely; 1 to 200 characters. */
export function idempotencyKeyOf(request: HttpRequest): string | undefined {
  const key = request.headers.get('idempotency-key') ?? undefined;
  if (key !== undefined && (key.length === 0 || key.length > maxIdempotencyKeyLength)) {
    throw invalidRequest(`Idempotency-Key must be 1 to ${maxIdempotencyKeyLength} characters.`);
  }
  return key;
}

/**
 * Runs a write of tenant settings (offering, triage rules, profile, a customer) that If-Match may guard: a version that
 * is no longer the stored one is a 412 problem, a customer's mail domain or address another customer holds a 409, and
 * nothing was changed.
 */
export async function guardedSettingsWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof StaleVersionError) throw new DeskError('preconditionFailed', error.message);
    if (error instanceof CustomerSenderTakenError) throw conflict(error.message, { sender: error.sender });
    throw error;
  }
}
