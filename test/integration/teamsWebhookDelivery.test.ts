import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  postToTeams,
  TeamsWebhookNotPublicError,
  TeamsWebhookRefusedError,
  TeamsWebhookUnavailableError,
  type HostResolver,
} from '../../shared/adapters/teams/teamsWebhook';
import { classifyMessageFailure } from '../../shared/messaging/messageFailure';

/*
 * When the desk posts an alert card, the webhook's host name is resolved once, every address it resolves to is
 * checked, and the connection goes only to a checked address: a name that resolves inside is refused for good before
 * anything is sent, and a DNS answer that changes between check and connect (rebinding) cannot move the post. The
 * resolver is injected (a test cannot own a public name); the receiver is a local HTTP server that answers as
 * Workflows does (202) or as a test asks.
 */

interface Receiver {
  port: number;
  requests: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[];
  /** The next answers to give, each once, before the default 202. */
  answers: { status: number; headers?: Record<string, string> }[];
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const state = { requests: [] as Receiver['requests'], answers: [] as Receiver['answers'] };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      state.requests.push({ method: request.method, url: request.url, headers: request.headers, body });
      const answer = state.answers.shift() ?? { status: 202 };
      response.writeHead(answer.status, answer.headers).end(answer.status === 202 ? '' : '{"error":"refused"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...state,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A resolver that answers each lookup of a name with the next of `answers` (the last one repeats), and counts them. */
function resolverAnswering(...answers: string[][]): HostResolver & { lookups: string[] } {
  const lookups: string[] = [];
  const resolve = async (hostname: string) => {
    const addresses = answers[Math.min(lookups.length, answers.length - 1)] ?? [];
    lookups.push(hostname);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { lookups });
}

/** Every outgoing TCP connection attempt of this process, as (address, port), while `watch` runs. */
async function connectionAttemptsDuring(
  watch: () => Promise<unknown>,
  stopAt?: string,
): Promise<{ outcome: unknown; attempts: string[] }> {
  const attempts: string[] = [];
  const onSocket = (message: unknown): void => {
    const { socket } = message as { socket: Socket };
    socket.on('connectionAttempt', (address: string, port: number) => {
      attempts.push(`${address}:${port}`);
      // A public address is not reachable from a test: stop the attempt once it shows where it went.
      if (address === stopAt) setImmediate(() => socket.destroy(new Error('the test stopped the connection here')));
    });
  };
  subscribe('net.client.socket', onSocket);
  try {
    const outcome = await watch().then(
      () => 'delivered',
      (error: unknown) => error,
    );
    return { outcome, attempts };
  } finally {
    unsubscribe('net.client.socket', onSocket);
  }
}

const card = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] };

describe('delivering a Teams alert checks where the webhook host name leads, and connects only there', () => {
  let teams: Receiver;

  beforeAll(async () => {
    teams = await receiver();
  });
  afterAll(() => teams.close());
  beforeEach(() => {
    teams.requests.length = 0;
  });

  it('given a webhook name that resolves to a private address, when an alert is posted outside the local host, then it is refused for good, naming host and address but not the URL, and nothing is sent', async () => {
    const resolve = resolverAnswering(['10.1.2.3']);
    const url = `http://teams-hook.contoso.example:${teams.port}/workflows/alerts?sig=secret`;

    const { outcome, attempts } = await connectionAttemptsDuring(() =>
      postToTeams(url, card, { insideAllowed: false, resolve }),
    );

    expect(outcome).toBeInstanceOf(TeamsWebhookNotPublicError);
    expect(classifyMessageFailure(outcome)).toEqual({
      kind: 'permanent',
      reason: 'TeamsWebhookNotPublic',
      description: expect.stringContaining('teams-hook.contoso.example resolves to 10.1.2.3'),
    });
    expect((outcome as Error).message).not.toContain('secret');
    expect(resolve.lookups).toEqual(['teams-hook.contoso.example']);
    expect(attempts).toEqual([]);
    expect(teams.requests).toEqual([]);
  });

  it.each([
    [['20.50.2.10', '127.0.0.1'], '127.0.0.1'],
    [['2603:1030:20c::1', '64:ff9b::a9fe:a9fe'], '64:ff9b::a9fe:a9fe'],
    [['168.63.129.16'], '168.63.129.16'],
  ])(
    'given a webhook name that resolves to %j, when an alert is posted outside the local host, then it is refused naming %s',
    async (addresses, inside) => {
      const resolve = resolverAnswering(addresses);

      const { outcome, attempts } = await connectionAttemptsDuring(() =>
        postToTeams(`http://teams-hook.contoso.example:${teams.port}/hook`, card, { insideAllowed: false, resolve }),
      );

      expect(outcome).toBeInstanceOf(TeamsWebhookNotPublicError);
      expect((outcome as Error).message).toContain(`resolves to ${inside},`);
      expect(attempts).toEqual([]);
      expect(teams.requests).toEqual([]);
    },
  );

  it('given a stored webhook on carrier-grade NAT (saved before the check knew it), when an alert is posted outside the local host, then it is refused without a lookup', async () => {
    const resolve = resolverAnswering(['20.50.2.10']);

    const { outcome, attempts } = await connectionAttemptsDuring(() =>
      postToTeams('https://100.64.0.1/workflows/alerts', card, { insideAllowed: false, resolve }),
    );

    expect(classifyMessageFailure(outcome)).toMatchObject({ kind: 'permanent', reason: 'TeamsWebhookNotPublic' });
    expect(resolve.lookups).toEqual([]);
    expect(attempts).toEqual([]);
  });

  it('given a name that resolves to a public address when checked and to the receiver on loopback afterwards (rebinding), when an alert is posted outside the local host, then the connection goes to the checked public address and the name is looked up once', async () => {
    const resolve = resolverAnswering(['20.50.2.10'], ['127.0.0.1']);

    const { outcome, attempts } = await connectionAttemptsDuring(
      () =>
        postToTeams(`http://teams-hook.contoso.example:${teams.port}/hook`, card, { insideAllowed: false, resolve }),
      '20.50.2.10',
    );

    expect(attempts).toEqual([`20.50.2.10:${teams.port}`]);
    expect(resolve.lookups).toEqual(['teams-hook.contoso.example']);
    expect(teams.requests).toEqual([]);
    expect(classifyMessageFailure(outcome)).toMatchObject({ kind: 'transient' });
  });

  it('given the local host, whose tests post to a receiver on loopback, when the webhook name resolves to it, then the card reaches it through the resolved address, under the name', async () => {
    const resolve = resolverAnswering(['127.0.0.1']);

    const { outcome, attempts } = await connectionAttemptsDuring(() =>
      postToTeams(`http://teams-hook.contoso.example:${teams.port}/workflows/alerts?sig=secret`, card, {
        insideAllowed: true,
        resolve,
      }),
    );

    expect(outcome).toBe('delivered');
    expect(attempts).toEqual([`127.0.0.1:${teams.port}`]);
    expect(resolve.lookups).toEqual(['teams-hook.contoso.example']);
    expect(teams.requests).toEqual([
      {
        method: 'POST',
        url: '/workflows/alerts?sig=secret',
        headers: expect.objectContaining({
          host: `teams-hook.contoso.example:${teams.port}`,
          'content-type': 'application/json',
        }),
        body: JSON.stringify(card),
      },
    ]);
  });

  it('given Teams throttles with Retry-After, then the post is worth another delivery after that many seconds', async () => {
    teams.answers.push({ status: 429, headers: { 'retry-after': '7' } });

    const outcome = await postToTeams(`http://127.0.0.1:${teams.port}/hook`, card, { insideAllowed: true }).catch(
      (error: unknown) => error,
    );

    expect(outcome).toBeInstanceOf(TeamsWebhookUnavailableError);
    expect(outcome).toMatchObject({ status: 429, retryAfterSeconds: 7 });
    expect(classifyMessageFailure(outcome).kind).toBe('transient');
  });

  it('given the webhook answers with a redirect, then the desk does not follow it and the post is refused for good', async () => {
    teams.answers.push({ status: 307, headers: { location: `http://127.0.0.1:${teams.port}/elsewhere` } });

    const outcome = await postToTeams(`http://127.0.0.1:${teams.port}/hook`, card, { insideAllowed: true }).catch(
      (error: unknown) => error,
    );

    expect(outcome).toBeInstanceOf(TeamsWebhookRefusedError);
    expect(classifyMessageFailure(outcome)).toMatchObject({ kind: 'permanent', reason: 'TeamsWebhookRefused' });
    expect(teams.requests.map((request) => request.url)).toEqual(['/hook']);
  });
});
