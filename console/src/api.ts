import type { Problem } from './apiTypes';

/** An answer of the API that was not a success, with its problem document when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

export interface Answer<T> {
  body: T;
  /** The ETag header, for If-Match on the next write (GET /api/cases/{id} sends one). */
  etag: string | undefined;
}

/**
 * Calls the desk API on this origin. The browser sends the App Service Authentication session cookie itself; the
 * console never holds an API key. Throws an ApiError for any answer outside 2xx.
 */
export async function api<T>(
  path: string,
  options: { method?: string; body?: unknown; ifMatch?: string } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw new ApiError(response.status, (parsed as Problem | undefined) ?? {});
  return { body: parsed as T, etag: response.headers.get('etag') ?? undefined };
}

/** Who App Service Authentication (or the local host's development sign-in) says is signed in, if anyone. */
export async function signedInName(): Promise<string | undefined> {
  const response = await fetch('/.auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) return undefined;
  const entries = (await response.json().catch(() => [])) as {
    user_id?: string;
    user_claims?: { typ: string; val: string }[];
  }[];
  const [first] = Array.isArray(entries) ? entries : [];
  if (!first) return undefined;
  return first.user_claims?.find((claim) => claim.typ === 'name')?.val ?? first.user_id ?? '';
}
