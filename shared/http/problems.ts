import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { DeskError, type DeskErrorKind } from '../errors';

const problemTypes: Record<DeskErrorKind, { status: number; title: string }> = {
  invalidRequest: { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'A valid API key is required' },
  forbidden: { status: 403, title: 'This API key may not do that' },
  notFound: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  preconditionFailed: { status: 412, title: 'The resource has changed' },
  payloadTooLarge: { status: 413, title: 'The request body is too large' },
  unsupportedMediaType: { status: 415, title: 'Unsupported media type' },
  tooManyRequests: { status: 429, title: 'Too many requests' },
  serviceUnavailable: { status: 503, title: 'Busy, try again shortly' },
};

export const problemContentType = 'application/problem+json';

/** RFC 9457 problem details for a DeskError; anything else is logged and answered as a plain 500. */
export function problemResponse(error: unknown, context: InvocationContext, instance?: string): HttpResponseInit {
  if (error instanceof DeskError) {
    const { status, title } = problemTypes[error.kind];
    const headers: Record<string, string> = { 'content-type': problemContentType };
    if (error.kind === 'unauthenticated') headers['www-authenticate'] = 'ApiKey header="x-api-key"';
    if (error.kind === 'tooManyRequests' || error.kind === 'serviceUnavailable')
      headers['retry-after'] = String(error.extensions.retryAfterSeconds ?? 60);
    return {
      status,
      headers,
      jsonBody: { type: 'about:blank', title, status, detail: error.message, instance, ...error.extensions },
    };
  }
  context.error('Unhandled error', error);
  return {
    status: 500,
    headers: { 'content-type': problemContentType },
    jsonBody: {
      type: 'about:blank',
      title: 'Internal error',
      status: 500,
      detail: `See invocation ${context.invocationId} in the logs.`,
    },
  };
}
