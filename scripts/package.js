'use strict';
// Produces the deployable function app package dist/package/<name>.zip, bundled with esbuild:
//   host.json                      unchanged
//   package.json                   the app's, with "main" pointing at the bundle and no dependencies to install
//   dist/app.js (+ .map)           every functions/*.ts and all they import (shared/, its JSON data, npm packages)
//   dist/lazy/<package>.js (+ .map)  the SDKs the code loads on first use (see LAZY_PACKAGES), one bundle each
//   dist/console/index.html, dist/console/assets/*  the agent console (npm run build:console), which functions/console.ts
//                                  serves at /console/: the page and its content-hashed scripts and styles, no maps
// Nothing else: no node_modules, TypeScript sources, tests, benches, infra or dev tooling.
//
// One bundle for the app, not one per function: the Node.js worker requires every file that package.json "main" names
// when the app starts (a glob, expanded with globby), so per-function bundles would each carry their own copy of
// shared/, zod and the Azure SDKs and all of them would be loaded at every cold start anyway.
//
// @azure/functions is bundled; @azure/functions-core stays external. The latter is not an npm package: the Functions
// Node.js worker provides it at run time, as Node provides "path", and it is what app.http/app.timer/... register
// through (the library requires it lazily). The library's maintainers say to mark exactly that module external when
// bundling (Azure/azure-functions-nodejs-library#201, "@azure/functions-core can't be resolved by bundlers"), and a
// bundled @azure/functions with that one external is reported working in Azure
// (Azure/azure-functions-nodejs-library#260).
//
// Source maps: dist/**/*.js.map, without the sources' text (kept small; the sources are in the repository). Their
// paths are relative to where the bundle sits in the zip, e.g. ../shared/config.ts, so a stack trace read with
// `node --enable-source-maps` names the repository file and line.
//
// The code is type-checked first (npm run build:server -- --noEmit, unless --no-typecheck); esbuild only strips types. The
// zip is written with yazl (a devDependency: packaging runs where dev tooling is installed), and entries are sorted
// with a fixed timestamp and mode so the same inputs give the same bytes.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const yazl = require('yazl');

const repoRoot = path.resolve(__dirname, '..');
const packageDir = path.join(repoRoot, 'dist', 'package');
const stageDir = path.join(packageDir, 'staging');

/** The module the Functions worker provides; it must stay a plain require() in the bundle. */
const HOST_PROVIDED = ['@azure/functions-core'];
/** Where package.json "main" points in the zip. */
const APP_BUNDLE = 'dist/app.js';
/**
 * Packages the code loads on first use (a dynamic import() or a require() inside a function), each bundled on its own
 * as dist/lazy/<file>.js: the app bundle then holds a require('./lazy/<file>.js') where the package was loaded, so
 * the SDK is read and compiled when first needed, never at a cold start (issue 13: in the app bundle, even an SDK that
 * is only import()ed is compiled at every start, and one that is imported statically is also run).
 * A static import of one of these stays in the app bundle with only what it uses: the adapters import the `odata` tag
 * of @azure/data-tables, and `isRestError` of @azure/core-rest-pipeline, without loading either SDK.
 * A bundle shares no module instances with the app bundle or another bundle: these SDKs take the credential, options
 * and pipeline policies they need as arguments, and the app recognises their errors by name (isRestError), not class.
 */
const LAZY_PACKAGES = {
  // With its own CommonJS copy of the Azure core libraries (core-client, core-lro): the Azure Support API client.
  '@azure/arm-support': 'azure-arm-support.js',
  '@azure/communication-email': 'azure-communication-email.js',
  // Pipelines of their own (Graph, Partner Center): the Node.js HTTP client and proxy agents come with them.
  '@azure/core-rest-pipeline': 'azure-core-rest-pipeline.js',
  '@azure/data-tables': 'azure-data-tables.js',
  '@azure/identity': 'azure-identity.js',
  '@azure/service-bus': 'azure-service-bus.js',
  // The billing export's CSV writer.
  'csv-stringify/sync': 'csv-stringify-sync.js',
  // The HTML mail converter, with its HTML parser and entity tables.
  'html-to-text': 'html-to-text.js',
  libmime: 'libmime.js',
  // IP address ranges: the Teams webhook check (an offering's save, an alert's post).
  'ipaddr.js': 'ipaddr.js',
  // Time zones: service hours and the portal's local times.
  luxon: 'luxon.js',
  'nodemailer/lib/mail-composer': 'nodemailer-mail-composer.js',
};
const LAZY_DIR = 'dist/lazy';
/** How the app bundle requires a file of LAZY_DIR: relative to where the bundle sits. */
const fromAppBundle = (lazyFile) =>
  `./${path.posix.relative(path.posix.dirname(APP_BUNDLE), `${LAZY_DIR}/${lazyFile}`)}`;
/**
 * Data files the code require()s on first use (the triage model and the default triage rules): copied beside the lazy
 * bundles as they are, so a cold start neither compiles them as object literals in the app bundle nor builds them;
 * Node parses one with JSON.parse when it is first required.
 */
const LAZY_DATA_FILES = ['shared/domain/triage/triageModel.json', 'shared/domain/triage/defaultRules.json'];

class PackageError extends Error {}

function runOrFail(command, args, cwd) {
  const isWindows = process.platform === 'win32';
  const result = spawnSync(isWindows ? `${command}.cmd` : command, args, { cwd, stdio: 'inherit', shell: isWindows });
  if (result.error || result.status !== 0) {
    throw new PackageError(
      `${command} ${args.join(' ')} failed${result.error ? `: ${result.error.message}` : ` (exit ${result.status})`}.`,
    );
  }
}

function functionSources() {
  const functionsDir = path.join(repoRoot, 'functions');
  const files = fs.existsSync(functionsDir) ? fs.readdirSync(functionsDir).filter((f) => f.endsWith('.ts')) : [];
  if (files.length === 0) throw new PackageError('There is no functions/*.ts: there is no function to deploy.');
  // The order the local host (functionFilesFor) and the worker's glob load them in.
  return files.sort();
}

// ---- bundles ----

const sharedOptions = {
  absWorkingDir: repoRoot,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'silent',
  metafile: true,
  write: false,
};

/**
 * Turns the loads of the lazy packages (import() and require()) into plain requires of their own bundles, relative to
 * the app bundle. Static imports are left to esbuild, which bundles (and tree-shakes) them as any other package.
 */
const lazyPackagesPlugin = {
  name: 'lazy-packages',
  setup(build) {
    const names = Object.keys(LAZY_PACKAGES).map((name) => name.replace(/[/.]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) =>
      args.kind === 'import-statement'
        ? undefined
        : {
            path: fromAppBundle(LAZY_PACKAGES[args.path]),
            external: true,
          },
    );
  },
};

/**
 * What the app code imports statically from a lazy package: small helpers (the `odata` tag, `isRestError`) that would
 * otherwise keep part of the SDK in the app bundle (the Tables model mappers and the core serializer alone are
 * 40 KB, compiled and run at every cold start; esbuild cannot drop them). In the app bundle each such import becomes a
 * function that calls the package's own export from its lazy bundle, which is loaded then, if it is not yet.
 */
const LAZY_STATIC_EXPORTS = {
  '@azure/data-tables': ['odata'],
  '@azure/core-rest-pipeline': ['auxiliaryAuthenticationHeaderPolicy', 'isRestError'],
};

const lazyStaticExportsPlugin = {
  name: 'lazy-static-exports',
  setup(build) {
    const names = Object.keys(LAZY_STATIC_EXPORTS).map((name) => name.replace(/[/.]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) =>
      args.kind === 'import-statement' ? { path: args.path, namespace: 'lazy-static-exports' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-static-exports' }, (args) => {
      const bundle = fromAppBundle(LAZY_PACKAGES[args.path]);
      const contents = LAZY_STATIC_EXPORTS[args.path]
        .map(
          (name) => `export function ${name}(...args) { return require(${JSON.stringify(bundle)}).${name}(...args); }`,
        )
        .join('\n');
      return { contents, loader: 'js' };
    });
    build.onResolve({ filter: /^\.\/lazy\//, namespace: 'lazy-static-exports' }, (args) => ({
      path: args.path,
      external: true,
    }));
  },
};

/** Turns a require() of a lazy data file into a require of its copy in LAZY_DIR (stageLazyDataFiles). */
const lazyDataFilesPlugin = {
  name: 'lazy-data-files',
  setup(build) {
    build.onResolve({ filter: /\.json$/ }, (args) => {
      const file = path.relative(repoRoot, path.resolve(args.resolveDir, args.path)).split(path.sep).join('/');
      if (!LAZY_DATA_FILES.includes(file)) return undefined;
      if (args.kind !== 'require-call')
        throw new PackageError(`${file} is loaded with ${args.kind}; require() it on first use.`);
      return { path: fromAppBundle(path.posix.basename(file)), external: true };
    });
  },
};

/**
 * `import { z } from 'zod'` keeps all of zod's namespace in the bundle, although the app uses a part of it; what it does
 * not use is left out, because each byte of the app bundle is compiled at every cold start (issue 13):
 * - the ~100 message locales of `z.locales` (a quarter of the app bundle once): only `en` is bundled, which zod
 *   registers itself (zod/v4/classic/schemas.js imports locales/en.js directly); `z.locales.de()` and the like are
 *   undefined in the package;
 * - `z.compile` and `z.withParser`, zod's ahead-of-time parser compiler (zod/v4/core/compile.js, 29 KB), and
 *   `z.fromJSONSchema` (12 KB), which build schemas from JSON Schema: the app parses with its schemas as written and
 *   only writes JSON Schema (`z.toJSONSchema`, for the OpenAPI document). In the package they are functions that throw
 *   (ZOD_LEFT_OUT), so a use added later fails loudly, and test/infra/package.test.ts fails on any use in the sources.
 * Together they make zod's part of a cold start about a quarter shorter.
 */
const ZOD_LEFT_OUT = {
  'core/compile.js': {
    functions: ['compile', 'compileFn', 'withParser'],
    // Re-exported by name (zod/v4/classic/external.js), so they must exist.
    extra:
      "export const INVALID = Symbol.for('zod.compile.invalid');\n" +
      'export class ZodCompileAsyncError extends Error {}\nexport class ZodCompileUnsupportedError extends Error {}',
  },
  'classic/from-json-schema.js': { functions: ['fromJSONSchema'], extra: '' },
};

const zodUnusedPartsPlugin = {
  name: 'zod-unused-parts',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';",
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
    build.onLoad(
      { filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/](core[\\/]compile|classic[\\/]from-json-schema)\.js$/ },
      (args) => {
        const part = args.path.split(path.sep).slice(-2).join('/');
        const { functions, extra } = ZOD_LEFT_OUT[part];
        const stubs = functions.map(
          (name) =>
            `export function ${name}() { throw new Error('zod ${name} is left out of the deployment package (scripts/package.js).'); }`,
        );
        return { contents: [...stubs, extra].join('\n'), loader: 'js' };
      },
    );
  },
};

/**
 * @typespec/ts-http-runtime's proxy policy requires https-proxy-agent and http-proxy-agent at its top. The app bundle
 * keeps that module without using it, through the `odata` import of @azure/data-tables (its index re-exports the
 * SDK's policies), and esbuild keeps a require() of a CommonJS package it cannot prove free of side effects: the agents,
 * with net, tls, http(s) and debug, would be loaded at every start. They have none at load (they define classes), so
 * they are declared side-effect free: an unused import of them is dropped, one the app bundle used would stay.
 */
const proxyAgentsWithoutSideEffectsPlugin = {
  name: 'proxy-agents-without-side-effects',
  setup(build) {
    build.onResolve({ filter: /^https?-proxy-agent$/ }, (args) => ({
      path: require.resolve(args.path, { paths: [args.resolveDir] }),
      sideEffects: false,
    }));
  },
};

/**
 * esbuild writes a map's source paths relative to where it wrote the bundle; rewrite them relative to where the
 * bundle sits in the zip (as if the zip were unpacked over the repository), e.g. ../shared/config.ts.
 */
function relocateSourceMap(mapText, builtAt, zipName) {
  const map = JSON.parse(mapText);
  const zipDir = path.join(repoRoot, path.dirname(zipName));
  map.sources = map.sources.map((source) =>
    // Leave URLs (a library's own map may name webpack://... sources) as they are.
    /^[a-z][a-z0-9+.-]*:/i.test(source)
      ? source
      : path
          .relative(zipDir, path.resolve(path.dirname(builtAt), source))
          .split(path.sep)
          .join('/'),
  );
  return JSON.stringify(map);
}

/** Runs one esbuild build and writes its bundle and map into the staging folder as `zipName` (+ .map). */
async function bundle(options, zipName) {
  const outfile = path.join(stageDir, zipName);
  let result;
  try {
    result = await esbuild.build({ ...sharedOptions, ...options, outfile });
  } catch (error) {
    const messages = (error.errors ?? []).map((e) => `${e.location?.file ?? ''}: ${e.text}`);
    throw new PackageError(`esbuild failed for ${zipName}:\n${messages.join('\n') || error.message}`);
  }
  // A require() esbuild cannot follow (a computed name) would only fail at run time, in Azure.
  const unfollowed = result.warnings.filter(
    (w) => /require|import/i.test(w.text) && !/(^|\/)node_modules\//.test(w.location?.file ?? ''),
  );
  if (unfollowed.length > 0) {
    throw new PackageError(`${zipName}: ${unfollowed.map((w) => `${w.location?.file}: ${w.text}`).join('\n')}`);
  }
  for (const file of result.outputFiles) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    const text = file.path.endsWith('.map') ? relocateSourceMap(file.text, file.path, zipName) : file.contents;
    fs.writeFileSync(file.path, text);
  }
  return [zipName, `${zipName}.map`];
}

async function bundleApp() {
  const imports = functionSources().map((file) => `import './functions/${file.replace(/\.ts$/, '')}';`);
  return bundle(
    {
      stdin: { contents: imports.join('\n'), resolveDir: repoRoot, sourcefile: 'app.ts', loader: 'ts' },
      tsconfig: path.join(repoRoot, 'tsconfig.build.json'),
      external: HOST_PROVIDED,
      plugins: [
        lazyPackagesPlugin,
        lazyStaticExportsPlugin,
        lazyDataFilesPlugin,
        zodUnusedPartsPlugin,
        proxyAgentsWithoutSideEffectsPlugin,
      ],
      // Minified names are not kept in the app bundle: keeping them wraps every function and class in a __name() call
      // at load, which made a cold start about 30 % slower (issue 13). Nothing in it reads a name of its own code:
      // zod reads constructor.name only of built-ins and for error messages, the Azure libraries recognise errors by
      // their explicit `name` strings, and stack traces name the .ts files through the source map.
      keepNames: false,
      // import() of a lazy package becomes require() of its bundle (in a promise), as tsc compiles it; a real import()
      // of a CommonJS file would only see the names Node's lexer can find in it.
      supported: { 'dynamic-import': false },
    },
    APP_BUNDLE,
  );
}

async function bundleLazyPackage(name) {
  return bundle(
    {
      // The file require() finds, so the bundle's module.exports is the package's, as require() would give it.
      entryPoints: [require.resolve(name, { paths: [repoRoot] })],
      external: HOST_PROVIDED,
      // Loaded on first use, so keeping function and class names costs no cold start: the SDKs and their
      // dependencies may read them (error and class names), as they would without the bundle.
      keepNames: true,
    },
    `${LAZY_DIR}/${LAZY_PACKAGES[name]}`,
  );
}

/** Copies the lazy data files into the staging folder; returns their zip names. */
function stageLazyDataFiles() {
  return LAZY_DATA_FILES.map((file) => {
    const zipName = `${LAZY_DIR}/${path.posix.basename(file)}`;
    fs.mkdirSync(path.dirname(path.join(stageDir, zipName)), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, file), path.join(stageDir, zipName));
    return zipName;
  });
}

// ---- app root ----

/** The app's package.json for Azure: the worker reads "main"; nothing is left for a remote build to install. */
function writeAppManifest() {
  const source = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const manifest = {
    name: source.name,
    version: source.version,
    description: source.description,
    private: true,
    license: source.license,
    type: 'commonjs',
    main: APP_BUNDLE,
    engines: source.engines,
    // Everything the app loads is in the bundles; @azure/functions-core comes with the worker.
    dependencies: {},
  };
  fs.writeFileSync(path.join(stageDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return ['package.json'];
}

function copyHostJson() {
  const source = path.join(repoRoot, 'host.json');
  if (!fs.existsSync(source)) throw new PackageError('host.json is missing at the repository root.');
  fs.copyFileSync(source, path.join(stageDir, 'host.json'));
  return ['host.json'];
}

// ---- console ----

const CONSOLE_DIR = 'dist/console';

/** Builds the agent console afresh and stages what its page loads: index.html and the hashed files under assets/. */
function stageConsole() {
  runOrFail('npm', ['run', 'build:console'], repoRoot);
  const built = path.join(repoRoot, CONSOLE_DIR);
  const assets = fs.readdirSync(path.join(built, 'assets')).map((file) => `assets/${file}`);
  const names = ['index.html', ...assets].map((file) => `${CONSOLE_DIR}/${file}`);
  for (const name of names) {
    fs.mkdirSync(path.dirname(path.join(stageDir, name)), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, name), path.join(stageDir, name));
  }
  return names;
}

// ---- zip ----

/** The DOS timestamp's first day, in local time as zip stores it, so the same inputs give the same bytes in any zone. */
const FIXED_MTIME = new Date(1980, 0, 1);

/** Writes `names` (staging-relative paths, in this order) into a zip at `zipPath` with yazl; returns the entry count. */
function writeZip(zipPath, names) {
  const zip = new yazl.ZipFile();
  for (const name of names) {
    zip.addFile(path.join(stageDir, name), name, {
      mtime: FIXED_MTIME,
      mode: 0o100644,
      compressionLevel: 9,
      forceDosTimestamp: true,
    });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream.on('error', reject);
    zip.outputStream
      .pipe(fs.createWriteStream(zipPath))
      .on('error', reject)
      .on('close', () => resolve(names.length));
  });
}

// ---- main ----

async function main() {
  const { name } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const zipPath = path.join(packageDir, `${name}.zip`);
  fs.rmSync(stageDir, { recursive: true, force: true });
  fs.mkdirSync(stageDir, { recursive: true });

  // --no-typecheck: for callers that have just run the type check themselves (npm run bench builds first).
  if (!process.argv.includes('--no-typecheck')) runOrFail('npm', ['run', 'build:server', '--', '--noEmit'], repoRoot);
  const bundles = [await bundleApp()];
  for (const lazy of Object.keys(LAZY_PACKAGES)) bundles.push(await bundleLazyPackage(lazy));

  const names = [
    ...copyHostJson(),
    ...writeAppManifest(),
    ...bundles.flat(),
    ...stageLazyDataFiles(),
    ...stageConsole(),
  ].sort();
  fs.rmSync(zipPath, { force: true });
  const count = await writeZip(zipPath, names);
  fs.rmSync(stageDir, { recursive: true, force: true });

  const megabytes = (fs.statSync(zipPath).size / 1024 / 1024).toFixed(1);
  console.log(`Wrote ${path.relative(repoRoot, zipPath)} (${count} files, ${megabytes} MiB).`);
}

main().catch((error) => {
  if (!(error instanceof PackageError)) throw error;
  console.error(`package failed: ${error.message}`);
  process.exitCode = 1;
});
