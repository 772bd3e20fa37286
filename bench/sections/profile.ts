// Where the engine's time goes on the large pack: V8's sampling CPU profiler around exactly three
// phases in a fresh process (bench/children/profile.ts) — loading the YAML packs, building the index,
// and answering the benchmark's queries — summarised per function (self time; inclusive time, i.e. the
// function plus everything it called) and, for the hottest functions, per source line. The raw
// .cpuprofile files are kept in bench/results/ for Chrome DevTools or speedscope.
//
// The child loads TypeScript through bench/lib/ts-loader.mjs (unminified, with source maps) rather
// than tsx, so line-level ticks point at real source lines.
import { readFileSync } from 'node:fs';
import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { REPO_ROOT, runJsonChild } from '../lib/child.ts';

export interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}

export interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionTime {
  fn: string;
  ms: number;
  share: number;
}

export interface HotLine {
  line: number;
  /** Share of the function's own (self) time spent on this line. */
  share: number;
  code: string;
}

export interface PhaseProfile {
  totalMs: number;
  samples: number;
  topSelf: FunctionTime[];
  topInclusive: FunctionTime[];
  /** Self time grouped by where the code lives (engine.ts, text.ts, fuse.js, GC, …). */
  byModule: FunctionTime[];
  /** For the hottest functions of ours: which source lines their self time is spent on. */
  hotLines: { fn: string; selfMs: number; lines: HotLine[] }[];
  file: string;
}

export interface ProfileResult {
  topics: number;
  queries: number;
  load: PhaseProfile;
  build: PhaseProfile;
  answer: PhaseProfile;
}

function moduleOf(url: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (m) return m[1]!;
  return relative(REPO_ROOT, path) || path;
}

/** Generated (0-based) line → source (1-based) line, through the module's inline source map. */
function sourceLine(url: string, generatedLine: number): number {
  try {
    const map = url.startsWith('file://') ? findSourceMap(url) : undefined;
    if (!map) return generatedLine + 1;
    // The first mapping on that generated line: scan columns until an entry starts on it.
    for (let column = 0; column < 400; column += 2) {
      const entry = map.findEntry(generatedLine, column);
      if ('generatedLine' in entry && entry.generatedLine === generatedLine && typeof entry.originalLine === 'number') return entry.originalLine + 1;
    }
  } catch {
    // no usable source map: fall back to the generated line
  }
  return generatedLine + 1;
}

const sourceCache = new Map<string, string[]>();
function codeAt(url: string, line: number): string {
  try {
    let lines = sourceCache.get(url);
    if (!lines) sourceCache.set(url, (lines = readFileSync(fileURLToPath(url), 'utf8').split('\n')));
    const code = (lines[line - 1] ?? '').trim();
    return code.length > 90 ? `${code.slice(0, 87)}…` : code;
  } catch {
    return '';
  }
}

function top(map: Map<string, number>, total: number, n: number): FunctionTime[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([fn, us]) => ({ fn, ms: us / 1000, share: us / total }));
}

/** Code under test: ours (src/) and the libraries it calls. */
const OURS = / (answer|knowledge)\/|fuse\.js|stemmer|yaml|zod/;

export function summarizeProfile(profile: CpuProfile, file: string): PhaseProfile {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const labels = new Map(
    profile.nodes.map((n) => {
      const { functionName, url, lineNumber } = n.callFrame;
      if (functionName.startsWith('(')) return [n.id, functionName]; // (garbage collector), (program), (idle), (root)
      const where = url ? `${moduleOf(url).replace(/^src\/core\//, '')}:${sourceLine(url, lineNumber)}` : 'native';
      return [n.id, `${functionName || '(anonymous)'} ${where}`];
    }),
  );
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const modules = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    // A sample's weight is the time until the next one.
    const us = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    if (name === '(idle)') return;
    total += us;
    const leaf = labels.get(id)!;
    self.set(leaf, (self.get(leaf) ?? 0) + us);
    const mod = name.startsWith('(') ? name : moduleOf(node.callFrame.url);
    modules.set(mod, (modules.get(mod) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const label = labels.get(cur)!;
      if (seen.has(label)) continue;
      seen.add(label);
      inclusive.set(label, (inclusive.get(label) ?? 0) + us);
    }
  });

  // Line-level self time of the hottest functions of ours (V8 records ticks per generated line).
  const topSelf = top(self, total, 12);
  const hotLines: PhaseProfile['hotLines'] = [];
  for (const f of topSelf.filter((x) => / (answer|knowledge)\//.test(x.fn)).slice(0, 3)) {
    const ticks = new Map<number, number>();
    let url = '';
    for (const n of profile.nodes) {
      if (labels.get(n.id) !== f.fn) continue;
      url = n.callFrame.url;
      for (const t of n.positionTicks ?? []) {
        const line = sourceLine(url, t.line - 1);
        ticks.set(line, (ticks.get(line) ?? 0) + t.ticks);
      }
    }
    const sum = [...ticks.values()].reduce((a, b) => a + b, 0);
    if (!sum) continue;
    hotLines.push({
      fn: f.fn,
      selfMs: f.ms,
      lines: [...ticks]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([line, t]) => ({ line, share: t / sum, code: codeAt(url, line) })),
    });
  }

  return {
    totalMs: total / 1000,
    samples: profile.samples.length,
    topSelf,
    // Inclusive times of the code under test (and GC); the benchmark's own loop and node's task
    // queue sit above everything and would only say "100%".
    topInclusive: top(new Map([...inclusive].filter(([fn]) => fn === '(garbage collector)' || OURS.test(fn))), total, 16),
    byModule: top(modules, total, 8),
    hotLines,
    file,
  };
}

export function profileEngine(opts: { knowledgeDir: string; queries: number; warmup: number; seed: number; outDir: string }): Promise<ProfileResult> {
  return runJsonChild<ProfileResult>(
    'bench/children/profile.ts',
    [opts.knowledgeDir, String(opts.queries), String(opts.warmup), String(opts.seed), opts.outDir],
    { loader: './bench/lib/ts-loader.mjs', nodeFlags: ['--enable-source-maps'] },
  );
}
