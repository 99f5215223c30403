import type { HttpRequest } from '@azure/functions';
import type { z } from 'zod';
import { DeskError, invalidRequest, type FieldProblem } from '../errors';

export const maxJsonBodyBytes = 256 * 1024;

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));
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
  return bytes.toString('utf8');
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalidRequest(`The body is not valid JSON: ${(error as Error).message}`);
  }
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
