import { GraphMailSender } from '../../../shared/adapters/mail/graphMailSender';
import type { OutgoingMail } from '../../../shared/domain/mail/outgoingMail';
import { MailDeferredError, MailRefusedError } from '../../../shared/ports/mailSender';
import { fixedTokenCredential, startHttpsTestServer, type Answer, type HttpsTestServer } from './httpsTestServer';

const mail: OutgoingMail = {
  notificationId: 'notification-agentReply-case-1-5',
  from: { address: 'help@contoso.example' },
  to: [{ address: 'ann@fabrikam.example', name: 'Ann Example' }],
  subject: '[CS-000042] Production VM does not start',
  text: 'We restarted the host.\n\nPlease keep [CS-000042] in the subject when you reply.',
  messageId: '<notification-agentReply-case-1-5@contoso.example>',
  inReplyTo: '<second@fabrikam.example>',
  references: ['<first@fabrikam.example>', '<second@fabrikam.example>'],
  date: new Date('2026-03-02T09:00:00Z'),
  language: 'en',
  headers: {},
};

// Graph's error body: https://learn.microsoft.com/graph/errors
const graphError = (status: number, code: string, message: string, headers?: Record<string, string>): Answer => ({
  status,
  headers,
  body: { error: { code, message, innerError: { date: '2026-03-02T09:00:00', 'request-id': 'r-1' } } },
});

describe('sending mail with Microsoft Graph sendMail', () => {
  let server: HttpsTestServer;
  let answers: Answer[];

  beforeAll(async () => {
    server = await startHttpsTestServer((_request, index) => answers[Math.min(index, answers.length - 1)] as Answer);
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
  });

  const sender = (credential = fixedTokenCredential()): GraphMailSender =>
    new GraphMailSender(credential, { baseUrl: `${server.baseUrl}/v1.0`, pipeline: server.pipeline });

  it('given Graph accepts, when a mail is sent, then it posts the base64 MIME message as the mailbox, app-only', async () => {
    answers = [{ status: 202 }];
    const credential = fixedTokenCredential('app-token');

    await sender(credential).send(mail);

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1.0/users/help%40contoso.example/sendMail');
    expect(request?.headers['content-type']).toBe('text/plain');
    expect(request?.headers.authorization).toBe('Bearer app-token');
    expect(credential.scopes).toEqual(['https://graph.microsoft.com/.default']);
    const mime = Buffer.from(request?.body ?? '', 'base64').toString('utf8');
    expect(mime).toContain('Message-ID: <notification-agentReply-case-1-5@contoso.example>\r\n');
    expect(mime).toContain('In-Reply-To: <second@fabrikam.example>\r\n');
    expect(mime).toContain('References: <first@fabrikam.example> <second@fabrikam.example>\r\n');
    expect(mime).toContain('Subject: [CS-000042] Production VM does not start\r\n');
    expect(mime).toContain('From: help@contoso.example\r\n');
    expect(mime).toContain('To: Ann Example <ann@fabrikam.example>\r\n');
  });

  it('given Graph throttles once with Retry-After, when a mail is sent, then it is sent again after the wait and succeeds', async () => {
    answers = [graphError(429, 'ApplicationThrottled', 'Too many requests', { 'Retry-After': '1' }), { status: 202 }];

    await sender().send(mail);

    expect(server.requests.map((request) => request.url)).toEqual([
      '/v1.0/users/help%40contoso.example/sendMail',
      '/v1.0/users/help%40contoso.example/sendMail',
    ]);
  });

  it('given Graph stays unavailable, when a mail is sent, then it is deferred with the Retry-After Graph asked for', async () => {
    answers = [graphError(503, 'ServiceUnavailable', 'Try later', { 'Retry-After': '0' })];

    const failure = await sender()
      .send(mail)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MailDeferredError);
    expect((failure as MailDeferredError).retryAfterMs).toBe(0);
    expect(server.requests.length).toBeGreaterThan(1);
  });

  it('given an invalid recipient, when a mail is sent, then Graph refuses it for good, naming the recipient', async () => {
    answers = [graphError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.')];

    const failure = await sender()
      .send(mail)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MailRefusedError);
    expect(failure).toMatchObject({ reason: 'InvalidRecipient', serviceCode: 'ErrorInvalidRecipients' });
    expect((failure as Error).message).toContain('ann@fabrikam.example');
    expect(server.requests).toHaveLength(1);
  });

  it('given a mailbox outside the application access policy, when a mail is sent, then it is refused as not permitted', async () => {
    answers = [graphError(403, 'ErrorAccessDenied', 'Access to OData is disabled.')];

    const failure = await sender()
      .send(mail)
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'MailRefusedError', reason: 'MailboxNotPermitted' });
  });

  it('given no such mailbox, when a mail is sent, then it is refused as not found', async () => {
    answers = [graphError(404, 'ErrorInvalidUser', "The requested user 'help@contoso.example' is invalid.")];

    const failure = await sender()
      .send(mail)
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'MailRefusedError', reason: 'MailboxNotFound' });
  });

  it('given a token Graph does not accept, when a mail is sent, then it is deferred (a new grant takes time to apply)', async () => {
    answers = [graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.')];

    const failure = await sender()
      .send(mail)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MailDeferredError);
  });
});
