import type { HttpRequest } from '@azure/functions';
import type { z } from 'zod';
import { DeskError, invalidRequest, type FieldProblem } from '../errors';

export const maxJsonBodyBytes = 256 * 1024;

/**
 * The fields a zod error is about, one problem each. zod reports members a strict object does not know as one issue on
 * the object itself (path of the object, `keys` listing them); each is named as a field of its own, so a client sees
 * `overdue` or `customer.tenant` rather than an empty field name or the parent's.
 */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: [...issue.path, key].map(String).join('.'),
          message: `"${key}" is not a field this request takes (see /api/openapi.json).`,
        }))
      : [{ field: issue.path.map(String).join('.'), message: issue.message }],
  );
}

/** Parses input with a zod schema, or throws a 400 listing every bad field. */
export function validate<Schema extends z.ZodType>(schema: Schema, input: unknown, what: string): z.infer<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidRequest(`${what} has invalid fields`, fieldProblems(parsed.error));
  return parsed.data;
}

/** The raw body after the media type and size checks; `text` is what a hash or a parser should see. */
export async function readJsonText(request: HttpRequest): Promise<string> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) {
    throw new DeskError(
      'unsupportedMediaType',
      `Send the body as application/json (got "${mediaType || 'no content-type'}").`,
    );
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxJsonBodyBytes) throw tooLarge();
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > maxJsonBodyBytes) throw tooLarge();
  try {
    return utf8.decode(bytes);
  } catch {
    // Decoding leniently would turn a Latin-1 "ü" into U+FFFD and store that without a word.
    throw invalidRequest('The body is not UTF-8 text, as JSON must be (RFC 8259, section 8.1).');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A UTF-16 surrogate without its other half: no character, as a string cut inside an emoji leaves. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A value of the body and where it sits: its member name and the node of its parent (none for the body). */
interface BodyNode {
  value: unknown;
  name?: string;
  parent?: BodyNode;
}

function pathOf(node: BodyNode): string[] {
  const path: string[] = [];
  for (let at: BodyNode | undefined = node; at?.name !== undefined; at = at.parent) path.unshift(at.name);
  return path;
}

/**
 * The path of the first string (member name or value) holding a lone surrogate, or undefined when there is none.
 * Walks with a stack of its own and keeps parents rather than paths: JSON.parse takes nesting far deeper than the call
 * stack, and copying a path per level would cost the square of the depth.
 */
function firstLoneSurrogate(body: unknown): string[] | undefined {
  const pending: BodyNode[] = [{ value: body }];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (typeof node.value === 'string' && loneSurrogate.test(node.value)) return pathOf(node);
    if (typeof node.value !== 'object' || node.value === null) continue;
    for (const [name, value] of Object.entries(node.value)) {
      if (loneSurrogate.test(name)) return [...pathOf(node), name];
      pending.push({ value, name, parent: node });
    }
  }
  return undefined;
}

/**
 * Parses the body's JSON. A `\ud800` escape without its other half parses, but is no text: stored, it would be
 * answered as the same escape, which strict JSON readers (RFC 7493, I-JSON) refuse; so it is a 400 naming the field.
 */
export function parseJson(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    throw invalidRequest(`The body is not valid JSON: ${(error as Error).message}`);
  }
  const path = firstLoneSurrogate(parsed);
  if (path) {
    throw invalidRequest('The body holds text that is not Unicode.', [
      { field: path.join('.'), message: 'a lone UTF-16 surrogate: cut strings between characters, not inside one' },
    ]);
  }
  return parsed;
}

/** Reads, size-checks, parses and validates a JSON body in that order, failing with the matching problem. */
export async function readJsonBody<Schema extends z.ZodType>(
  request: HttpRequest,
  schema: Schema,
): Promise<z.infer<Schema>> {
  return validate(schema, parseJson(await readJsonText(request)), 'The body');
}

function tooLarge(): DeskError {
  return new DeskError('payloadTooLarge', `The body may be at most ${maxJsonBodyBytes} bytes.`);
}
