import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { consoleFile } from '../../functions/console';
import { startTestHost, type TestHost } from '../support/testHost';
import { buildConsole } from './consoleBrowser';

/*
 * The function app serves the agent console itself, at /console/ beside /api/ on the same origin: hashed assets cached
 * for a year, the page never, the console's own pages answered with the page, and nothing outside dist/console.
 */

const root = join(__dirname, '..', '..');

/** Sends a request target exactly as written (fetch and URL would resolve `..` and %2e%2e before sending). */
function rawGet(url: string, target: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ hostname, port, path: target, method: 'GET' }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the agent console is served by the function app at /console/', () => {
  let desk: TestHost;
  let script: string;
  let style: string;

  beforeAll(async () => {
    buildConsole();
    const assets = readdirSync(join(root, 'dist', 'console', 'assets'));
    // The entry script the page names (the dashboard's chart chunk is loaded later, by the script itself).
    script = assets.find((file) => file.startsWith('index-') && file.endsWith('.js')) as string;
    style = assets.find((file) => file.endsWith('.css')) as string;
    desk = await startTestHost();
  }, 60_000);
  afterAll(() => desk.stop());

  it('given the built console, when its page is asked for, then it is HTML that no cache may keep, with a policy that allows only this origin', async () => {
    const response = await desk.request('GET', '/console/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.text).toBe(readFileSync(join(root, 'dist', 'console', 'index.html'), 'utf8'));
    expect(response.text).toContain(`/console/assets/${script}`);
  });

  it('given a page of the console (client-side routing), when it is opened directly, then the page answers, as for /console itself', async () => {
    for (const path of [
      '/console',
      '/console/cases',
      '/console/cases/0mx4mibma20cb6cb04b4f8920',
      '/console/cases?sla=atRisk',
    ]) {
      const response = await desk.request('GET', path);
      expect({ path, status: response.status, cache: response.headers.get('cache-control') }).toEqual({
        path,
        status: 200,
        cache: 'no-store',
      });
      expect(response.text).toContain('<div id="app"></div>');
    }
  });

  it('given hashed assets, when asked for, then they carry their content type and may be cached for a year without revalidation', async () => {
    const js = await desk.request('GET', `/console/assets/${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(js.text).toBe(readFileSync(join(root, 'dist', 'console', 'assets', script), 'utf8'));
    const css = await desk.request('GET', `/console/assets/${style}`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('given a file that does not exist, when asked for, then 404, never the page in its place (a browser would run HTML as a script)', async () => {
    for (const path of ['/console/assets/index-00000000.js', '/console/favicon.ico', '/console/assets']) {
      const response = await desk.request('GET', path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });

  it('given paths that try to leave dist/console, when asked for, then no file outside it is ever answered', async () => {
    const hostJson = readFileSync(join(root, 'host.json'), 'utf8');
    const packageJson = readFileSync(join(root, 'package.json'), 'utf8');
    for (const target of [
      '/console/../host.json',
      '/console/%2e%2e/%2e%2e/host.json',
      '/console/..%2f..%2fhost.json',
      '/console/assets/..%2F..%2F..%2Fpackage.json',
      '/console/..%5c..%5chost.json',
      '/console/%2e%2e%5c%2e%2e%5cpackage.json',
      '/console/assets/%00.js',
    ]) {
      const response = await rawGet(desk.url, target);
      expect({ target, leaked: response.body === hostJson || response.body === packageJson }).toEqual({
        target,
        leaked: false,
      });
      expect([400, 404]).toContain(response.status);
    }
  });

  it('given a path a request could carry, when checked, then only names inside the assets folder are accepted', () => {
    expect(consoleFile('')).toBe('index.html');
    expect(consoleFile('assets/index-abc12345.js')).toBe('assets/index-abc12345.js');
    expect(consoleFile('cases/./123')).toBe('cases/123');
    expect(consoleFile('../host.json')).toBeUndefined();
    expect(consoleFile('assets/../../package.json')).toBeUndefined();
    expect(consoleFile('..\\host.json')).toBeUndefined();
    expect(consoleFile('assets/\0.js')).toBeUndefined();
  });

  it('given the console beside the API, when the API is called, then its routes have not moved: /api/... answers as before', async () => {
    const health = await desk.request('GET', '/api/health');
    expect(health.status).toBe(200);
    const document = await desk.request('GET', '/api/openapi.json');
    expect(document.body.servers).toEqual([{ url: '/api' }]);
    expect((await desk.request('GET', '/health')).status).toBe(404);
    expect((await desk.request('GET', '/cases')).status).toBe(404);
  });
});
