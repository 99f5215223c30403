import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient, Pipeline, PipelineOptions, PipelineResponse } from '@azure/core-rest-pipeline';
import { z } from 'zod';
import type { OutgoingMail } from '../../domain/mail/outgoingMail';
import { MailDeferredError, MailRefusedError, type MailSender } from '../../ports/mailSender';
import { loadCorePipeline } from '../corePipeline';
import { mimeMessageOf } from './mimeMessage';

/** Microsoft Graph v1.0 in the global cloud. */
export const graphBaseUrl = 'https://graph.microsoft.com/v1.0';

/** The app-only scope: the app's application permissions (Mail.Send, limited by Exchange to the support mailboxes). */
const graphScope = 'https://graph.microsoft.com/.default';

// Graph's error body: https://learn.microsoft.com/graph/errors
const graphErrorSchema = z.lazy(() =>
  z.object({ error: z.object({ code: z.string(), message: z.string().default('') }) }),
);

export interface GraphMailSenderOptions {
  /** Graph's base URL; tests point it at a local server. */
  baseUrl?: string;
  /** Retries and TLS of the HTTP pipeline (throttled requests are retried after their Retry-After by the pipeline). */
  pipeline?: PipelineOptions;
}

/**
 * Sends mail as the sending mailbox with Microsoft Graph `POST /users/{mailbox}/sendMail`, app-only (the app's
 * identity holds the Mail.Send application permission, limited to the support mailboxes by Exchange Online).
 *
 * The message goes as MIME (request body: the base64 MIME message, Content-Type text/plain), not as JSON: Graph's JSON
 * message takes only custom `X-` headers in internetMessageHeaders, and Message-ID, In-Reply-To, References and
 * Auto-Submitted are not among them. https://learn.microsoft.com/graph/api/user-sendmail (example "send a new message
 * using MIME format"). Graph answers 202 Accepted without a body.
 *
 * Failures, after the pipeline's own retries: 400 (ErrorInvalidRecipients and other malformed mail), 403
 * (ErrorAccessDenied: the app may not send as this mailbox) and 404 (no such mailbox) are refusals; 401, 408, 429 and
 * every 5xx are deferrals with Retry-After when Graph sent one.
 */
export class GraphMailSender implements MailSender {
  private connection: { pipeline: Pipeline; httpClient: HttpClient } | undefined;
  private readonly baseUrl: string;

  constructor(
    private readonly credential: TokenCredential,
    private readonly options: GraphMailSenderOptions = {},
  ) {
    this.baseUrl = (options.baseUrl ?? graphBaseUrl).replace(/\/+$/, '');
  }

  async send(mail: OutgoingMail): Promise<void> {
    const mime = await mimeMessageOf(mail);
    const core = await loadCorePipeline();
    if (!this.connection) {
      const pipeline = core.createPipelineFromOptions(this.options.pipeline ?? {});
      pipeline.addPolicy(core.bearerTokenAuthenticationPolicy({ credential: this.credential, scopes: graphScope }));
      this.connection = { pipeline, httpClient: core.createDefaultHttpClient() };
    }
    const { pipeline, httpClient } = this.connection;
    const request = core.createPipelineRequest({
      url: `${this.baseUrl}/users/${encodeURIComponent(mail.from.address)}/sendMail`,
      method: 'POST',
      headers: core.createHttpHeaders({ 'Content-Type': 'text/plain' }),
      body: mime.toString('base64'),
    });
    let response: PipelineResponse;
    try {
      response = await pipeline.sendRequest(httpClient, request);
    } catch (error) {
      throw new MailDeferredError(`Graph sendMail could not be reached: ${describe(error)}`, undefined, {
        cause: error,
      });
    }
    if (response.status === 202 || response.status === 200) return;
    throw failureOf(response, mail);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 10.2.3), in milliseconds from now. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function failureOf(response: PipelineResponse, mail: OutgoingMail): MailRefusedError | MailDeferredError {
  const parsed = graphErrorSchema.safeParse(safeJson(response.bodyAsText ?? undefined));
  const code = parsed.success ? parsed.data.error.code : undefined;
  const said = `Graph answered ${response.status}${code ? ` ${code}` : ''}${parsed.success && parsed.data.error.message ? `: ${parsed.data.error.message}` : ''}`;
  const status = response.status;
  if (status === 400) {
    return code === 'ErrorInvalidRecipients'
      ? new MailRefusedError('InvalidRecipient', `${said} (to ${mail.to.map((to) => to.address).join(', ')})`, code)
      : new MailRefusedError('MailRejected', said, code);
  }
  if (status === 403) {
    return new MailRefusedError(
      'MailboxNotPermitted',
      `${said}: the app may not send as ${mail.from.address} (check the Exchange Online role assignment or application access policy)`,
      code,
    );
  }
  if (status === 404) {
    return new MailRefusedError('MailboxNotFound', `${said}: no mailbox ${mail.from.address}`, code);
  }
  if (status === 401 || status === 408 || status === 429 || status >= 500) {
    return new MailDeferredError(said, retryAfterMs(response.headers.get('retry-after') ?? undefined));
  }
  return new MailRefusedError('MailRejected', said, code);
}

function safeJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
