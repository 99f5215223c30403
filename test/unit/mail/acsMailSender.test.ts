import { AcsMailSender } from '../../../shared/adapters/mail/acsMailSender';
import type { OutgoingMail } from '../../../shared/domain/mail/outgoingMail';
import { MailDeferredError, MailRefusedError } from '../../../shared/ports/mailSender';
import {
  fixedTokenCredential,
  startHttpsTestServer,
  type Answer,
  type HttpsTestServer,
  type ReceivedRequest,
} from './httpsTestServer';

const mail: OutgoingMail = {
  notificationId: 'notification-acknowledgement-case-1',
  from: { address: 'DoNotReply@0000-abc.azurecomm.net' },
  replyTo: { address: 'help@contoso.example' },
  to: [{ address: 'ann@fabrikam.example', name: 'Ann Example' }],
  subject: '[CS-000042] We received your request: Production VM does not start',
  text: 'We received your request.',
  messageId: '<notification-acknowledgement-case-1@contoso.example>',
  inReplyTo: '<second@fabrikam.example>',
  references: ['<first@fabrikam.example>', '<second@fabrikam.example>'],
  date: new Date('2026-03-02T09:00:00Z'),
  language: 'en',
  headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'OOF, AutoReply' },
};

const operationId = '6a1f2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/**
 * ACS Email as documented (https://learn.microsoft.com/rest/api/communication/dataplane/email/send): POST
 * {endpoint}/emails:send answers 202 with Operation-Location; GET of it answers the operation's status.
 */
function acsService(baseUrl: () => string, statuses: Answer[]): (request: ReceivedRequest) => Answer {
  let polls = 0;
  return (request) => {
    if (request.method === 'POST') {
      return {
        status: 202,
        headers: {
          'Operation-Location': `${baseUrl()}/emails/operations/${operationId}?api-version=2025-09-01`,
          'Retry-After': '0',
        },
        body: { id: operationId, status: 'Running' },
      };
    }
    const answer = statuses[Math.min(polls, statuses.length - 1)] as Answer;
    polls += 1;
    return answer;
  };
}

describe('sending mail with Azure Communication Services Email', () => {
  let server: HttpsTestServer;
  let answer: (request: ReceivedRequest) => Answer;

  beforeAll(async () => {
    server = await startHttpsTestServer((request) => answer(request));
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
  });

  const sender = (credential = fixedTokenCredential()): AcsMailSender =>
    new AcsMailSender(server.baseUrl, credential, { pipeline: server.pipeline, pollIntervalMs: 5 });

  it('given ACS accepts and delivers, when a mail is sent, then it posts the message with its headers and polls until Succeeded', async () => {
    answer = acsService(
      () => server.baseUrl,
      [
        { status: 200, body: { id: operationId, status: 'Running' } },
        { status: 200, body: { id: operationId, status: 'Succeeded' } },
      ],
    );
    const credential = fixedTokenCredential('acs-token');

    await sender(credential).send(mail);

    const [post, ...polls] = server.requests;
    expect(post?.method).toBe('POST');
    expect(post?.url).toBe('/emails:send?api-version=2025-09-01');
    expect(post?.headers.authorization).toBe('Bearer acs-token');
    expect(credential.scopes).toEqual(['https://communication.azure.com//.default']);
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      senderAddress: 'DoNotReply@0000-abc.azurecomm.net',
      content: { subject: mail.subject, plainText: mail.text },
      recipients: { to: [{ address: 'ann@fabrikam.example', displayName: 'Ann Example' }] },
      replyTo: [{ address: 'help@contoso.example' }],
      headers: {
        'Message-ID': '<notification-acknowledgement-case-1@contoso.example>',
        'In-Reply-To': '<second@fabrikam.example>',
        References: '<first@fabrikam.example> <second@fabrikam.example>',
        'Content-Language': 'en',
        'Auto-Submitted': 'auto-replied',
        'X-Auto-Response-Suppress': 'OOF, AutoReply',
      },
      userEngagementTrackingDisabled: true,
    });
    expect(polls.map((request) => `${request.method} ${request.url}`)).toEqual([
      `GET /emails/operations/${operationId}?api-version=2025-09-01`,
      `GET /emails/operations/${operationId}?api-version=2025-09-01`,
    ]);
  });

  it('given ACS accepts but the operation then fails, when a mail is sent, then it is refused for good with the service code', async () => {
    answer = acsService(
      () => server.baseUrl,
      [
        { status: 200, body: { id: operationId, status: 'Running' } },
        {
          status: 200,
          body: {
            id: operationId,
            status: 'Failed',
            error: { code: 'EmailDroppedAllRecipientsSuppressed', message: 'All recipients are suppressed.' },
          },
        },
      ],
    );

    const failure = await sender()
      .send(mail)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MailRefusedError);
    expect(failure).toMatchObject({ reason: 'MailDropped', serviceCode: 'EmailDroppedAllRecipientsSuppressed' });
  });

  it('given ACS rejects the message, when a mail is sent, then it is refused for good', async () => {
    answer = () => ({
      status: 400,
      body: { error: { code: 'InvalidRecipient', message: 'The recipient address is not valid.' } },
    });

    const failure = await sender()
      .send(mail)
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({
      name: 'MailRefusedError',
      reason: 'MailRejected',
      serviceCode: 'InvalidRecipient',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('given ACS throttles throughout, when a mail is sent, then it is deferred after the pipeline retried', async () => {
    answer = () => ({
      status: 429,
      headers: { 'Retry-After': '0' },
      body: { error: { code: 'TooManyRequests', message: 'Slow down.' } },
    });

    const failure = await sender()
      .send(mail)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MailDeferredError);
    expect(server.requests.length).toBeGreaterThan(1);
  });
});
