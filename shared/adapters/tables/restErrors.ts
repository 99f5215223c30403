/** The HTTP status Table Storage answered with, whether the SDK reports it on the error or on its response. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { statusCode?: unknown; response?: { status?: unknown } };
  if (typeof candidate.statusCode === 'number') return candidate.statusCode;
  if (typeof candidate.response?.status === 'number') return candidate.response.status;
  return undefined;
}

export function isStatus(error: unknown, ...statuses: number[]): boolean {
  const status = statusOf(error);
  return status !== undefined && statuses.includes(status);
}

/**
 * The Table service error code of a failed request (TableNotFound, ResourceNotFound, ...): the SDK's `code` when it set
 * one, else the code of the OData error body (`{"odata.error":{"code":...}}`), else the x-ms-error-code header.
 * Source: https://learn.microsoft.com/rest/api/storageservices/table-service-error-codes
 */
export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as {
    code?: unknown;
    details?: { 'odata.error'?: { code?: unknown } };
    response?: { headers?: { get?: (name: string) => string | undefined } };
  };
  if (typeof candidate.code === 'string') return candidate.code;
  const bodyCode = candidate.details?.['odata.error']?.code;
  if (typeof bodyCode === 'string') return bodyCode;
  return candidate.response?.headers?.get?.('x-ms-error-code') ?? undefined;
}

/** Whether a request failed because its table does not exist (a row's 404 is ResourceNotFound). */
export const isTableNotFound = (error: unknown): boolean =>
  isStatus(error, 404) && errorCodeOf(error) === 'TableNotFound';
