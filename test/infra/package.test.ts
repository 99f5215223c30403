import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { fromBufferPromise } from 'yauzl';
import { z } from 'zod';

const repoRoot = path.resolve(__dirname, '..', '..');
const packageName = z
  .object({ name: z.string() })
  .parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'))).name;
const zipPath = path.join(repoRoot, 'dist', 'package', `${packageName}.zip`);

/** Compiles the whole project and installs production dependencies from the npm cache or registry. */
const packagingTimeoutMs = 10 * 60_000;

const lockSchema = z.object({
  packages: z.record(z.string(), z.object({ dev: z.boolean().optional() })),
});
const manifestSchema = z.object({ dependencies: z.record(z.string(), z.string()).default({}) });

/** Name → content of every file in the package, as yauzl (an unzip library independent of the writer) reads it. */
let files: Map<string, Buffer>;
let names: string[];

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
  files = await unzip(fs.readFileSync(zipPath));
  names = [...files.keys()];
  const packages = new Set(
    names.filter((n) => n.endsWith('/package.json') && n.startsWith('node_modules/')).map(packageOf),
  );
  console.log(`${output.trim().split('\n').at(-1)}\nnode_modules: ${packages.size} packages.`);
}, packagingTimeoutMs);

function entryContent(name: string): Buffer {
  const content = files.get(name);
  if (!content) throw new Error(`${name} is not in the package`);
  return content;
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

/** The zip entry a relative require from `from` loads, as Node resolves it: the file, .js, .json or a folder's index.js. */
function resolveInZip(from: string, specifier: string): string | undefined {
  const base = path.posix.join(path.posix.dirname(from), specifier);
  return [base, `${base}.js`, `${base}.json`, `${base}/index.js`].find((candidate) => files.has(candidate));
}

/**
 * Follows require() from every dist/functions/*.js through the app's own compiled files in the zip (tsc compiles
 * static and dynamic imports to require("...")). Returns the npm packages the app loads, with the file that loads
 * each, and any require the zip cannot satisfy.
 */
function walkRequireGraph(): { packages: Map<string, string>; unresolved: string[] } {
  const packages = new Map<string, string>();
  const unresolved: string[] = [];
  const pending = names.filter((n) => /^dist\/functions\/[^/]+\.js$/.test(n));
  const seen = new Set(pending);
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (!file.endsWith('.js')) continue;
    const code = entryContent(file).toString('utf8');
    if (/\brequire\(\s*[^'"\s]/.test(code)) unresolved.push(`${file}: require() of a computed name cannot be followed`);
    for (const [, , specifier = ''] of code.matchAll(/\brequire\((['"])([^'"]+)\1\)/g)) {
      if (specifier.startsWith('.')) {
        const target = resolveInZip(file, specifier);
        if (target === undefined) unresolved.push(`${file}: require('${specifier}') is not in the package`);
        else if (!seen.has(target)) {
          seen.add(target);
          pending.push(target);
        }
      } else if (!isBuiltin(specifier) && !packages.has(packageOf(specifier))) {
        packages.set(packageOf(specifier), file);
      }
    }
  }
  return { packages, unresolved };
}

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

describe('npm run package', () => {
  it('when read back with yauzl, then every entry has a safe name, its recorded size and CRC-32, and none repeats', () => {
    // unzip() has checked each entry as it read it; a failure there fails every test of this file.
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
  });

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

  it('given shared/, when packaged, then its compiled code and its JSON data (resources, default triage rules) are shipped', () => {
    const expected = sourceFiles('shared', '.ts').map((file) => `dist/${file.replace(/\.ts$/, '.js')}`);
    const data = sourceFiles('shared', '.json');
    expect(data).toEqual(expect.arrayContaining(['shared/resources.json', 'shared/domain/triage/defaultRules.json']));
    expect(names).toEqual(expect.arrayContaining([...expected, ...data.map((file) => `dist/${file}`)]));
    // tsc re-emits JSON modules with its own formatting; the content must be the same.
    for (const file of data) {
      expect(JSON.parse(entryContent(`dist/${file}`).toString('utf8'))).toEqual(
        JSON.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')),
      );
    }
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

  describe('runtime dependencies, from the require graph of dist/functions/*.js in the zip', () => {
    let loaded: Map<string, string>;
    let declared: string[];
    beforeAll(() => {
      const graph = walkRequireGraph();
      expect(graph.unresolved).toEqual([]);
      loaded = graph.packages;
      declared = Object.keys(
        manifestSchema.parse(JSON.parse(entryContent('package.json').toString('utf8'))).dependencies,
      );
    });

    it('when followed, then the functions load packages through shared/ (the walk sees the app)', () => {
      expect([...loaded.keys()]).toEqual(expect.arrayContaining(['@azure/functions', 'zod']));
    });

    it('given a package the app loads, then it is a dependency and shipped in node_modules, so it is there in Azure', () => {
      const undeclared = [...loaded]
        .filter(([name]) => !declared.includes(name))
        .map(([name, by]) => `${name} (by ${by})`);
      expect(undeclared).toEqual([]);
      expect([...loaded.keys()].filter((name) => !files.has(`node_modules/${name}/package.json`))).toEqual([]);
    });

    it('given package.json dependencies, then each is loaded by the functions: nothing only the local host, scripts or tests use', () => {
      expect(declared.filter((name) => !loaded.has(name))).toEqual([]);
    });

    it('given the packages scripts/ (the local host) and test/ import that the app does not, then none of them is a dependency', () => {
      const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')));
      const imported = [...packagesImportedBy('scripts'), ...packagesImportedBy('test')];
      expect(imported).toEqual(expect.arrayContaining(['@azure/functions', 'yauzl']));
      const toolingOnly = imported.filter((name) => !loaded.has(name));
      expect(toolingOnly.filter((name) => name in manifest.dependencies)).toEqual([]);
    });
  });
});
