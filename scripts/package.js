'use strict';
// Produces the deployable function app package dist/package/<name>.zip:
//   host.json, package.json             app root (package.json "main" points at dist/functions/*.js)
//   dist/functions/**, dist/shared/**   compiled by `npm run build`, into a fresh staging folder
//   node_modules/**                     production dependencies only (npm ci --omit=dev)
// Nothing else: no TypeScript sources, tests, benches, infra or dev tooling. The zip is written with
// Node's zlib so the script needs no `zip` binary, and entries are sorted with a fixed timestamp so the
// same inputs give the same bytes.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

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
    throw new PackageError(`${command} ${args.join(' ')} failed${result.error ? `: ${result.error.message}` : ` (exit ${result.status})`}.`);
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

// ---- zip writer (PKZIP 2.0: deflate or store, no zip64) ----

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const ZIP_LIMIT = 0xffffffff;
const DOS_DATE_1980_01_01 = (1 << 5) | 1;
const UTF8_NAMES = 0x0800;
const MADE_BY_UNIX = (3 << 8) | 20;

/** Writes `names` (staging-relative paths) into a zip at `zipPath`; returns the entry count. */
function writeZip(zipPath, names) {
  if (names.length > 0xffff) throw new PackageError(`${names.length} files exceed the 65535 entries of a zip without zip64.`);
  const fd = fs.openSync(zipPath, 'w');
  const central = [];
  let offset = 0;
  const write = (buffer) => {
    fs.writeSync(fd, buffer);
    offset += buffer.length;
  };
  try {
    for (const name of names) {
      const fullPath = path.join(stageDir, name);
      const data = fs.readFileSync(fullPath);
      const deflated = zlib.deflateRawSync(data, { level: 9 });
      const method = deflated.length < data.length ? 8 : 0;
      const body = method === 8 ? deflated : data;
      if (data.length >= ZIP_LIMIT || offset + body.length >= ZIP_LIMIT) throw new PackageError('Package exceeds 4 GiB.');
      const nameBytes = Buffer.from(name, 'utf8');
      const crc = crc32(data);
      const mode = fs.statSync(fullPath).mode & 0o111 ? 0o100755 : 0o100644;

      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(UTF8_NAMES, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt16LE(0, 10);
      local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(nameBytes.length, 26);
      local.writeUInt16LE(0, 28);

      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(MADE_BY_UNIX, 4);
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(UTF8_NAMES, 8);
      header.writeUInt16LE(method, 10);
      header.writeUInt16LE(0, 12);
      header.writeUInt16LE(DOS_DATE_1980_01_01, 14);
      header.writeUInt32LE(crc, 16);
      header.writeUInt32LE(body.length, 20);
      header.writeUInt32LE(data.length, 24);
      header.writeUInt16LE(nameBytes.length, 28);
      header.writeUInt32LE((mode << 16) >>> 0, 38);
      header.writeUInt32LE(offset, 42);
      central.push(header, nameBytes);

      write(local);
      write(nameBytes);
      write(body);
    }
    const centralStart = offset;
    for (const part of central) write(part);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(names.length, 8);
    end.writeUInt16LE(names.length, 10);
    end.writeUInt32LE(offset - centralStart, 12);
    end.writeUInt32LE(centralStart, 16);
    write(end);
  } finally {
    fs.closeSync(fd);
  }
  return names.length;
}

// ---- main ----

function main() {
  const { name } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const zipPath = path.join(packageDir, `${name}.zip`);
  fs.rmSync(stageDir, { recursive: true, force: true });
  fs.mkdirSync(stageDir, { recursive: true });

  copyAppRootFiles();
  compileInto(path.join(stageDir, 'dist'));
  runOrFail('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], stageDir);

  const names = [...APP_ROOT_FILES, ...COMPILED_DIRS.flatMap(filesUnder), ...filesUnder(DEPENDENCIES_DIR)].sort();
  fs.rmSync(zipPath, { force: true });
  const count = writeZip(zipPath, names);
  fs.rmSync(stageDir, { recursive: true, force: true });

  const megabytes = (fs.statSync(zipPath).size / 1024 / 1024).toFixed(1);
  console.log(`Wrote ${path.relative(repoRoot, zipPath)} (${count} files, ${megabytes} MiB).`);
}

try {
  main();
} catch (error) {
  if (!(error instanceof PackageError)) throw error;
  console.error(`package failed: ${error.message}`);
  process.exitCode = 1;
}
