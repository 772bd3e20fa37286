// npm run bench [-- --quick] [-- --keep]: Responsibot's performance figures in one run, printed as a
// table and written to bench/results/latest.json. See bench/README.md for what each figure means.
//
//   --quick  CI smoke mode: tiny sizes, a few seconds; asserts nothing about speed, only that every
//            part ran and the correctness checks hold (no duplicate or missing daily posts, …).
//   --keep   keep the generated knowledge pack (its path is printed) instead of deleting it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { readEvalSet } from '../src/core/answer/evaluation.ts';
import { loadKnowledge } from '../src/core/knowledge/loader.ts';
import type { Topic } from '../src/core/knowledge/schema.ts';
import { benchConfig, EVAL_FILES, SEED } from './config.ts';
import { generatePack, writePack } from './lib/generate-pack.ts';
import { REPO_ROOT } from './lib/child.ts';
import { mb, seconds } from './lib/stats.ts';
import { answerLatency } from './sections/answer-latency.ts';
import { coldStart } from './sections/cold-start.ts';
import { answerRecording } from './sections/answer-recording.ts';
import { fanOut } from './sections/fan-out.ts';
import { sharedFanOut } from './sections/shared-fan-out.ts';
import { postgresSkipReason, type StoreKind } from './lib/stores.ts';
import { memory } from './sections/memory.ts';
import { profileEngine } from './sections/profile.ts';
import { slackRoundTrip } from './sections/slack-roundtrip.ts';
import { diagramBench } from './sections/diagrams.ts';
import { n, profileSummary, reportRows, table, type Results } from './report.ts';
import { parseCli } from '../src/cli/args.ts';

// Parsed before anything runs: --help or a typo must not start a benchmark.
const { values: flags } = await parseCli({
  name: 'npm run bench',
  usage: `Usage: npm run bench [-- --quick] [-- --keep]

  --quick  smoke run: tiny sizes, a few seconds; checks that every part runs, not how fast
  --keep   keep the generated knowledge pack (its path is printed) instead of deleting it
  --help   show this help

Writes bench/results/latest.json; bench/README.md explains every figure.`,
  options: { quick: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } },
});
const quick = flags.quick;
const keep = flags.keep;
const config = benchConfig(quick);

function progress(msg: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}\n`);
}

/** How many different words the topics' titles and aliases use: a small vocabulary means long index lists. */
function distinctWords(topics: readonly Topic[]): number {
  const words = new Set<string>();
  for (const t of topics) for (const phrase of [t.title, ...t.aliases]) for (const w of phrase.toLowerCase().split(/[^a-z0-9]+/)) if (w) words.add(w);
  return words.size;
}

const started = performance.now();
const loadAtStart = loadavg();
const results: Results = {};
const failures: { section: string; error: string }[] = [];
const checks: { check: string; ok: boolean; detail: string }[] = [];
/** Why the PostgreSQL figures are skipped (no server), if they are. */
const postgresSkipped = postgresSkipReason();
const stores: StoreKind[] = postgresSkipped ? ['sqlite'] : ['sqlite', 'postgres'];

async function section<T>(name: string, fn: () => Promise<T> | T): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    failures.push({ section: name, error });
    progress(`FAILED: ${name}: ${error}`);
    return undefined;
  }
}

/** Two measurements one after the other, or side by side in smoke mode. */
async function both<A, B>(first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
  if (config.parallel) return Promise.all([first(), second()]);
  const x = await first();
  return [x, await second()];
}

function check(name: string, ok: boolean, detail: string): void {
  checks.push({ check: name, ok, detail });
  if (!ok) progress(`CHECK FAILED: ${name}: ${detail}`);
}

// ---- run -----------------------------------------------------------------------------------

const packRoot = mkdtempSync(join(tmpdir(), 'responsibot-bench-pack-'));
const resultsDir = join(REPO_ROOT, 'bench/results');
mkdirSync(resultsDir, { recursive: true });
process.chdir(REPO_ROOT);

try {
  const base = loadKnowledge('knowledge');
  if (base.problems.length || !base.packs[0]) throw new Error('knowledge/ does not load; run npm run validate');
  const aws = base.packs.find((p) => p.id === 'aws-srm') ?? base.packs[0];

  progress(`generating a ${config.largeTopics}-topic pack (seed ${SEED})`);
  let t = performance.now();
  const generated = generatePack({ topics: config.largeTopics, seed: SEED, base: aws });
  writePack(packRoot, generated);
  results.generatedPack = {
    topics: config.largeTopics,
    seed: SEED,
    dir: packRoot,
    generateMs: performance.now() - t,
    distinctWords: distinctWords(generated.topics),
    defaultPackDistinctWords: distinctWords(aws.topics),
  };
  const largeQuestion = `who is responsible for ${generated.topics[0]!.aliases[0]}`;

  // Child-process and I/O figures first, while this process is small and idle: one after the other
  // in a full run; side by side in smoke mode (which checks that everything runs, not how fast).
  const evalQuestions = EVAL_FILES.flatMap((f) => readEvalSet(f).map((i) => i.q));
  const tasks: (() => Promise<void>)[] = [
    async () => {
      results.coldStart = await section('cold start', async () => {
        progress(`cold start: ${config.coldStartRuns} run(s) per pack`);
        const [d, l] = await both(
          () => coldStart('knowledge', 'who patches the hypervisor on ec2?', config.coldStartRuns),
          () => coldStart(packRoot, largeQuestion, config.coldStartRuns),
        );
        return { default: d, large: l };
      });
      for (const [name, r] of Object.entries(results.coldStart ?? {})) check(`cold start answered (${name})`, r.sample.length > 0, r.sample.slice(0, 80));
    },
    async () => {
      results.memory = await section('memory', async () => {
        progress('memory: one fresh process per pack');
        const [d, l] = await both(() => memory('knowledge'), () => memory(packRoot));
        return { default: d, large: l };
      });
    },
    async () => {
      results.slack = await section('slack round trip', () => slackRoundTrip({ ...config.slack, questions: evalQuestions, progress }));
      for (const app of ['ours', 'floor'] as const) {
        for (const phase of ['sequential', 'concurrent'] as const) {
          const r = results.slack?.[app][phase];
          if (r) check(`slack ${app} ${phase}: every request acked 200${app === 'ours' ? ' and answered' : ''}`, r.failures === 0, `${r.failures} failures of ${r.requests}`);
        }
      }
    },
    async () => {
      results.fanOut = [];
      for (const opts of config.fanOut.filter((o) => stores.includes(('store' in o && o.store) || 'sqlite'))) {
        const r = await section(`fan-out (${opts.label})`, () => {
          progress(`daily fan-out (${opts.platform ?? 'slack'}): ${opts.channels} channels, ${Number.isFinite(opts.ratePerSec) ? `${opts.ratePerSec}/s` : 'no limit'}, ${opts.latencyMs} ms latency`);
          return fanOut(opts);
        });
        if (!r) continue;
        results.fanOut.push(r);
        check(`fan-out ${opts.label}: no duplicate posts`, r.duplicates === 0, `${r.duplicates} duplicates`);
        check(`fan-out ${opts.label}: no missing posts`, r.missing === 0, `${r.missing} of ${r.channels} channels got nothing`);
      }
      if (postgresSkipped) return;
      const shared = config.sharedFanOut;
      const r = await section(`fan-out (${shared.label})`, () => {
        progress(`daily fan-out shared by ${shared.processes} processes on PostgreSQL: ${shared.channels} channels, ${shared.ratePerSec}/s`);
        return sharedFanOut(shared);
      });
      if (!r) return;
      results.sharedFanOut = r;
      check(`fan-out ${shared.label}: no duplicate posts`, r.duplicates === 0, `${r.duplicates} duplicates`);
      check(`fan-out ${shared.label}: no missing posts`, r.missing === 0, `${r.missing} of ${r.channels} channels got nothing`);
    },
    async () => {
      results.answers = [];
      for (const store of stores) {
        const r = await section(`answer recording (${store})`, () => {
          progress(`answer recording on ${store}: ${config.answers.sequential} one at a time, ${config.answers.concurrent} with ${config.answers.concurrency} in flight`);
          return answerRecording({ store, ...config.answers });
        });
        if (!r) continue;
        results.answers.push(r);
        check(`answer recording (${store}): every first click recorded, no repeat recorded, one row each`, r.lost === 0 && r.recordedTwice === 0 && r.rowsInDb === r.expectedRows, `${r.lost} lost, ${r.recordedTwice} recorded twice, ${r.rowsInDb} rows for ${r.expectedRows} answers`);
      }
    },
  ];
  if (config.parallel) await Promise.all(tasks.map((task) => task()));
  else for (const task of tasks) await task();

  results.answer = await section('answer latency', () =>
    answerLatency({
      queries: config.queries,
      warmup: config.warmup,
      defaultBaselineQueries: config.defaultBaselineQueries,
      largeBaselineQueries: config.largeBaselineQueries,
      baselineAccuracyQuestions: config.baselineAccuracyQuestions,
      largeKnowledgeDir: packRoot,
      evalFiles: EVAL_FILES,
      seed: SEED,
      progress,
    }),
  );

  results.diagrams = await section('diagrams', () => diagramBench({ coldRuns: quick ? 3 : 30, cachedRuns: quick ? 100 : 2000, progress }));

  results.profile = await section('engine profile', () => {
    progress(`engine profile: build + ${config.profileQueries} queries on the ${config.largeTopics}-topic pack`);
    return profileEngine({ knowledgeDir: packRoot, queries: config.profileQueries, warmup: config.warmup, seed: SEED, outDir: resultsDir });
  });
} catch (err) {
  failures.push({ section: 'setup', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
} finally {
  if (!keep) rmSync(packRoot, { recursive: true, force: true });
}

// ---- report --------------------------------------------------------------------------------

const rows = reportRows(results, config.largeTopics);
const { profileRows, profileNotes } = profileSummary(results.profile);
const p = results.profile;

const meta = {
  date: new Date().toISOString(),
  mode: config.mode,
  seed: SEED,
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memory: mb(totalmem()),
  platform: `${process.platform} ${process.arch}`,
  commit: git(['rev-parse', '--short', 'HEAD']),
  dirty: git(['status', '--porcelain']) !== '',
  durationMs: performance.now() - started,
  /** 1/5/15-minute load averages: on a shared machine, other work skews every figure. */
  loadAverage: { atStart: loadAtStart.map((x) => Number(x.toFixed(2))), atEnd: loadavg().map((x) => Number(x.toFixed(2))) },
};

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

const out: string[] = [];
out.push(`Responsibot benchmarks — ${meta.mode} run, ${meta.date}`);
out.push(`node ${meta.node} · ${meta.cpu} × ${meta.cores} · ${meta.memory} · commit ${meta.commit}${meta.dirty ? ' (dirty tree)' : ''} · seed ${SEED} · took ${seconds(meta.durationMs)}`);
out.push(`load average (1 min) ${meta.loadAverage.atStart[0]} at start, ${meta.loadAverage.atEnd[0]} at end${meta.loadAverage.atStart[0]! > meta.cores * 0.5 ? ' — the machine was busy; expect noisy figures' : ''}`);
out.push('');
out.push(table(['section', 'metric', 'ours', 'baseline / floor', 'ratio', 'note'], rows));
if (profileRows.length) {
  out.push('');
  out.push(`Where the time goes at ${n(p!.topics)} topics (V8 CPU profile in a fresh process; .cpuprofile files in ${p!.answer.file.replace(/[^/]+$/, '')})`);
  out.push(table(['phase', 'function (src line)', 'time', 'share'], profileRows));
  out.push(...profileNotes);
}
out.push('');
if (postgresSkipped) out.push(`PostgreSQL figures skipped: ${postgresSkipped} (set TEST_POSTGRES_URL to use another server)`);
out.push(`checks: ${checks.filter((x) => x.ok).length}/${checks.length} passed${checks.some((x) => !x.ok) ? ` — FAILED: ${checks.filter((x) => !x.ok).map((x) => `${x.check} (${x.detail})`).join('; ')}` : ''}`);
if (failures.length) out.push(`sections that failed: ${failures.map((f) => `${f.section}: ${f.error.split('\n')[0]}`).join('; ')}`);
out.push(`JSON: bench/results/latest.json${keep ? ` · generated pack kept in ${packRoot}` : ''}`);
process.stdout.write(`${out.join('\n')}\n`);

writeFileSync(
  join(resultsDir, 'latest.json'),
  `${JSON.stringify({ meta, config, results, checks, failures, ...(postgresSkipped ? { skipped: { postgres: postgresSkipped } } : {}), table: rows.map(([section, metric, ours, reference, r, note]) => ({ section, metric, ours, reference, ratio: r, note })) }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`,
);

process.exitCode = failures.length || checks.some((x) => !x.ok) ? 1 : 0;
