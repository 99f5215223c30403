import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readZipEntries, readZipEntry, type ZipEntry } from './zipEntries';

const repoRoot = path.resolve(__dirname, '..', '..');
const packageName = z.object({ name: z.string() }).parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'))).name;
const zipPath = path.join(repoRoot, 'dist', 'package', `${packageName}.zip`);

/** Compiles the whole project and installs production dependencies from the npm cache or registry. */
const packagingTimeoutMs = 10 * 60_000;

const lockSchema = z.object({
  packages: z.record(z.string(), z.object({ dev: z.boolean().optional() })),
});

let zip: Buffer;
let entries: ZipEntry[];
let names: string[];

beforeAll(() => {
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'package.js')], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: 'pipe',
      timeout: packagingTimeoutMs,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run package failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  zip = fs.readFileSync(zipPath);
  entries = readZipEntries(zip);
  names = entries.map((e) => e.name);
}, packagingTimeoutMs);

function entryContent(name: string): Buffer {
  const entry = entries.find((e) => e.name === name);
  if (!entry) throw new Error(`${name} is not in the package`);
  return readZipEntry(zip, entry);
}

/** Repository-relative paths of the files under `dir` whose name ends with `suffix`. */
function sourceFiles(dir: string, suffix: string): string[] {
  return fs
    .readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .map((file) => `${dir}/${file.split(path.sep).join('/')}`);
}

describe('npm run package', () => {
  it('given the repository, when packaged, then host.json and package.json sit at the zip root unchanged', () => {
    for (const file of ['host.json', 'package.json']) {
      expect(entryContent(file).equals(fs.readFileSync(path.join(repoRoot, file)))).toBe(true);
    }
  });

  it('given functions/*.ts, when packaged, then each is shipped compiled as dist/functions/*.js, where package.json main points', () => {
    const functionSources = sourceFiles('functions', '.ts');
    expect(functionSources.length).toBeGreaterThan(0);
    const expected = functionSources.map((file) => `dist/${file.replace(/\.ts$/, '.js')}`);
    expect(names.filter((n) => n.startsWith('dist/functions/')).sort()).toEqual(expected.sort());
  });

  it('given shared/, when packaged, then its compiled code and resources.json are shipped', () => {
    const expected = sourceFiles('shared', '.ts').map((file) => `dist/${file.replace(/\.ts$/, '.js')}`);
    expect(names).toEqual(expect.arrayContaining([...expected, 'dist/shared/resources.json']));
    // tsc re-emits JSON modules with its own formatting; the content must be the same.
    expect(JSON.parse(entryContent('dist/shared/resources.json').toString('utf8'))).toEqual(
      JSON.parse(fs.readFileSync(path.join(repoRoot, 'shared', 'resources.json'), 'utf8')),
    );
  });

  it('when packaged, then nothing but the app root files, compiled code and dependencies is shipped: no sources, tests, benches, infra or tooling', () => {
    const appFiles = names.filter((n) => !n.startsWith('node_modules/'));
    for (const name of appFiles) {
      expect(name).toMatch(/^(host\.json|package\.json|dist\/(functions|shared)\/.+\.(js|json))$/);
    }
    for (const name of names) {
      expect(name).not.toMatch(/^\/|(^|\/)\.\.(\/|$)|\\/);
    }
  });

  it('given package-lock.json, when packaged, then node_modules holds every production dependency and no development-only one', () => {
    const lock = lockSchema.parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')));
    const installed = Object.entries(lock.packages).filter(([location]) => location.startsWith('node_modules/'));
    const shipped = (location: string): boolean => names.some((n) => n.startsWith(`${location}/`));

    const production = installed.filter(([, entry]) => !entry.dev).map(([location]) => location);
    const developmentOnly = installed.filter(([, entry]) => entry.dev).map(([location]) => location);
    expect(production.length).toBeGreaterThan(0);
    expect(production.filter((location) => !shipped(location))).toEqual([]);
    expect(developmentOnly.filter(shipped)).toEqual([]);
  });

  it('when packaged, then every entry decompresses to the size and CRC-32 its directory records', () => {
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(() => readZipEntry(zip, entry)).not.toThrow();
  });
});
