import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { PipelineOptions } from '@azure/core-rest-pipeline';

/** A request as the test server received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface HttpsTestServer {
  baseUrl: string;
  requests: ReceivedRequest[];
  /** Pipeline options that trust the server's certificate (and only for the clients given them) and retry quickly. */
  pipeline: PipelineOptions;
  stop(): Promise<void>;
}

/**
 * A self-signed certificate for 127.0.0.1, made by openssl for this test run. The Azure SDK's bearer-token policy sends
 * tokens over https only, so the test server speaks TLS and the clients under test trust its certificate through their
 * pipeline's tlsOptions: nothing is relaxed for the process.
 */
function selfSignedCertificate(): { key: string; cert: string } {
  const folder = mkdtempSync(join(tmpdir(), 'mail-test-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(folder, 'key.pem'),
        '-out',
        join(folder, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(folder, 'key.pem'), 'utf8'), cert: readFileSync(join(folder, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * An https server on a free loopback port that records every request and answers each with `answer` (which may look at
 * the request and the answers so far), standing in for a Microsoft service that cannot be reached from a test.
 */
export async function startHttpsTestServer(
  answer: (request: ReceivedRequest, index: number) => Answer,
): Promise<HttpsTestServer> {
  const { key, cert } = selfSignedCertificate();
  const requests: ReceivedRequest[] = [];
  const server = createServer({ key, cert }, (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: ReceivedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const { status, headers = {}, body } = answer(received, requests.length - 1);
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      response.writeHead(status, {
        ...(body !== undefined && typeof body !== 'string' && { 'content-type': 'application/json' }),
        ...headers,
      });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `https://127.0.0.1:${port}`,
    requests,
    pipeline: { tlsOptions: { ca: cert }, retryOptions: { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 20 } },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A credential that hands out a fixed token and records the scopes it was asked for. */
export function fixedTokenCredential(token = 'test-token'): TokenCredential & { scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    async getToken(requested: string | string[]): Promise<AccessToken> {
      scopes.push(...(Array.isArray(requested) ? requested : [requested]));
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}
