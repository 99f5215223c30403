import { PermanentMessageError } from '../../messaging/messageFailure';

/** Teams refused the post for good (the workflow was deleted, the URL is wrong, the card is invalid). */
export class TeamsWebhookRefusedError extends PermanentMessageError {
  override readonly name = 'TeamsWebhookRefusedError';

  constructor(status: number, detail: string) {
    super('TeamsWebhookRefused', `The Teams webhook answered ${status}: ${detail.slice(0, 500)}`);
  }
}

/** Teams could not take the post now (throttled, unavailable); a later delivery may. */
export class TeamsWebhookUnavailableError extends Error {
  override readonly name = 'TeamsWebhookUnavailableError';

  constructor(
    readonly status: number,
    /** Seconds Teams asked to wait (Retry-After), when it said. */
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(`The Teams webhook answered ${status}${retryAfterSeconds ? `; retry after ${retryAfterSeconds} s` : ''}`);
  }
}

/**
 * Posts a message to a Teams Workflows webhook. Workflows answers 202 Accepted (200 on older connectors). 408, 429 and
 * 5xx are worth another delivery (TeamsWebhookUnavailableError); any other status is permanent (TeamsWebhookRefusedError),
 * a redirect included: a webhook URL answers itself, and following one would let a tenant's setting send the desk's
 * requests to an address the offering's check never saw.
 */
export async function postToTeams(webhookUrl: string, message: unknown, fetchFn: typeof fetch = fetch): Promise<void> {
  const response = await fetchFn(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
  if (response.ok) return;
  const detail = await response.text().catch(() => '');
  if (response.status === 408 || response.status === 429 || response.status >= 500) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new TeamsWebhookUnavailableError(
      response.status,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  throw new TeamsWebhookRefusedError(response.status, detail);
}
