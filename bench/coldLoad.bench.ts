import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, runStandalone } from './stats';
import type { Bench, BenchResult } from './types';

const root = join(__dirname, '..');
const runs = 7;

/**
 * Loads modules in a fresh Node process the way the Functions worker does on a cold start (require of every file that
 * package.json `main` names, with @azure/functions-core provided) and prints the milliseconds it took.
 */
function timeFreshLoad(what: 'app' | 'library'): number {
  const main = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string }).main;
  const hostModule = JSON.stringify(join(root, 'dist/scripts/localHost/functionApp.js'));
  const load =
    what === 'app'
      ? `const host = require(${hostModule}); host.loadFunctionApp(host.functionFilesFor(${JSON.stringify(main)}, ${JSON.stringify(root)}));`
      : `require('@azure/functions');`;
  const script = `
    const started = process.hrtime.bigint();
    ${load}
    process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  `;
  const output = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  return (JSON.parse(output) as { ms: number }).ms;
}

export const coldLoadBench: Bench = {
  name: 'coldLoad',
  async run(): Promise<BenchResult> {
    const app: number[] = [];
    const library: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      app.push(timeFreshLoad('app'));
      library.push(timeFreshLoad('library'));
    }
    const coldLoadMs = Number(median(app).toFixed(1));
    const libraryMs = Number(median(library).toFixed(1));
    const ratio = Number((coldLoadMs / libraryMs).toFixed(2));
    return {
      rows: [
        {
          benchmark: 'coldLoad',
          metric: 'coldLoadMs (all function modules, fresh process)',
          value: `${coldLoadMs} ms`,
          target: '< 300 ms',
        },
        { benchmark: 'coldLoad', metric: '@azure/functions alone (peer baseline)', value: `${libraryMs} ms` },
        { benchmark: 'coldLoad', metric: 'coldLoadVsBareLibrary', value: `${ratio}x` },
      ],
      figures: { coldLoadMs, coldLoadLibraryOnlyMs: libraryMs, coldLoadVsBareLibrary: ratio },
    };
  },
};

if (require.main === module) runStandalone(coldLoadBench);
