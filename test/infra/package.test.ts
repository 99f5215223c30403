import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { transformSync } from 'esbuild';
import { fromBufferPromise } from 'yauzl';
import { z } from 'zod';
import { functionFilesFor, loadFunctionApp } from '../../scripts/localHost/functionApp';
import { ensureTables, tableClientFactory } from '../../shared/adapters/tables/tableClients';
import { TableApiKeyStore } from '../../shared/adapters/tables/tableApiKeyStore';
import { hashApiKey } from '../../shared/domain/apiKey';
import { defaultSupportOffering } from '../../shared/domain/offering';
import { openApiDocument } from '../../shared/api/openApiDocument';

const repoRoot = path.resolve(__dirname, '..', '..');
const repoManifest = z
  .object({ name: z.string(), version: z.string(), dependencies: z.record(z.string(), z.string()).default({}) })
  .parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')));
const zipPath = path.join(repoRoot, 'dist', 'package', `${repoManifest.name}.zip`);

/** Type-checks the project and bundles it. */
const packagingTimeoutMs = 10 * 60_000;

/** What a Flex Consumption instance fetches and unpacks on a cold start (issue 13). */
const maxPackageBytes = 3_000_000;
const maxPackageFiles = 100;

/** Provided by the Functions Node.js worker at run time, never shipped. */
const hostProvided = ['@azure/functions-core'];
/** The packages the code loads on first use, and the bundle scripts/package.js makes of each. */
const lazyBundles: Record<string, string> = {
  '@azure/arm-support': 'dist/lazy/azure-arm-support.js',
  '@azure/communication-email': 'dist/lazy/azure-communication-email.js',
  '@azure/core-rest-pipeline': 'dist/lazy/azure-core-rest-pipeline.js',
  '@azure/data-tables': 'dist/lazy/azure-data-tables.js',
  '@azure/identity': 'dist/lazy/azure-identity.js',
  '@azure/service-bus': 'dist/lazy/azure-service-bus.js',
  'csv-stringify/sync': 'dist/lazy/csv-stringify-sync.js',
  'html-to-text': 'dist/lazy/html-to-text.js',
  'ipaddr.js': 'dist/lazy/ipaddr.js',
  libmime: 'dist/lazy/libmime.js',
  luxon: 'dist/lazy/luxon.js',
  'nodemailer/lib/mail-composer': 'dist/lazy/nodemailer-mail-composer.js',
};
/** The data files the code requires on first use, and where the zip ships each. */
const lazyDataFiles: Record<string, string> = {
  'shared/domain/triage/triageModel.json': 'dist/lazy/triageModel.json',
  'shared/domain/triage/defaultRules.json': 'dist/lazy/defaultRules.json',
};

/** The longest string anywhere in a JSON value: text that a bundle holding the value would hold too. */
function longestString(value: unknown): string {
  if (typeof value === 'string') return value;
  const inner = Array.isArray(value) ? value : typeof value === 'object' && value !== null ? Object.values(value) : [];
  return inner.map(longestString).reduce((longest, next) => (next.length > longest.length ? next : longest), '');
}

const zipManifestSchema = z.object({
  name: z.string(),
  version: z.string(),
  main: z.string(),
  dependencies: z.record(z.string(), z.string()).default({}),
});
const sourceMapSchema = z.object({ version: z.literal(3), sources: z.array(z.string()), mappings: z.string().min(1) });

/** Name → content of every file in the package, as yauzl (an unzip library independent of the writer) reads it. */
let files: Map<string, Buffer>;
let names: string[];
let zipBytes: number;
/** A copy of the zip unpacked into an empty temporary folder: nothing but what the zip holds. */
let unpacked: string;
/** What scratch files the tests write (the functions-core stand-in for child processes) go here, outside `unpacked`. */
let scratch: string;

/**
 * Reads every entry. yauzl rejects unsafe names (absolute, `..`, backslashes) and sizes that differ from the central
 * directory; it leaves CRC-32 to its caller, so each content is checked against the recorded CRC-32 here.
 */
async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const zipFile = await fromBufferPromise(zip, { strictFileNames: true, validateEntrySizes: true });
  const contents = new Map<string, Buffer>();
  for await (const entry of zipFile.eachEntry()) {
    const content = Buffer.concat(await (await zipFile.openReadStreamPromise(entry)).toArray());
    if (zlib.crc32(content) !== entry.crc32) throw new Error(`${entry.fileName}: content does not match its CRC-32`);
    if (contents.has(entry.fileName)) throw new Error(`${entry.fileName} is in the zip twice`);
    contents.set(entry.fileName, content);
  }
  return contents;
}

beforeAll(async () => {
  let output: string;
  try {
    output = execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'package.js')], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: 'pipe',
      timeout: packagingTimeoutMs,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run package failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  const zip = fs.readFileSync(zipPath);
  zipBytes = zip.length;
  files = await unzip(zip);
  names = [...files.keys()];
  unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'function-app-'));
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'function-app-scratch-'));
  for (const [name, content] of files) {
    fs.mkdirSync(path.join(unpacked, path.dirname(name)), { recursive: true });
    fs.writeFileSync(path.join(unpacked, name), content);
  }
  console.log(`${output.trim().split('\n').at(-1)}\n${zipBytes} bytes, ${names.length} files.`);
}, packagingTimeoutMs);

afterAll(() => {
  for (const dir of [unpacked, scratch]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function entryContent(name: string): Buffer {
  const content = files.get(name);
  if (!content) throw new Error(`${name} is not in the package`);
  return content;
}

function zipManifest(): z.infer<typeof zipManifestSchema> {
  return zipManifestSchema.parse(JSON.parse(entryContent('package.json').toString('utf8')));
}

/** Repository-relative paths of the files under `dir` whose name ends with `suffix`. */
function sourceFiles(dir: string, suffix: string): string[] {
  return fs
    .readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .map((file) => `${dir}/${file.split(path.sep).join('/')}`);
}

/** The npm package a bare specifier or a node_modules path names: `@scope/name` or `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.replace(/^node_modules\//, '').split('/');
  return (specifier.replace(/^node_modules\//, '').startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

const isBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? specifier);

/** Bare package names that the TypeScript sources under `dir` import or require. */
function packagesImportedBy(dir: string): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(dir, '.ts')) {
    const code = fs.readFileSync(path.join(repoRoot, file), 'utf8');
    for (const [, specifier = ''] of code.matchAll(
      /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\(\s*|^import\s+)['"]([^'"]+)['"]/gm,
    )) {
      if (!specifier.startsWith('.') && !isBuiltin(specifier)) found.add(packageOf(specifier));
    }
  }
  return found;
}

/** The agent console's files (npm run build:console): browser code, not bundles the worker loads. */
const consoleFiles = (): string[] => names.filter((n) => n.startsWith('dist/console/'));
const bundles = (): string[] => names.filter((n) => n.endsWith('.js') && !n.startsWith('dist/console/'));

/** The npm packages whose code a bundle holds, read from its source map. */
function packagesIn(bundle: string): Set<string> {
  const map = sourceMapSchema.parse(JSON.parse(entryContent(`${bundle}.map`).toString('utf8')));
  const found = new Set<string>();
  for (const source of map.sources) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/|^webpack:\/\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
    const name = match?.[1] ?? match?.[2];
    if (name) found.add(name);
  }
  return found;
}

/** Runs `script` in a fresh Node process in the unpacked copy, with the local host's @azure/functions-core stand-in. */
function runInUnpackedApp(script: string, args: string[], settings: Record<string, string> = {}): unknown {
  const standIn = path.join(scratch, 'functionsCore.js');
  const hook = path.join(scratch, 'provideFunctionsCore.js');
  if (!fs.existsSync(hook)) {
    // The same stand-in the local host gives the app (scripts/localHost/functionsCore.ts), as plain CommonJS.
    const source = fs.readFileSync(path.join(repoRoot, 'scripts', 'localHost', 'functionsCore.ts'), 'utf8');
    fs.writeFileSync(standIn, transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20' }).code);
    fs.writeFileSync(
      hook,
      `const Module = require('node:module');
const original = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === '@azure/functions-core' ? ${JSON.stringify(standIn)} : original.call(this, request, ...rest);
};
`,
    );
  }
  const output = execFileSync(process.execPath, ['--require', hook, '-e', script, ...args], {
    cwd: unpacked,
    encoding: 'utf8',
    // Nothing from the repository's node_modules may be found: only the zip's own files and Node's built-ins.
    env: { PATH: process.env.PATH ?? '', NODE_PATH: '', ...settings },
  });
  return JSON.parse(output);
}

describe('npm run package', () => {
  it('when read back with yauzl, then every entry has a safe name, its recorded size and CRC-32, and none repeats', () => {
    // unzip() has checked each entry as it read it; a failure there fails every test of this file.
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).not.toMatch(/^\/|(^|\/)\.\.(\/|$)|\\/);
  });

  it(`when packaged, then the zip holds at most ${maxPackageFiles} files in at most ${maxPackageBytes} bytes`, () => {
    expect(names.length).toBeLessThanOrEqual(maxPackageFiles);
    expect(zipBytes).toBeLessThanOrEqual(maxPackageBytes);
  });

  it('when packaged, then nothing but host.json, package.json, the bundles and their source maps, and the console page with its hashed assets is shipped', () => {
    for (const name of names) {
      expect(name).toMatch(
        /^(host\.json|package\.json|dist\/[\w/.-]+\.js(\.map)?|dist\/lazy\/\w+\.json|dist\/console\/(index\.html|assets\/[\w-]+-[\w-]{8}\.(js|css)))$/,
      );
    }
    expect(consoleFiles()).toEqual(expect.arrayContaining(['dist/console/index.html']));
    expect(consoleFiles().filter((name) => name.endsWith('.js')).length).toBeGreaterThan(0);
    // In particular no dependency tree with its tests, docs and type declarations, and no TypeScript source.
    const unwanted = names.filter(
      (n) =>
        /(^|\/)(node_modules|tests?|__tests__|docs?)\//.test(n) ||
        /\.(d\.[cm]?ts|ts|md|markdown)$|(^|\/)(README|CHANGELOG|LICENSE)[^/]*$/i.test(n),
    );
    expect(unwanted).toEqual([]);
  });

  it('given the repository, when packaged, then host.json is shipped unchanged and package.json main names the app bundle', () => {
    expect(entryContent('host.json').equals(fs.readFileSync(path.join(repoRoot, 'host.json')))).toBe(true);
    const manifest = zipManifest();
    expect({ name: manifest.name, version: manifest.version }).toEqual({
      name: repoManifest.name,
      version: repoManifest.version,
    });
    const mainFiles = functionFilesFor(manifest.main, unpacked).map((file) =>
      path.relative(unpacked, file).split(path.sep).join('/'),
    );
    expect(mainFiles.length).toBeGreaterThan(0);
    for (const file of mainFiles) expect(names).toContain(file);
    // Everything the app loads is in the bundles: there is nothing left for a remote build to install.
    expect(manifest.dependencies).toEqual({});
  });

  it('when packaged, then each bundle has its source map beside it, naming the repository files it was built from', () => {
    expect(bundles().length).toBeGreaterThan(0);
    for (const bundle of bundles()) {
      const code = entryContent(bundle).toString('utf8');
      expect(code.trimEnd().endsWith(`//# sourceMappingURL=${path.posix.basename(bundle)}.map`)).toBe(true);
      const map = sourceMapSchema.parse(JSON.parse(entryContent(`${bundle}.map`).toString('utf8')));
      // Paths are relative to the bundle's place in the zip, as if the zip were unpacked over the repository.
      const local = map.sources
        .filter((source) => !/^[a-z][a-z0-9+.-]*:/i.test(source) && !source.includes('node_modules/'))
        .map((source) => path.relative(repoRoot, path.resolve(repoRoot, path.posix.dirname(bundle), source)));
      expect(local.filter((file) => !fs.existsSync(path.join(repoRoot, file)))).toEqual([]);
    }
    const appMain = functionFilesFor(zipManifest().main, unpacked).map((file) =>
      path.relative(unpacked, file).split(path.sep).join('/'),
    );
    const appSources = appMain.flatMap((bundle) =>
      sourceMapSchema
        .parse(JSON.parse(entryContent(`${bundle}.map`).toString('utf8')))
        .sources.map((source) => path.posix.join(path.posix.dirname(bundle), source)),
    );
    expect(appSources).toEqual(expect.arrayContaining([...sourceFiles('functions', '.ts'), 'shared/resources.json']));
  });

  describe('what the bundles require at run time', () => {
    /** Every require("...") in the shipped code, with the bundle that makes it. */
    let requires: { from: string; specifier: string }[];
    beforeAll(() => {
      requires = bundles().flatMap((from) =>
        [
          ...entryContent(from)
            .toString('utf8')
            .matchAll(/\brequire\((['"])([^'"]+)\1\)/g),
        ].map(([, , specifier = '']) => ({ from, specifier })),
      );
    });

    it('given a bundle, then it has no import() and no require() of a computed name, which could not be checked here', () => {
      for (const bundle of bundles()) {
        const code = entryContent(bundle).toString('utf8');
        expect({ bundle, computed: code.match(/\brequire\(\s*[^'"\s)]/g) ?? [] }).toEqual({ bundle, computed: [] });
        expect({ bundle, imports: code.match(/\bimport\(/g) ?? [] }).toEqual({ bundle, imports: [] });
      }
    });

    it('given a require in a bundle, then it names a built-in, @azure/functions-core or a file in the zip: no package that is not shipped', () => {
      const unsatisfied = requires.filter(({ from, specifier }) =>
        specifier.startsWith('.')
          ? !files.has(path.posix.join(path.posix.dirname(from), specifier))
          : !isBuiltin(specifier) && !hostProvided.includes(specifier),
      );
      expect(unsatisfied).toEqual([]);
    });

    it('given the SDKs the code loads on first use, then the app bundle requires each as a bundle of its own in the zip', () => {
      const fromApp = requires
        .filter(({ from, specifier }) => from === zipManifest().main && specifier.startsWith('.'))
        .map(({ from, specifier }) => path.posix.join(path.posix.dirname(from), specifier));
      // Several call sites may load the same SDK: it is still one bundle.
      expect([...new Set(fromApp)].sort()).toEqual(
        [...Object.values(lazyBundles), ...Object.values(lazyDataFiles)].sort(),
      );
      for (const [name, bundle] of Object.entries(lazyBundles)) expect(packagesIn(bundle)).toContain(packageOf(name));
    });

    it('given package.json dependencies, then each is in the bundles: nothing only the local host, scripts or tests use', () => {
      const bundled = new Set(bundles().flatMap((bundle) => [...packagesIn(bundle)]));
      expect(Object.keys(repoManifest.dependencies).filter((name) => !bundled.has(name))).toEqual([]);
    });

    it('given the packages scripts/ (the local host) and test/ import that the bundles do not hold, then none of them is a dependency', () => {
      const bundled = new Set(bundles().flatMap((bundle) => [...packagesIn(bundle)]));
      const imported = [...packagesImportedBy('scripts'), ...packagesImportedBy('test')];
      expect(imported).toEqual(expect.arrayContaining(['@azure/functions', 'yauzl', 'esbuild']));
      const toolingOnly = imported.filter((name) => !bundled.has(name));
      expect(toolingOnly.filter((name) => name in repoManifest.dependencies)).toEqual([]);
    });
  });

  describe('loaded from an unpacked copy of the zip in a fresh Node process, as the Functions worker loads it', () => {
    interface Loaded {
      registrations: { name: string; trigger: Record<string, unknown> }[];
      loadedFiles: string[];
    }
    let loaded: Loaded;
    beforeAll(() => {
      const mainFiles = functionFilesFor(zipManifest().main, unpacked);
      loaded = runInUnpackedApp(
        `const core = require('@azure/functions-core');
        for (const file of JSON.parse(process.argv[1])) require(file);
        process.stdout.write(JSON.stringify({
          registrations: core.registeredFunctions().map((fn) => ({ name: fn.name, trigger: fn.trigger })),
          loadedFiles: Object.keys(require.cache),
        }));`,
        [JSON.stringify(mainFiles)],
      ) as Loaded;
    }, 60_000);

    it('when every file package.json main names is loaded, then the same functions register as in the local host, with the same triggers', () => {
      const local = loadFunctionApp(functionFilesFor('functions/*.ts', repoRoot)).map((fn) => ({
        name: fn.name,
        trigger: fn.trigger,
      }));
      expect(local.length).toBe(sourceFiles('functions', '.ts').length);
      const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);
      expect([...loaded.registrations].sort(byName)).toEqual(JSON.parse(JSON.stringify([...local].sort(byName))));
    });

    it('when loaded, then only files of the zip (and the stand-in for the worker module) were read, and no SDK loaded on first use', () => {
      const outside = loaded.loadedFiles.filter((file) => !file.startsWith(unpacked + path.sep));
      expect(outside.sort()).toEqual(
        [path.join(scratch, 'provideFunctionsCore.js'), path.join(scratch, 'functionsCore.js')].sort(),
      );
      const lazyLoaded = [...Object.values(lazyBundles), ...Object.values(lazyDataFiles)].filter((bundle) =>
        loaded.loadedFiles.includes(path.join(unpacked, bundle)),
      );
      expect(lazyLoaded).toEqual([]);
    });

    it('given app settings as in Azure, when the bundled openApi function is invoked, then it answers with the document the sources build', () => {
      const invoke = `const core = require('@azure/functions-core');
        for (const file of JSON.parse(process.argv[1])) require(file);
        const fn = core.registeredFunctions().find((registered) => registered.name === 'openApi');
        const ignore = () => undefined;
        const context = { invocationId: 'package-test', log: ignore, trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore };
        const request = {
          method: 'GET', url: 'https://example.azurewebsites.net/api/openapi.json', headers: new Headers(),
          query: new URLSearchParams(), params: {}, arrayBuffer: async () => new ArrayBuffer(0),
        };
        Promise.resolve(fn.handler(request, context)).then((response) => process.stdout.write(JSON.stringify(response)));`;
      const response = runInUnpackedApp(invoke, [JSON.stringify(functionFilesFor(zipManifest().main, unpacked))], {
        // Keyless Azure settings: the desk is built as in Azure, and nothing here reaches the network.
        CaseStorage__tableServiceUri: 'https://example.table.core.windows.net',
        ServiceBusConnection__fullyQualifiedNamespace: 'example.servicebus.windows.net',
      }) as { status: number; jsonBody: unknown };
      expect(response.status).toBe(200);
      expect(response.jsonBody).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    });

    it('given the bundle against Azurite, when the SLA sweep runs, then its queries (the odata tag, called into the Tables bundle) read the due index', async () => {
      const connectionString = process.env.CaseStorage ?? '';
      await ensureTables(tableClientFactory({ kind: 'connectionString', connectionString }));
      const invoke = `const core = require('@azure/functions-core');
        for (const file of JSON.parse(process.argv[1])) require(file);
        const fn = core.registeredFunctions().find((registered) => registered.name === 'slaSweep');
        const ignore = () => undefined;
        const context = { invocationId: 'package-test', log: ignore, trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore };
        Promise.resolve(fn.handler({ isPastDue: false }, context)).then(
          () => process.stdout.write(JSON.stringify({ swept: true })),
          (error) => process.stdout.write(JSON.stringify({ error: String(error && error.stack || error) })),
        );`;
      const outcome = runInUnpackedApp(invoke, [JSON.stringify(functionFilesFor(zipManifest().main, unpacked))], {
        CaseStorage: connectionString,
        // Nothing is due, so nothing is published: Service Bus is never reached.
        ServiceBusConnection__fullyQualifiedNamespace: 'example.servicebus.windows.net',
        SLA_SWEEP_SCHEDULE: '0 */1 * * * *',
      });
      expect(outcome).toEqual({ swept: true });
      // The Tables SDK's generated model (its serializer mappers) is in its own bundle only.
      expect(entryContent(zipManifest().main).toString('utf8')).not.toContain('TableServiceProperties');
      expect(entryContent(lazyBundles['@azure/data-tables'] ?? '').toString('utf8')).toContain(
        'TableServiceProperties',
      );
    });

    it('given an admin key, when the bundled putOffering gets service hours in an unknown time zone, then luxon, loaded on first use, makes it a 400 naming the field, and a known zone is saved; outside the local host a Teams webhook on loopback is a 400', async () => {
      const connectionString = process.env.CaseStorage ?? '';
      const tables = tableClientFactory({ kind: 'connectionString', connectionString });
      await ensureTables(tables);
      const tenantId = `tenant-${randomUUID().slice(0, 8)}`;
      const key = `package-admin-${randomUUID()}`;
      await new TableApiKeyStore(tables).save(hashApiKey(key), {
        keyId: `key-${randomUUID().slice(0, 8)}`,
        tenantId,
        role: 'admin',
        createdAt: new Date().toISOString(),
      });
      const bad = structuredClone(defaultSupportOffering());
      bad.services.azure.serviceHours.timeZone = 'Mars/Olympus_Mons';
      const good = structuredClone(defaultSupportOffering());
      good.services.azure.serviceHours.timeZone = 'America/New_York';
      const loopbackWebhook = structuredClone(good);
      loopbackWebhook.settings.teamsWebhookUrl = 'http://127.0.0.1:8080/workflows/alerts';
      const invoke = `const core = require('@azure/functions-core');
        for (const file of JSON.parse(process.argv[1])) require(file);
        const fn = core.registeredFunctions().find((registered) => registered.name === 'putOffering');
        const ignore = () => undefined;
        const context = { invocationId: 'package-test', log: ignore, trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore };
        const put = (body) => fn.handler({
          method: 'PUT', url: 'http://localhost/api/offering',
          headers: new Headers({ 'content-type': 'application/json', 'x-api-key': process.argv[2] }),
          query: new URLSearchParams(), params: {},
          arrayBuffer: async () => new TextEncoder().encode(body).buffer,
        }, context);
        (async () => {
          const answers = [];
          for (const body of process.argv.slice(3)) {
            const response = await put(body);
            answers.push({ status: response.status, body: response.jsonBody });
          }
          return answers;
        })().then(
          (answers) => process.stdout.write(JSON.stringify(answers)),
          (error) => process.stdout.write(JSON.stringify({ error: String((error && error.stack) || error) })),
        );`;
      const answers = runInUnpackedApp(
        invoke,
        [
          JSON.stringify(functionFilesFor(zipManifest().main, unpacked)),
          key,
          JSON.stringify(bad),
          JSON.stringify(good),
          JSON.stringify(loopbackWebhook),
        ],
        {
          CaseStorage: connectionString,
          ServiceBusConnection__fullyQualifiedNamespace: 'example.servicebus.windows.net',
        },
      ) as { status: number; body: { errors?: { field: string }[] } }[];

      expect(answers[0]?.status).toBe(400);
      expect(answers[0]?.body.errors?.map((error) => error.field)).toContain('services.azure.serviceHours.timeZone');
      expect(answers[1]?.status).toBe(200);
      expect(answers[2]?.status).toBe(400);
      expect(answers[2]?.body.errors?.map((error) => error.field)).toEqual(['settings.teamsWebhookUrl']);
    });

    it('given the console function of the bundle, when it is asked for the page and a script, then it serves them from the zip with their caching', () => {
      const script = consoleFiles().find((name) => name.endsWith('.js')) as string;
      const invoke = `const core = require('@azure/functions-core');
        for (const file of JSON.parse(process.argv[1])) require(file);
        const fn = core.registeredFunctions().find((registered) => registered.name === 'console');
        const ask = (path) => Promise.resolve(fn.handler({ params: { path } }, {})).then((response) => ({
          status: response.status, headers: response.headers, bytes: response.body ? response.body.length : 0,
        }));
        Promise.all([ask('cases/123'), ask(process.argv[2])]).then((answers) => process.stdout.write(JSON.stringify(answers)));`;
      const [page, asset] = runInUnpackedApp(invoke, [
        JSON.stringify(functionFilesFor(zipManifest().main, unpacked)),
        script.slice('dist/console/'.length),
      ]) as { status: number; headers: Record<string, string>; bytes: number }[];
      expect(page).toEqual({
        status: 200,
        headers: expect.objectContaining({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }),
        bytes: entryContent('dist/console/index.html').length,
      });
      expect(asset).toEqual({
        status: 200,
        headers: expect.objectContaining({ 'cache-control': 'public, max-age=31536000, immutable' }),
        bytes: entryContent(script).length,
      });
    });

    it('given an SDK loaded on first use, when its bundle is required from the unpacked copy, then it exports what the package exports', () => {
      const exportsOf = `process.stdout.write(JSON.stringify(Object.keys(require(process.argv[1])).sort()));`;
      for (const [name, bundle] of Object.entries(lazyBundles)) {
        const fromBundle = runInUnpackedApp(exportsOf, [path.join(unpacked, bundle)]);
        const fromPackage = JSON.parse(
          execFileSync(process.execPath, ['-e', exportsOf, name], { cwd: repoRoot, encoding: 'utf8' }),
        ) as unknown;
        expect({ name, exports: fromBundle }).toEqual({ name, exports: fromPackage });
      }
    }, 60_000);

    it('given the triage model and the default triage rules, then the zip ships each as the file of the repository, not in the app bundle', () => {
      for (const [source, shipped] of Object.entries(lazyDataFiles)) {
        expect({ shipped, same: entryContent(shipped).equals(fs.readFileSync(path.join(repoRoot, source))) }).toEqual({
          shipped,
          same: true,
        });
        const longest = longestString(JSON.parse(fs.readFileSync(path.join(repoRoot, source), 'utf8')));
        expect(longest.length).toBeGreaterThan(40);
        expect(entryContent(zipManifest().main).toString('utf8')).not.toContain(longest.slice(0, 40));
      }
    });

    it("given zod's parser compiler and JSON Schema reader, which the app does not use, then the app bundle holds neither and no source uses them", () => {
      const appBundle = entryContent(zipManifest().main).toString('utf8');
      for (const part of ['v4/core/compile.js', 'v4/classic/from-json-schema.js']) {
        const code = fs.readFileSync(path.join(repoRoot, 'node_modules', 'zod', part), 'utf8');
        const messages = [...code.matchAll(/throw new (?:Error|\w+Error)\((["`])([^"`$]{25,})\1/g)].map(
          ([, , message = '']) => message,
        );
        expect({ part, messages: messages.length > 0 }).toEqual({ part, messages: true });
        expect({ part, bundled: messages.filter((message) => appBundle.includes(message)) }).toEqual({
          part,
          bundled: [],
        });
      }
      const leftOut =
        /\bz\.(?:compile|withParser|fromJSONSchema|locales)\b|\bimport\s*\{[^}]*\b(?:compile|withParser|fromJSONSchema|locales)\b[^}]*\}\s*from\s*'zod/;
      const users = [...sourceFiles('shared', '.ts'), ...sourceFiles('functions', '.ts')].filter((file) =>
        leftOut.test(fs.readFileSync(path.join(repoRoot, file), 'utf8')),
      );
      expect(users).toEqual([]);
    });

    it('given the libmime bundle, when it decodes encoded words in charsets it loads on demand, then it reads them as libmime does', () => {
      const words = '=?ISO-8859-1?Q?J=F6rg?= =?SHIFT_JIS?B?k/qWe4zq?= =?KOI8-R?B?8NLJ18XU?=';
      const decode = `process.stdout.write(JSON.stringify(require(process.argv[1]).decodeWords(process.argv[2])));`;
      const fromBundle = runInUnpackedApp(decode, [path.join(unpacked, lazyBundles.libmime ?? ''), words]);
      expect(fromBundle).toBe('Jörg日本語Привет');
    });
  });
});
