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
