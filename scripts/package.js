'use strict';
// Produces the deployable function app package dist/package/<name>.zip:
//   host.json, package.json             app root (package.json "main" points at dist/functions/*.js)
//   dist/functions/**, dist/shared/**   compiled by `npm run build`, into a fresh staging folder
//   node_modules/**                     production dependencies only (npm ci --omit=dev)
// Nothing else: no TypeScript sources, tests, benches, infra or dev tooling. The zip is written with yazl
// (a devDependency: packaging runs where dev tooling is installed), and entries are sorted with a fixed
// timestamp and mode so the same inputs give the same bytes.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const yazl = require('yazl');

const repoRoot = path.resolve(__dirname, '..');
const packageDir = path.join(repoRoot, 'dist', 'package');
const stageDir = path.join(packageDir, 'staging');

/** What goes into the zip, relative to the staging folder. */
const APP_ROOT_FILES = ['host.json', 'package.json'];
const COMPILED_DIRS = ['dist/functions', 'dist/shared'];
const DEPENDENCIES_DIR = 'node_modules';

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

function copyAppRootFiles() {
  for (const file of [...APP_ROOT_FILES, 'package-lock.json']) {
    const source = path.join(repoRoot, file);
    if (!fs.existsSync(source)) {
      throw new PackageError(`${file} is missing at the repository root; a function app package needs it.`);
    }
    fs.copyFileSync(source, path.join(stageDir, file));
  }
}

function compileInto(outDir) {
  // The project's own build, with its output redirected so stale files in dist/ can never be shipped.
  runOrFail('npm', ['run', 'build', '--', '--outDir', outDir], repoRoot);
  const functionsDir = path.join(outDir, 'functions');
  const entryPoints = fs.existsSync(functionsDir) ? fs.readdirSync(functionsDir).filter((f) => f.endsWith('.js')) : [];
  if (entryPoints.length === 0) {
    throw new PackageError('The build produced no dist/functions/*.js: there is no function to deploy.');
  }
}

/** @returns {string[]} staging-relative paths (forward slashes) of the regular files under `relativeDir`. */
function filesUnder(relativeDir) {
  const found = [];
  const walk = (relative) => {
    for (const entry of fs.readdirSync(path.join(stageDir, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      // .bin holds symlinks to CLIs; the app never runs them.
      if (entry.isDirectory() && !(relative === DEPENDENCIES_DIR && entry.name === '.bin')) walk(child);
      else if (entry.isFile()) found.push(child);
    }
  };
  walk(relativeDir);
  return found;
}

// ---- zip ----

/** The DOS timestamp's first day, in local time as zip stores it, so the same inputs give the same bytes in any zone. */
const FIXED_MTIME = new Date(1980, 0, 1);

/** Writes `names` (staging-relative paths, in this order) into a zip at `zipPath` with yazl; returns the entry count. */
function writeZip(zipPath, names) {
  const zip = new yazl.ZipFile();
  for (const name of names) {
    const fullPath = path.join(stageDir, name);
    const mode = fs.statSync(fullPath).mode & 0o111 ? 0o100755 : 0o100644;
    zip.addFile(fullPath, name, { mtime: FIXED_MTIME, mode, compressionLevel: 9, forceDosTimestamp: true });
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

  copyAppRootFiles();
  compileInto(path.join(stageDir, 'dist'));
  runOrFail('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], stageDir);

  const names = [...APP_ROOT_FILES, ...COMPILED_DIRS.flatMap(filesUnder), ...filesUnder(DEPENDENCIES_DIR)].sort();
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
