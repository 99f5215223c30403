export type EmailPayloadResult = { ok: true; payload: Record<string, unknown> } | { ok: false; error: string };

// Base64 as Logic Apps and Service Bus write it, possibly url-safe, possibly wrapped over several lines.
const BASE64_TEXT = /^[A-Za-z0-9+/_-]+={0,2}$/;

// Each layer (bytes, JSON string, base64, Logic Apps binary envelope) is one step; real payloads need at most four.
// The bound stops a crafted payload from nesting forever.
const MAX_UNWRAP_STEPS = 6;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

type Step = { done: Record<string, unknown> } | { next: unknown } | { error: string };

function unwrapText(text: string): Step {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return { error: 'the payload is empty' };
  if (trimmed.startsWith('{') || trimmed.startsWith('"')) {
    try {
      return { next: JSON.parse(trimmed) };
    } catch (error) {
      return { error: `the payload is not valid JSON (${(error as Error).message})` };
    }
  }
  const compact = trimmed.replace(/\s+/g, '');
  if (BASE64_TEXT.test(compact)) return { next: Buffer.from(compact, 'base64') };
  return { error: 'the payload is neither JSON nor base64-encoded JSON' };
}

function unwrapStep(value: unknown): Step {
  if (value instanceof Uint8Array) return { next: Buffer.from(value).toString('utf8') };
  if (typeof value === 'string') return unwrapText(value);
  if (isRecord(value)) {
    // Logic Apps' representation of binary content: { "$content-type": "...", "$content": "<base64>" }.
    const content = value['$content'];
    return typeof content === 'string' ? { next: Buffer.from(content, 'base64') } : { done: value };
  }
  return { error: `the payload must be a JSON object, JSON text, base64 text or bytes, not ${kindOf(value)}` };
}

/**
 * The email object inside a Service Bus message body, however the connector wrapped it: an object, JSON text, a JSON
 * string holding base64, base64 text, bytes (Buffer/Uint8Array), or Logic Apps' `$content` envelope.
 */
export function unwrapEmailPayload(raw: unknown): EmailPayloadResult {
  let current = raw;
  for (let step = 0; step < MAX_UNWRAP_STEPS; step++) {
    const result = unwrapStep(current);
    if ('done' in result) return { ok: true, payload: result.done };
    if ('error' in result) return { ok: false, error: result.error };
    current = result.next;
  }
  return { ok: false, error: `the payload is wrapped more than ${MAX_UNWRAP_STEPS} times` };
}
