import type { TokenCredential } from '@azure/core-auth';
import { isRestError, type PipelineOptions } from '@azure/core-rest-pipeline';
import type { EmailAddress, EmailClient, EmailMessage } from '@azure/communication-email';
import type { MailAddress, OutgoingMail } from '../../domain/mail/outgoingMail';
import { MailDeferredError, MailRefusedError, type MailSender } from '../../ports/mailSender';
import { retryAfterMs } from './graphMailSender';

export interface AcsMailSenderOptions {
  /** Retries and TLS of the HTTP pipeline (throttled requests are retried after their Retry-After by the pipeline). */
  pipeline?: PipelineOptions;
  /** How long to wait between polls of the send operation when the service names no Retry-After; the SDK's default otherwise. */
  pollIntervalMs?: number;
}

const emailAddress = (address: MailAddress): EmailAddress => ({
  address: address.address,
  ...(address.name && { displayName: address.name }),
});

/** Statuses of `emails:send` that no retry changes: a malformed message, an unknown resource, a message too large. */
const refusedStatuses: ReadonlySet<number> = new Set([400, 404, 413, 422]);

/**
 * Sends mail with Azure Communication Services Email (`@azure/communication-email`), as the app's identity (Microsoft
 * Entra token; the identity needs a role on the Communication Services resource, see infra/modules/mail.bicep).
 *
 * The sender is an address of a domain linked to the resource (e.g. DoNotReply@<guid>.azurecomm.net); replies go to the
 * tenant's support mailbox through Reply-To. Message-ID, In-Reply-To, References and Auto-Submitted travel as the
 * message's `headers`, which ACS writes into the mail; a Message-ID it cannot use it replaces with its own
 * (https://learn.microsoft.com/azure/communication-services/concepts/email/email-headers).
 *
 * The send is a long-running operation (POST {endpoint}/emails:send answers 202 with Operation-Location; the status is
 * polled until Succeeded or Failed), awaited here so that a mail the service drops is a refusal the desk records.
 * Failures: 400, 404, 413, 422 and a Failed operation are refusals; everything else (401 and 403 while a new role
 * assignment applies, 429 and 5xx after the pipeline's retries, network errors) is a deferral.
 */
export class AcsMailSender implements MailSender {
  private client: Promise<EmailClient> | undefined;

  constructor(
    private readonly endpoint: string,
    private readonly credential: TokenCredential,
    private readonly options: AcsMailSenderOptions = {},
  ) {}

  /** The SDK is loaded on the first mail, not at every function's cold start. */
  private emailClient(): Promise<EmailClient> {
    this.client ??= import('@azure/communication-email').then(
      ({ EmailClient }) => new EmailClient(this.endpoint, this.credential, this.options.pipeline ?? {}),
    );
    return this.client;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const message: EmailMessage = {
      senderAddress: mail.from.address,
      content: { subject: mail.subject, plainText: mail.text },
      recipients: { to: mail.to.map(emailAddress) },
      ...(mail.replyTo && { replyTo: [emailAddress(mail.replyTo)] }),
      headers: {
        'Message-ID': mail.messageId,
        ...(mail.inReplyTo && { 'In-Reply-To': mail.inReplyTo }),
        ...(mail.references.length > 0 && { References: mail.references.join(' ') }),
        'Content-Language': mail.language,
        ...mail.headers,
      },
      // Tracking rewrites links and adds a pixel: not for a support conversation.
      disableUserEngagementTracking: true,
    };
    try {
      // beginSend posts the message and polls once; pollUntilDone polls on until Succeeded or Failed.
      const client = await this.emailClient();
      const poller = await client.beginSend(message, { updateIntervalInMs: this.options.pollIntervalMs });
      await poller.pollUntilDone();
    } catch (error) {
      throw failureOf(error);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * core-lro's error for an operation that ended Failed: "The long-running operation has failed. {code}. {message}"
 * (@azure/core-lro poller/operation.js), thrown by the poll in beginSend or by pollUntilDone.
 */
const failedOperation = /^The long-running operation has failed(?:\. ([^.\s]+)\. ([\s\S]*))?$/;

function failureOf(error: unknown): MailRefusedError | MailDeferredError {
  const failed = error instanceof Error && !isRestError(error) ? failedOperation.exec(error.message) : null;
  if (failed) {
    const [, code, said] = failed;
    return new MailRefusedError(
      'MailDropped',
      `ACS Email did not deliver the mail: ${code ?? ''} ${said ?? ''}`.trim(),
      code,
    );
  }
  if (isRestError(error) && error.statusCode !== undefined) {
    const said = `ACS Email answered ${error.statusCode}${error.code ? ` ${error.code}` : ''}: ${error.message}`;
    if (refusedStatuses.has(error.statusCode)) return new MailRefusedError('MailRejected', said, error.code);
    return new MailDeferredError(said, retryAfterMs(error.response?.headers.get('retry-after') ?? undefined), {
      cause: error,
    });
  }
  return new MailDeferredError(`ACS Email could not be reached: ${describe(error)}`, undefined, { cause: error });
}
