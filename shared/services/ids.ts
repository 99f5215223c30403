import { randomBytes } from 'node:crypto';

/** Case ids sort by creation time (a base-36 timestamp first) and carry 64 random bits, so they cannot be guessed. */
export function newCaseId(now: Date): string {
  return now.getTime().toString(36).padStart(9, '0') + randomBytes(8).toString('hex');
}
