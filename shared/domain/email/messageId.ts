import { z } from 'zod';

/**
 * The longest Message-ID taken, brackets aside: a header line holds at most 998 characters (RFC 5322 2.1.1), and a
 * longer id would not fit the Table Storage property that keeps it either.
 */
const maxMessageIdLength = 996;

/**
 * Message-IDs are kept in their header form, "<local@host>", whatever the source wrote (Graph and the Outlook
 * connector include the brackets, some tools strip them), so an outgoing Message-ID matches a later In-Reply-To.
 * The case of the id is kept: RFC 5322 does not make it case-insensitive.
 */
export function normaliseMessageId(id: string): string | undefined {
  const inner = id.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
  return inner === '' || inner.length > maxMessageIdLength || /[\s<>]/.test(inner) ? undefined : `<${inner}>`;
}

export const messageIdSchema = z.lazy(() =>
  z.string().transform((id, context) => {
    const normalised = normaliseMessageId(id);
    if (normalised === undefined) {
      const shown = id.length > 100 ? `${id.slice(0, 100)}…' (${id.length} characters)` : `${id}'`;
      context.addIssue({ code: 'custom', message: `not a message id: '${shown}` });
      return z.NEVER;
    }
    return normalised;
  }),
);

/**
 * The message ids in an In-Reply-To or References header value, in order. Ids are taken from their brackets;
 * a value without brackets (written by a few non-conforming clients) is read as whitespace-separated ids.
 */
export function messageIdsIn(headerValue: string | undefined): string[] {
  if (headerValue === undefined) return [];
  const bracketed = headerValue.match(/<[^<>\s]+>/g);
  const candidates = bracketed ?? headerValue.split(/[\s,]+/).filter((token) => token.includes('@'));
  return candidates.map(normaliseMessageId).filter((id): id is string => id !== undefined);
}
