import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, posix, sep } from 'node:path';
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';

/*
 * The agent console's built files (npm run build:console writes them to dist/console), served by the function app
 * itself at /console/, on the API's origin so the browser sends the App Service Authentication cookie to both and no
 * CORS is involved. Vite names every file under assets/ after a hash of its content, so those may be cached for a year
 * and never revalidated; index.html names the current ones and must never be kept. Any other path below /console/ that
 * names no file is one of the console's own pages (client-side routing) and answers index.html.
 */

/** Where the console's files are: dist/console beside host.json (the repository, or the unpacked deployment zip). */
export function consoleAssetsFolder(from = __dirname): string | undefined {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'host.json'))) return join(folder, 'dist', 'console');
    if (dirname(folder) === folder) return undefined;
  }
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Hashed files: their name changes with their content (https://vite.dev/guide/build#public-base-path). */
const immutable = 'public, max-age=31536000, immutable';

/**
 * What the page may load: its own scripts, styles and API only, and no other site may frame it. The console has no
 * inline script or style, so nothing needs 'unsafe-inline'.
 */
const pagePolicy =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The file a console path names, relative to the assets folder, or undefined for one that tries to leave it: a `..`
 * segment, a backslash or a NUL (the host has already %-decoded the path, so `%2e%2e` arrives as `..`).
 */
export function consoleFile(path: string): string | undefined {
  if (/[\\\0]/.test(path)) return undefined;
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..')) return undefined;
  return posix.join(...(segments.length > 0 ? segments : ['index.html']));
}

async function readInside(folder: string, file: string): Promise<Buffer | undefined> {
  const full = join(folder, ...file.split('/'));
  if (!full.startsWith(folder + sep)) return undefined;
  try {
    return await readFile(full);
  } catch {
    return undefined; // missing, or a folder
  }
}

const notFound = (detail: string): HttpResponseInit => ({
  status: 404,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: detail,
});

/** GET /console/{*path}: a built file, index.html for the console's own pages, or 404. */
export async function serveConsole(request: HttpRequest, folder: string | undefined): Promise<HttpResponseInit> {
  const file = consoleFile(request.params.path ?? '');
  if (file === undefined) return notFound('No such file.');
  const index = folder && (await readInside(folder, 'index.html'));
  if (!folder || !index) return notFound('The console is not built: run npm run build (or npm run build:console).');

  const common = { 'x-content-type-options': 'nosniff' };
  const bytes = file === 'index.html' ? undefined : await readInside(folder, file);
  if (bytes) {
    const headers = {
      ...common,
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.startsWith('assets/') ? immutable : 'no-cache',
    };
    return { status: 200, headers, body: bytes };
  }
  // A missing script or style must not be answered with the page: the browser would try to run HTML as code.
  if (file.split('/')[0] === 'assets' || (file !== 'index.html' && extname(file) !== ''))
    return notFound('No such file.');
  return {
    status: 200,
    headers: {
      ...common,
      'content-type': contentTypes['.html'] as string,
      'cache-control': 'no-store',
      'content-security-policy': pagePolicy,
      'referrer-policy': 'same-origin',
    },
    body: index,
  };
}

/** Found once: the package's layout does not change while the app runs. */
const assetsFolder = consoleAssetsFolder();

app.http('console', {
  methods: ['GET', 'HEAD'],
  route: 'console/{*path}',
  authLevel: 'anonymous',
  handler: (request) => serveConsole(request, assetsFolder),
});
