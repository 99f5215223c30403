import { randomBytes } from 'node:crypto';

/** Case ids sort by creation time (a base-36 timestamp first) and carry 64 random bits, so they cannot be guessed. */
export function newCaseId(now: Date): string {
  return now.getTime().toString(36).padStart(9, '0') + randomBytes(8).toString('hex');
}

/** What newCaseId makes: nine base-36 digits of the timestamp, then sixteen hex digits. */
export const caseIdPattern = /^[0-9a-z]{9}[0-9a-f]{16}$/;

/**
 * Ids that are Table Storage keys but not made by the desk in one fixed shape (API key ids, tenant ids): 1 to 100
 * characters, none of which Table Storage refuses in a key (`/`, `\`, `#`, `?`, control characters).
 */
export const storageKeyIdPattern = /^[^/\\#?\u0000-\u001f\u007f-\u009f]{1,100}$/;
