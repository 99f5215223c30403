import type { HttpRequest } from '@azure/functions';
import { invalidRequest } from '../errors';
import type { WriteConditions } from '../services/caseWork';
import { ifMatchOf } from './authorization';

const maxIdempotencyKeyLength = 200;

/** The Idempotency-Key a client sends to retry a write safely; 1 to 200 characters. */
export function idempotencyKeyOf(request: HttpRequest): string | undefined {
  const key = request.headers.get('idempotency-key') ?? undefined;
  if (key !== undefined && (key.length === 0 || key.length > maxIdempotencyKeyLength)) {
    throw invalidRequest(`Idempotency-Key must be 1 to ${maxIdempotencyKeyLength} characters.`);
  }
  return key;
}

/** If-Match and Idempotency-Key of a write to a case. */
export function writeConditionsOf(request: HttpRequest): WriteConditions {
  return { ifMatch: ifMatchOf(request), idempotencyKey: idempotencyKeyOf(request) };
}
