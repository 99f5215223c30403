import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a tenant's Teams Workflows webhook: a local HTTP receiver that answers as Workflows does (202), or with
 * the failures a test asks for, and keeps the cards it took.
 */
export interface TeamsReceiver {
  url: string;
  posts: unknown[];
  /** Failures to answer, each once, to the first post that mentions `match`, before the default 202 (307: to /elsewhere). */
  failures: { match: string; status: number }[];
  /** Requests that reached /elsewhere, where a 307 points. */
  redirected: string[];
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port; `close` stops it. */
export async function teamsReceiver(): Promise<TeamsReceiver> {
  const receiver = {
    posts: [] as unknown[],
    failures: [] as { match: string; status: number }[],
    redirected: [] as string[],
  };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.url?.startsWith('/elsewhere')) {
        receiver.redirected.push(request.url);
        response.writeHead(200).end();
        return;
      }
      const index = receiver.failures.findIndex((failure) => body.includes(failure.match));
      if (index >= 0) {
        const { status } = receiver.failures.splice(index, 1)[0]!;
        const headers = status === 429 ? { 'retry-after': '1' } : status === 307 ? { location: '/elsewhere' } : {};
        response.writeHead(status, headers).end('{"error":"refused"}');
        return;
      }
      receiver.posts.push(JSON.parse(body));
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...receiver,
    url: `http://127.0.0.1:${port}/workflows/alerts?sig=secret`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
