import type { z } from 'zod';
import { unwrapEmailPayload } from './emailPayload';
import { graphMessageSchema, inboundEmailFromGraph } from './graphMessage';
import type { InboundEmail } from './inboundEmail';
import { graphSourceMailbox } from './sourceMailbox';
import { inboundEmailFromOutlookV3, outlookV3EmailSchema } from './outlookV3';

export type ParseInboundEmailResult = { ok: true; email: InboundEmail } | { ok: false; error: string };

const OUTLOOK_V3 = "Outlook 'When a new email arrives (V3)' email";
const GRAPH = 'Microsoft Graph message';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Graph nests addresses and the body in objects; the Outlook connector flattens them to strings. */
function detectShape(payload: Record<string, unknown>): typeof OUTLOOK_V3 | typeof GRAPH | undefined {
  if (isRecord(payload['from']) || isRecord(payload['sender']) || isRecord(payload['body'])) return GRAPH;
  if (typeof payload['from'] === 'string' || typeof payload['body'] === 'string') return OUTLOOK_V3;
  return undefined;
}

// Missing fields are the usual fault; "missing" says so more plainly than "expected string, received undefined".
const parseParams = { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'missing' : undefined) };

function describeIssues(shape: string, error: z.ZodError): string {
  const issues = error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  return `${shape} is invalid: ${issues.join('; ')}`;
}

/**
 * Reads one Service Bus message body from an email-to-queue connector into an InboundEmail. Accepts the Outlook
 * connector's V3 trigger output or a Graph message, either as an object or wrapped (see unwrapEmailPayload).
 */
export function parseInboundEmail(raw: unknown): ParseInboundEmailResult {
  const unwrapped = unwrapEmailPayload(raw);
  if (!unwrapped.ok) return unwrapped;
  const shape = detectShape(unwrapped.payload);
  if (shape === OUTLOOK_V3) {
    const parsed = outlookV3EmailSchema.safeParse(unwrapped.payload, parseParams);
    return parsed.success
      ? { ok: true, email: inboundEmailFromOutlookV3(parsed.data) }
      : { ok: false, error: describeIssues(shape, parsed.error) };
  }
  if (shape === GRAPH) {
    const parsed = graphMessageSchema.safeParse(unwrapped.payload, parseParams);
    const sourceMailbox = graphSourceMailbox(unwrapped.payload);
    return parsed.success
      ? { ok: true, email: { ...inboundEmailFromGraph(parsed.data), ...(sourceMailbox && { sourceMailbox }) } }
      : { ok: false, error: describeIssues(shape, parsed.error) };
  }
  return {
    ok: false,
    error:
      `unrecognised email shape: expected an ${OUTLOOK_V3} (from and body as strings) ` +
      `or a ${GRAPH} (from.emailAddress, body.content); the payload has fields: ` +
      (Object.keys(unwrapped.payload).join(', ') || 'none'),
  };
}
