import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { UnknownQueueError, type InProcessBroker } from '../../shared/adapters/inProcess/inProcessBroker';
import { UnsendableMessageError } from '../../shared/adapters/inProcess/serviceBusWire';
import type { KeptMail } from '../../shared/adapters/mail/developmentMailbox';
import { readRequestBody, sendJson } from './httpGateway';
import type { CapturedFunction } from './functionsCore';

/** A message as a connector would put it on a queue: the body plus Service Bus properties. */
const adminMessageSchema = z.strictObject({
  body: z.unknown().refine((body) => body !== undefined, 'body is required'),
  messageId: z.string().min(1).max(128).optional(),
  contentType: z.string().optional(),
  subject: z.string().optional(),
  correlationId: z.string().optional(),
  applicationProperties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  scheduledEnqueueTimeUtc: z.iso.datetime().optional(),
});

const adminInvocationSchema = z.strictObject({ input: z.string().optional() });

export interface AdminDependencies {
  functions: readonly CapturedFunction[];
  broker: InProcessBroker;
  /** Runs a non-HTTP function once with the given input. */
  runFunction(fn: CapturedFunction, input: string | undefined): Promise<void>;
  /** The mail the development mailbox kept, newest first; undefined when MAIL_SENDER is not `development`. */
  developmentMail(): Promise<KeptMail[]> | undefined;
}

function isLoopback(request: IncomingMessage): boolean {
  const address = request.socket.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** A very small page of the kept mail, for a browser: when, to whom, subject, and the text. */
function mailPage(mail: readonly KeptMail[]): string {
  const items = mail.map(
    (kept) =>
      `<li><p><time>${escapeHtml(kept.sentAt)}</time> to ${escapeHtml(kept.to.join(', '))}: ` +
      `<strong>${escapeHtml(kept.subject)}</strong></p><pre>${escapeHtml(kept.text)}</pre></li>`,
  );
  return (
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Development mailbox</title>' +
    `<h1>Development mailbox (${mail.length})</h1><ol>${items.join('')}</ol></html>`
  );
}

function sendHtml(response: ServerResponse, html: string): void {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(html);
}

function problem(response: ServerResponse, status: number, detail: string): true {
  sendJson(response, status, { type: 'about:blank', title: detail, status, detail }, 'application/problem+json');
  return true;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const text = (await readRequestBody(request)).toString('utf8');
  return text.length ? (JSON.parse(text) as unknown) : {};
}

/**
 * The operator routes Core Tools users know, plus three only this host has (put a message on a queue, read its dead
 * letters, read the development mailbox: GET /admin/mail). They answer on loopback only and exist only here, never in Azure.
 */
export async function handleAdmin(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  deps: AdminDependencies,
): Promise<boolean> {
  if (!url.pathname.startsWith('/admin/')) return false;
  if (!isLoopback(request)) return problem(response, 403, 'Admin routes answer on loopback only.');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const method = request.method ?? 'GET';
  try {
    if (parts[1] === 'functions' && parts.length === 2 && method === 'GET') {
      sendJson(
        response,
        200,
        deps.functions.map((fn) => ({ name: fn.name, trigger: fn.trigger })),
      );
      return true;
    }
    if (parts[1] === 'functions' && parts.length === 3 && method === 'POST') {
      const fn = deps.functions.find((candidate) => candidate.name === parts[2]);
      if (!fn) return problem(response, 404, `No function named ${parts[2]}.`);
      if (fn.trigger.type === 'httpTrigger')
        return problem(response, 400, `${fn.name} is HTTP-triggered: call its route instead.`);
      const invocation = adminInvocationSchema.safeParse(await readJson(request));
      if (!invocation.success) return problem(response, 400, 'Send {"input": "..."}.');
      void deps.runFunction(fn, invocation.data.input);
      response.writeHead(202).end();
      return true;
    }
    if (parts[1] === 'mail' && parts.length === 2 && method === 'GET') {
      const kept = deps.developmentMail();
      if (!kept) return problem(response, 404, 'No development mailbox: set MAIL_SENDER=development.');
      const mail = await kept;
      if ((request.headers.accept ?? '').includes('text/html')) sendHtml(response, mailPage(mail));
      else sendJson(response, 200, mail);
      return true;
    }
    if (parts[1] === 'queues' && parts.length === 4) {
      const queue = deps.broker.queue(parts[2] ?? '');
      if (parts[3] === 'messages' && method === 'POST') {
        const parsed = adminMessageSchema.safeParse(await readJson(request));
        if (!parsed.success) {
          const errors = parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
          sendJson(
            response,
            400,
            { type: 'about:blank', title: 'Invalid message', status: 400, errors },
            'application/problem+json',
          );
          return true;
        }
        const { scheduledEnqueueTimeUtc, ...message } = parsed.data;
        const accepted = queue.send({
          ...message,
          scheduledEnqueueTimeUtc: scheduledEnqueueTimeUtc ? new Date(scheduledEnqueueTimeUtc) : undefined,
        });
        sendJson(response, accepted ? 201 : 200, { queue: queue.name, accepted, duplicate: !accepted });
        return true;
      }
      if (parts[3] === 'deadletter' && method === 'GET') {
        sendJson(response, 200, queue.deadLetters());
        return true;
      }
    }
    problem(response, 404, `No admin route ${method} ${url.pathname}.`);
  } catch (error) {
    if (error instanceof UnknownQueueError) problem(response, 404, error.message);
    else if (error instanceof UnsendableMessageError)
      problem(response, 400, `Service Bus would refuse this message: ${error.message}`);
    else if (error instanceof SyntaxError) problem(response, 400, `The body is not valid JSON: ${error.message}`);
    else throw error;
  }
  return true;
}
