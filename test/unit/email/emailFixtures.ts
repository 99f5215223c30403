import { readFileSync } from 'fs';
import { join } from 'path';
import { parseInboundEmail, type InboundEmail } from '../../../shared/domain/email';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'email');

/** The fixture's bytes, as a Service Bus message body would carry them. */
export function emailFixtureBytes(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export function emailFixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(emailFixtureBytes(name).toString('utf8')) as Record<string, unknown>;
}

/** Parses a fixture that is known to be valid; a parse failure fails the test with the parser's own error. */
export function parsedEmailFixture(name: string): InboundEmail {
  const result = parseInboundEmail(emailFixtureJson(name));
  if (!result.ok) throw new Error(`fixture ${name} did not parse: ${result.error}`);
  return result.email;
}

/** A copy of a connector payload with the given fields removed, as a connector would leave them out. */
export function withoutFields(source: Record<string, unknown>, ...fields: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([field]) => !fields.includes(field)));
}
