import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { DeskError, invalidRequest, type FieldProblem } from '../errors';

export const maxJsonBodyBytes = 256 * 1024;

const notTaken = (member: string): string => `"${member}" is not a field this request takes (see /api/openapi.json).`;

/**
 * The fields a zod error is about, one problem each. zod reports members a strict object does not know as one issue on
 * the object itself (path of the object, `keys` listing them); each is named as a field of its own, so a client sees
 * `overdue` or `customer.tenant` rather than an empty field name or the parent's.
 */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: [...issue.path, key].map(String).join('.'), message: notTaken(key) }))
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
  const raw = parseJson(await readJsonText(request));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    // A member the body's object does not take is named with the other mistakes, not only once they are mended.
    const problems = fieldProblems(parsed.error);
    const named = new Set(problems.map((problem) => problem.field));
    const unknown = topLevelMembersNotTaken(schema, raw).filter((member) => !named.has(member));
    throw invalidRequest('The body has invalid fields', [...problems, ...unknown.map(notTakenProblem)]);
  }
  const dropped = membersNotTaken(raw, parsed.data).map((path) => path.join('.'));
  if (dropped.length > 0)
    throw invalidRequest('The body has members this request does not take', dropped.map(notTakenProblem));
  return parsed.data;
}

const notTakenProblem = (field: string): FieldProblem => ({
  field,
  message: notTaken(field.slice(field.lastIndexOf('.') + 1)),
});

/**
 * The body's top-level members its schema does not name, when the schema (or the schema a z.lazy stands for) is an
 * object schema without a catch-all; none otherwise. For a body that fails its schema, where there is no parsed value
 * to compare with (membersNotTaken), so deeper members are named once the rest is mended.
 */
function topLevelMembersNotTaken(schema: z.ZodType, raw: unknown): string[] {
  const object = schema instanceof z.ZodLazy ? (schema as z.ZodLazy<z.ZodType>)._zod.innerType : schema;
  if (!(object instanceof z.ZodObject) || object._zod.def.catchall !== undefined || !isPlainObject(raw)) return [];
  return Object.keys(raw).filter((member) => !Object.hasOwn(object.shape, member));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype;

/**
 * The paths of the body's members that its schema dropped: a non-strict object schema (z.object) parses a body with a
 * misspelt member (`teamsWebhookURL`) and leaves it out, so the setting the client meant is silently not saved. Found
 * by walking the body beside what the schema made of it: a member of an object that the parsed object lacks. Arrays
 * are compared item by item when the schema kept their length; values a transform turned into something else than a
 * plain object, and values the schema passed through as they came, are not looked into.
 */
function membersNotTaken(raw: unknown, parsed: unknown, path: string[] = []): string[][] {
  // The very value back (z.unknown, z.any): nothing of it was dropped, however deep it nests.
  if (raw === parsed) return [];
  if (Array.isArray(raw) && Array.isArray(parsed) && raw.length === parsed.length)
    return raw.flatMap((item, index) => membersNotTaken(item, parsed[index], [...path, String(index)]));
  if (!isPlainObject(raw) || !isPlainObject(parsed)) return [];
  return Object.keys(raw).flatMap((member) =>
    Object.hasOwn(parsed, member)
      ? membersNotTaken(raw[member], parsed[member], [...path, member])
      : [[...path, member]],
  );
}

function tooLarge(): DeskError {
  return new DeskError('payloadTooLarge', `The body may be at most ${maxJsonBodyBytes} bytes.`);
}
