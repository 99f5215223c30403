import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fromBufferPromise } from 'yauzl';
import { functionFilesFor } from '../scripts/localHost/functionApp';
import { median, runStandalone } from './stats';
import type { Bench, BenchResult } from './types';

const root = join(__dirname, '..');
const runs = 7;

interface Package {
  /** The zip, unpacked into an empty temporary folder. */
  dir: string;
  bytes: number;
  files: number;
  /** The files its package.json `main` names, as the worker expands it. */
  mainFiles: string[];
}

/** Builds the deployment zip (npm run package; `npm run bench` has just type-checked) and unpacks it. */
async function buildPackage(): Promise<Package> {
  execFileSync(process.execPath, [join(root, 'scripts', 'package.js'), '--no-typecheck'], { cwd: root, stdio: 'pipe' });
  const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
  const zip = readFileSync(join(root, 'dist', 'package', `${name}.zip`));
  const dir = mkdtempSync(join(tmpdir(), 'cold-load-'));
  const zipFile = await fromBufferPromise(zip, { strictFileNames: true, validateEntrySizes: true });
  let files = 0;
  for await (const entry of zipFile.eachEntry()) {
    const content = Buffer.concat(await (await zipFile.openReadStreamPromise(entry)).toArray());
    mkdirSync(dirname(join(dir, entry.fileName)), { recursive: true });
    writeFileSync(join(dir, entry.fileName), content);
    files += 1;
  }
  const { main } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main: string };
  return { dir, bytes: zip.length, files, mainFiles: functionFilesFor(main, dir) };
}

/**
 * A preload that makes `require('@azure/functions-core')` find the local host's stand-in, as the worker makes it find
 * its own; it lives outside the unpacked package, which holds nothing else.
 */
function writeFunctionsCoreHook(dir: string): string {
  const standIn = join(root, 'dist', 'scripts', 'localHost', 'functionsCore.js');
  const hook = join(dir, 'provideFunctionsCore.js');
  writeFileSync(
    hook,
    `const Module = require('node:module');
const original = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === '@azure/functions-core' ? ${JSON.stringify(standIn)} : original.call(this, request, ...rest);
};
`,
  );
  return hook;
}

interface FreshLoad {
  ms: number;
  /** zod schema instances built while loading. */
  schemas: number;
}

/**
 * Loads modules in a fresh Node process the way the Functions worker does on a cold start (require of every file that
 * package.json `main` names, with @azure/functions-core provided) and prints the milliseconds it took. It also counts
 * the zod schema instances built meanwhile, through zod's global post-processor hook (`__zod_globalConfig`, which
 * zod reads for every schema it constructs; `zod/compile` installs itself there): schemas are lazy
 * (shared/domain/builtSchema.ts), so this shows when a module starts building them at load again.
 */
function timeFreshLoad(files: string[], cwd: string, hook: string): FreshLoad {
  const script = `
    const files = JSON.parse(process.argv[1]);
    let schemas = 0;
    globalThis.__zod_globalConfig = { postProcessor() { schemas += 1; } };
    const started = process.hrtime.bigint();
    for (const file of files) require(file);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(JSON.stringify({ ms, schemas }));
  `;
  const output = execFileSync(process.execPath, ['--require', hook, '-e', script, JSON.stringify(files)], {
    cwd,
    encoding: 'utf8',
  });
  return JSON.parse(output) as FreshLoad;
}

export const coldLoadBench: Bench = {
  name: 'coldLoad',
  async run(): Promise<BenchResult> {
    const pkg = await buildPackage();
    const scratch = mkdtempSync(join(tmpdir(), 'cold-load-hook-'));
    try {
      const hook = writeFunctionsCoreHook(scratch);
      const unbundledMain = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string }).main;
      const unbundledFiles = functionFilesFor(unbundledMain, root);
      const library = [require.resolve('@azure/functions', { paths: [root] })];
      const bundled: number[] = [];
      const unbundled: number[] = [];
      const libraryOnly: number[] = [];
      let schemasAtLoad = 0;
      // Interleaved, so a busy moment on the machine weighs on all three alike.
      for (let run = 0; run < runs; run += 1) {
        const load = timeFreshLoad(pkg.mainFiles, pkg.dir, hook);
        bundled.push(load.ms);
        schemasAtLoad = load.schemas;
        libraryOnly.push(timeFreshLoad(library, root, hook).ms);
        unbundled.push(timeFreshLoad(unbundledFiles, root, hook).ms);
      }
      const coldLoadMs = Number(median(bundled).toFixed(1));
      const libraryMs = Number(median(libraryOnly).toFixed(1));
      const unbundledMs = Number(median(unbundled).toFixed(1));
      const ratio = Number((coldLoadMs / libraryMs).toFixed(2));
      const packageBytes = pkg.bytes;
      const packageFiles = pkg.files;
      return {
        rows: [
          {
            benchmark: 'coldLoad',
            metric: 'coldLoadMs (the deployment zip: every file its main names, fresh process)',
            value: `${coldLoadMs} ms`,
            target: '<= 120 ms',
          },
          { benchmark: 'coldLoad', metric: '@azure/functions alone (peer baseline)', value: `${libraryMs} ms` },
          { benchmark: 'coldLoad', metric: 'coldLoadVsBareLibrary', value: `${ratio}x` },
          {
            benchmark: 'coldLoad',
            metric: 'coldLoadSchemasBuilt (zod schema instances built at load)',
            value: String(schemasAtLoad),
          },
          {
            benchmark: 'coldLoad',
            metric: 'unbundled: tsc output dist/functions/*.js with node_modules',
            value: `${unbundledMs} ms`,
          },
          {
            benchmark: 'coldLoad',
            metric: 'packageBytes (deployment zip)',
            value: `${(packageBytes / 1e6).toFixed(2)} MB`,
            target: '<= 3 MB',
          },
          { benchmark: 'coldLoad', metric: 'packageFiles', value: String(packageFiles), target: '<= 100' },
        ],
        figures: {
          coldLoadMs,
          coldLoadLibraryOnlyMs: libraryMs,
          coldLoadVsBareLibrary: ratio,
          coldLoadSchemasBuilt: schemasAtLoad,
          coldLoadUnbundledMs: unbundledMs,
          packageBytes,
          packageFiles,
        },
      };
    } finally {
      rmSync(pkg.dir, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

if (require.main === module) runStandalone(coldLoadBench);
