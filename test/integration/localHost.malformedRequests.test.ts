import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startTestHost, type TestHost } from '../support/testHost';

interface RawAnswer {
  /** The status code of the first response line, or undefined when the host closed without answering. */
  status: number | undefined;
  text: string;
}

/**
 * Sends bytes as they are, bypassing fetch: fetch and http.request refuse to build most of these requests, and a
 * client that is not a browser may still send them.
 */
function sendRaw(url: string, request: string | Buffer): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => {
      socket.destroy();
      reject(new Error('the host neither answered nor closed the connection within 5 s'));
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset after the answer (the host closes a socket it will not read further) still counts as a clean close.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status ? Number(status) : undefined, text });
    });
    socket.write(request);
  });
}

const get = (target: string, headers: string[]): string =>
  [`GET ${target} HTTP/1.1`, ...headers, 'Connection: close', '', ''].join('\r\n');

describe('the local Functions host under malformed requests', () => {
  let desk: TestHost;
  let hostHeader: string;

  beforeAll(async () => {
    desk = await startTestHost();
    hostHeader = `Host: ${new URL(desk.url).host}`;
  });
  afterAll(() => desk.stop());

  const stillServes = async (): Promise<void> => {
    const health = await desk.request('GET', '/api/health');
    expect(health.status).toBe(200);
  };

  it.each([
    ['an unclosed IPv6 literal as Host', () => get('/api/health', ['Host: [::1'])],
    ['a Host with a space', () => get('/api/health', ['Host: a b'])],
    ['a Host with a path in it', () => get('/api/health', ['Host: localhost/evil'])],
    ['a Host with a port out of range', () => get('/api/health', ['Host: localhost:99999'])],
    ['a Host with userinfo', () => get('/api/health', ['Host: user@localhost'])],
    ['two Host headers', () => get('/api/health', [hostHeader, 'Host: other.example'])],
    ['an absolute-form target with a broken authority', () => get('http://[::1/api/health', [hostHeader])],
    ['an absolute-form target that is no URL', () => get('http://:/api/health', [hostHeader])],
    ['malformed %-encoding in a route parameter', () => get('/api/cases/%E0%A4%A', [hostHeader])],
    ['a truncated %-escape', () => get('/api/cases/abc%', [hostHeader])],
    ['%-encoding of an invalid UTF-8 byte', () => get('/api/cases/%FF', [hostHeader])],
    ['malformed %-encoding on an admin route', () => get('/admin/queues/%E0%A4%A/deadletter', [hostHeader])],
    ['HTTP/1.1 without a Host header', () => get('/api/health', [])],
  ])(
    'given %s, when sent over a raw socket, then 400 problem and the host still serves /api/health',
    async (_name, build) => {
      const answer = await sendRaw(desk.url, build());
      expect(answer.status).toBe(400);
      await stillServes();
    },
  );

  it('given a URL over the 4 KB Azure accepts, when sent, then 414 and the host still serves /api/health', async () => {
    const answer = await sendRaw(desk.url, get(`/api/health?padding=${'a'.repeat(5000)}`, [hostHeader]));
    expect(answer.status).toBe(414);
    await stillServes();
  });

  it("given a request line longer than Node's header limit, when sent, then a 4xx or a clean close, and the host still serves", async () => {
    const answer = await sendRaw(desk.url, get(`/api/health?padding=${'a'.repeat(70_000)}`, [hostHeader]));
    if (answer.status !== undefined) expect(answer.status).toBeGreaterThanOrEqual(400);
    if (answer.status !== undefined) expect(answer.status).toBeLessThan(500);
    await stillServes();
  });

  it('given bytes that are no HTTP at all, when sent, then 400 or a clean close, and the host still serves', async () => {
    const answer = await sendRaw(
      desk.url,
      Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a]),
    );
    if (answer.status !== undefined) expect(answer.status).toBe(400);
    await stillServes();
  });

  it('given a body announced over the 100 MB Azure accepts, when sent, then 413 and the host still serves /api/health', async () => {
    const request = [
      'POST /api/cases HTTP/1.1',
      hostHeader,
      'Content-Type: application/json',
      `Content-Length: ${200 * 1024 * 1024}`,
      '',
      '{"a":',
    ].join('\r\n');
    const answer = await sendRaw(desk.url, request);
    expect(answer.status).toBe(413);
    await stillServes();
  });

  it('given a well-formed absolute-form target and an IPv6 Host, when sent, then they are served as usual', async () => {
    const absolute = await sendRaw(desk.url, get(`${desk.url}/api/health`, [hostHeader]));
    expect(absolute.status).toBe(200);
    const ipv6Host = await sendRaw(desk.url, get('/api/health', ['Host: [::1]:7071']));
    expect(ipv6Host.status).toBe(200);
  });

  it('given a malformed request, then the 400 is problem+json as the API answers elsewhere', async () => {
    const answer = await sendRaw(desk.url, get('/api/cases/%E0%A4%A', [hostHeader]));
    expect(answer.text).toMatch(/content-type: application\/problem\+json/i);
    expect(answer.text).toMatch(/"status":400/);
  });
});

describe('the local Functions host as its own process, as npm start runs it', () => {
  // Under jest an exception thrown in a server callback may be caught by the test runner; in a process of its own,
  // as `npm start` runs the host, the same exception ends the process. So this runs the host as a child process.
  const root = join(__dirname, '..', '..');
  const script = `
    const { join } = require('node:path');
    const { startLocalHost } = require('./scripts/localHost/localHost');
    const { functionFilesFor } = require('./scripts/localHost/functionApp');
    const { applySettingsFile } = require('./scripts/localSettings');
    process.env.MESSAGING_TRANSPORT = 'inProcess';
    applySettingsFile(join(process.cwd(), 'local.settings.sample.json'));
    startLocalHost({
      functionFiles: functionFilesFor('functions/health.ts', process.cwd()),
      port: 0, hostname: '127.0.0.1', clock: { now: () => new Date() }, log: () => undefined,
    }).then((host) => console.log('READY ' + host.url));
  `;
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /READY (\S+)/.exec(output);
        if (ready?.[1]) resolve(ready[1]);
      });
      child.once('exit', (code) => reject(new Error(`the host process exited with ${code} before it was ready`)));
    });
  }, 60_000);
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });

  it.each([
    ['Host: [::1', 'Host: [::1'],
    ['Host: a b', 'Host: a b'],
    ['a bad absolute-form URL', 'absolute'],
    ['malformed %-encoding', 'percent'],
  ])('given %s, when sent, then 400 and the process still runs and serves /api/health', async (_name, variant) => {
    const hostHeader = `Host: ${new URL(url).host}`;
    const request =
      variant === 'absolute'
        ? get('http://[::1/api/health', [hostHeader])
        : variant === 'percent'
          ? get('/api/cases/%E0%A4%A', [hostHeader])
          : get('/api/health', [variant]);
    const answer = await sendRaw(url, request);
    expect(answer.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(child.exitCode).toBeNull();
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });
});
