import { readFileSync } from 'node:fs';

/** The parts of a V8 `.cpuprofile` (node --cpu-prof, or the inspector's Profiler.stop) that a self-time summary needs. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  /** Microseconds on the monotonic clock that process.hrtime uses too, so windows can be taken from another process. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  function: string;
  /** Shortened file and 1-based line: `dist/shared/...:12`, `node_modules/<package>/...`, `node:internal/...`. */
  location: string;
  selfMs: number;
  /** Share of the busy time (everything but `(idle)`) in the window. */
  percent: number;
}

export interface ProfileSummary {
  /** Sampled time in the window, idle included. */
  windowMs: number;
  busyMs: number;
  top: SelfTime[];
  /** Busy time by where the code lives: the app, each package under node_modules, Node.js itself, GC and the rest. */
  byArea: Array<{ area: string; selfMs: number; percent: number }>;
  /**
   * The app's own functions (files outside node_modules and Node.js) by inclusive time: samples with the function
   * anywhere on the stack. An async function counts only while it runs, not while it awaits.
   */
  appInclusive: Array<{ function: string; location: string; totalMs: number; percent: number }>;
}

/** A monotonic timestamp in microseconds, comparable with a profile's sample times (also across processes). */
export const monotonicMicros = (): number => Number(process.hrtime.bigint() / 1000n);

function shortLocation(url: string, root: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (inPackage) return `node_modules/${inPackage[1]}/${inPackage[2]}`;
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

function areaOf(functionName: string, url: string, root: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (inPackage) return inPackage[1] ?? url;
  if (url.startsWith('node:')) return 'node:*';
  const path = url.replace(/^file:\/\//, '');
  return path.startsWith(`${root}/`)
    ? path
        .slice(root.length + 1)
        .split('/')
        .slice(0, 2)
        .join('/')
    : path;
}

/**
 * Self time per function in a CPU profile, optionally only for samples taken between two monotonic instants (see
 * monotonicMicros): the top `count` functions and the busy time by area.
 */
export function summarizeProfile(
  file: string,
  root: string,
  window?: { fromMicros: number; toMicros: number },
  count = 15,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const selfMicros = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (window && (at < window.fromMicros || at > window.toMicros)) return;
    selfMicros.set(nodeId, (selfMicros.get(nodeId) ?? 0) + delta);
  });

  const byFunction = new Map<string, SelfTime>();
  const byArea = new Map<string, number>();
  let totalMicros = 0;
  let idleMicros = 0;
  for (const [nodeId, micros] of selfMicros) {
    const frame = nodes.get(nodeId);
    if (!frame) continue;
    totalMicros += micros;
    if (frame.functionName === '(idle)') {
      idleMicros += micros;
      continue;
    }
    const location = frame.url ? `${shortLocation(frame.url, root)}:${frame.lineNumber + 1}` : '';
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${location}`;
    const entry = byFunction.get(key) ?? { function: name, location, selfMs: 0, percent: 0 };
    entry.selfMs += micros / 1000;
    byFunction.set(key, entry);
    const area = areaOf(name, frame.url, root);
    byArea.set(area, (byArea.get(area) ?? 0) + micros / 1000);
  }
  const busyMs = (totalMicros - idleMicros) / 1000;

  const inclusive = new Map<string, { function: string; location: string; micros: number }>();
  for (const [nodeId, micros] of selfMicros) {
    const seen = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parents.get(id)) {
      const frame = nodes.get(id);
      if (!frame?.url || frame.url.includes('node_modules') || frame.url.startsWith('node:')) continue;
      const location = `${shortLocation(frame.url, root)}:${frame.lineNumber + 1}`;
      const name = frame.functionName || '(anonymous)';
      const key = `${name} ${location}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = inclusive.get(key) ?? { function: name, location, micros: 0 };
      entry.micros += micros;
      inclusive.set(key, entry);
    }
  }
  const share = (ms: number): number => Number(((100 * ms) / Math.max(busyMs, 1e-9)).toFixed(1));
  return {
    windowMs: Math.round(totalMicros / 1000),
    busyMs: Math.round(busyMs),
    top: [...byFunction.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, count)
      .map((entry) => ({ ...entry, selfMs: Math.round(entry.selfMs), percent: share(entry.selfMs) })),
    byArea: [...byArea]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([area, ms]) => ({ area, selfMs: Math.round(ms), percent: share(ms) })),
    appInclusive: [...inclusive.values()]
      .filter((entry) => entry.function !== '(anonymous)')
      .sort((a, b) => b.micros - a.micros)
      .slice(0, count)
      .map((entry) => ({
        function: entry.function,
        location: entry.location,
        totalMs: Math.round(entry.micros / 1000),
        percent: share(entry.micros / 1000),
      })),
  };
}
