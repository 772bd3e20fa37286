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
import { generatePack, writePack } from './lib/generate-pack.ts';
import { REPO_ROOT } from './lib/child.ts';
import { mb, ms, pct, ratio, seconds } from './lib/stats.ts';
import { answerLatency, type AnswerLatencyResult } from './sections/answer-latency.ts';
import { coldStart, type ColdStartResult } from './sections/cold-start.ts';
import { answerRecording, type AnswerRecordingOptions, type AnswerRecordingResult } from './sections/answer-recording.ts';
import { fanOut, type FanOutOptions, type FanOutResult } from './sections/fan-out.ts';
import { sharedFanOut, type SharedFanOutOptions, type SharedFanOutResult } from './sections/shared-fan-out.ts';
import { postgresSkipReason, type StoreKind } from './lib/stores.ts';
import { memory, type MemoryResult } from './sections/memory.ts';
import { profileEngine, type ProfileResult } from './sections/profile.ts';
import { slackRoundTrip, type SlackRoundTripResult } from './sections/slack-roundtrip.ts';
import { diagramBench, type DiagramBenchResult } from './sections/diagrams.ts';
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
const SEED = 20261123;

const config = quick
  ? {
      mode: 'quick',
      largeTopics: 1000,
      queries: 200,
      warmup: 50,
      defaultBaselineQueries: 3,
      largeBaselineQueries: 1,
      baselineAccuracyQuestions: 4,
      profileQueries: 100,
      coldStartRuns: 1,
      // Child processes side by side: smoke mode checks that everything runs, not how fast.
      parallel: true,
      slack: { sequential: 20, concurrent: 32, concurrency: 32, warmup: 5, rounds: 1 },
      fanOut: [
        { label: 'rate-limited', channels: 20, ratePerSec: 20, burst: 10, latencyMs: 0 },
        { label: 'no limit (our own cost)', channels: 20, ratePerSec: Number.POSITIVE_INFINITY, latencyMs: 0 },
        { label: 'rate-limited + RTT', channels: 10, ratePerSec: 20, latencyMs: 20 },
        { label: 'discord, rate-limited', platform: 'discord', channels: 20, ratePerSec: 10, burst: 5, latencyMs: 0 },
        { label: 'postgres, rate-limited', store: 'postgres', channels: 20, ratePerSec: 20, burst: 10, latencyMs: 0 },
      ] satisfies FanOutOptions[],
      sharedFanOut: { label: '3 processes on postgres', processes: 3, channels: 30, ratePerSec: 30, burst: 15, timeoutMs: 60_000 } satisfies SharedFanOutOptions,
      answers: { posts: 20, sequential: 100, concurrent: 200, concurrency: 16 } satisfies Omit<AnswerRecordingOptions, 'store'>,
    }
  : {
      mode: 'full',
      largeTopics: 10_000,
      queries: 2000,
      warmup: 300,
      // fuse.js takes ~0.1 s per query on the default pack and several seconds at 10k topics: its
      // latency and accuracy are measured on seeded subsets, to keep the run near three minutes.
      defaultBaselineQueries: 150,
      largeBaselineQueries: 4,
      baselineAccuracyQuestions: 80,
      profileQueries: 1000,
      coldStartRuns: 3,
      parallel: false,
      slack: { sequential: 1000, concurrent: 6400, concurrency: 32, warmup: 500, rounds: 10 },
      fanOut: [
        { label: 'rate-limited', channels: 1000, ratePerSec: 100, burst: 100, latencyMs: 0 },
        { label: 'no limit (our own cost)', channels: 1000, ratePerSec: Number.POSITIVE_INFINITY, latencyMs: 0 },
        { label: 'rate-limited + RTT', channels: 200, ratePerSec: 100, burst: 100, latencyMs: 50 },
        // Discord allows 50 requests/s per bot overall, and discord.js paces itself to that.
        { label: 'discord, rate-limited', platform: 'discord', channels: 1000, ratePerSec: 50, burst: 50, latencyMs: 0 },
        // Stricter than discord.js's own pacing, so Discord-style 429s happen and discord.js waits them out.
        { label: 'discord, stricter than discord.js paces', platform: 'discord', channels: 200, ratePerSec: 40, burst: 40, latencyMs: 0 },
        // The same daily fan-out with the state in PostgreSQL instead of the SQLite file.
        { label: 'postgres, rate-limited', store: 'postgres', channels: 1000, ratePerSec: 100, burst: 100, latencyMs: 0 },
        { label: 'postgres, no limit (our own cost)', store: 'postgres', channels: 1000, ratePerSec: Number.POSITIVE_INFINITY, latencyMs: 0 },
      ] satisfies FanOutOptions[],
      // One workspace's 1,000 channels shared by 3 bot processes on one PostgreSQL database.
      sharedFanOut: { label: '3 processes on postgres', processes: 3, channels: 1000, ratePerSec: 100, burst: 100, timeoutMs: 120_000 } satisfies SharedFanOutOptions,
      answers: { posts: 100, sequential: 2000, concurrent: 8000, concurrency: 32 } satisfies Omit<AnswerRecordingOptions, 'store'>,
    };

// Every evaluation set: the two tuning sets, the held-out set and the sealed set (aggregates only).
const EVAL_FILES = ['eval/questions.yaml', 'eval/dev.yaml', 'eval/dev2.yaml', 'eval/dev3.yaml', 'eval/holdout.yaml', 'eval/sealed.yaml'];

function progress(msg: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}\n`);
}

/** How many different words the topics' titles and aliases use: a small vocabulary means long index lists. */
function distinctWords(topics: readonly Topic[]): number {
  const words = new Set<string>();
  for (const t of topics) for (const phrase of [t.title, ...t.aliases]) for (const w of phrase.toLowerCase().split(/[^a-z0-9]+/)) if (w) words.add(w);
  return words.size;
}

interface Results {
  generatedPack?: { topics: number; seed: number; dir: string; generateMs: number; distinctWords: number; defaultPackDistinctWords: number };
  answer?: AnswerLatencyResult;
  coldStart?: { default: ColdStartResult; large: ColdStartResult };
  memory?: { default: MemoryResult; large: MemoryResult };
  slack?: SlackRoundTripResult;
  fanOut?: FanOutResult[];
  sharedFanOut?: SharedFanOutResult;
  answers?: AnswerRecordingResult[];
  profile?: ProfileResult;
  diagrams?: DiagramBenchResult;
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

type Row = [section: string, metric: string, ours: string, reference: string, ratio: string, note: string];
const rows: Row[] = [];
const add = (...row: Row) => rows.push(row);
const n = (x: number) => x.toLocaleString('en-US');

const a = results.answer;
if (a) {
  const d = a.default;
  const l = a.large;
  const S = '1 answer latency';
  add(S, `default packs (${d.topics} topics), ${n(d.queries)} queries: median`, ms(d.ours.median), `fuse.js ${ms(d.baseline.median)}`, ratio(d.ratioMedian), `baseline on ${d.baselineQueries} of the queries; ratio on those`);
  add(S, `default packs: p99`, ms(d.ours.p99), `fuse.js ${ms(d.baseline.p99)}`, ratio(d.ratioP99), `ours on the same ${d.baselineQueries}: ${ms(d.oursOnBaselineQueries.median)} / ${ms(d.oursOnBaselineQueries.p99)}`);
  add(S, `default packs: one pass alone, median / p99`, `${ms(d.oursSinglePass.median)} / ${ms(d.oursSinglePass.p99)}`, '', '', 'ours is per query the median of 3 passes (machine interruptions; bench/README.md)');
  add(S, `${n(l.topics)} generated topics, ${n(l.queries)} queries: median`, ms(l.ours.median), `fuse.js ${ms(l.baseline.median)}`, ratio(l.ratioMedian), `baseline on ${l.baselineQueries} queries only (seconds each)`);
  add(S, `${n(l.topics)} topics: p99`, ms(l.ours.p99), `fuse.js ${ms(l.baseline.p99)}`, ratio(l.ratioP99), `ours on the same ${l.baselineQueries}: ${ms(l.oursOnBaselineQueries.median)} / ${ms(l.oursOnBaselineQueries.p99)}`);
  add(S, `${n(l.topics)} topics: one pass alone, median / p99`, `${ms(l.oursSinglePass.median)} / ${ms(l.oursSinglePass.p99)}`, '', '', '');
  for (const kind of ['typo', 'alias', 'truncated', 'out-of-scope'] as const) {
    const s = l.oursByKind[kind];
    if (s) add(S, `${n(l.topics)} topics, ${kind} queries (n=${s.n}): median / p99`, `${ms(s.median)} / ${ms(s.p99)}`, '', '', '');
  }
  for (const [file, acc] of Object.entries(a.accuracy)) {
    const f = (x: { correct: number; total: number }) => `${pct(x.correct / x.total)} (${x.correct}/${x.total})`;
    const all = acc.ours.inScope.total + acc.ours.outOfScope.total;
    add(S, `accuracy ${file}: in-scope verdict right`, f(acc.ours.inScope), `fuse.js ${f(acc.baseline.inScope)}`, '', acc.baseline.questions < all ? `fuse.js on ${acc.baseline.questions} of ${all} (evenly spread, both kinds)` : 'fuse.js: top hit’s verdict');
    add(S, `accuracy ${file}: out-of-scope → unknown`, f(acc.ours.outOfScope), `fuse.js ${f(acc.baseline.outOfScope)}`, '', 'fuse.js: unknown when no hit');
    add(S, `accuracy ${file}: confident precision`, f(acc.ours.confident), '', '', 'answers shown without hedging that were right');
  }
  if (l.selfRetrieval) {
    const r = l.selfRetrieval;
    add(S, `${n(l.topics)} topics: alias-made queries → own verdict / own topic`, `${pct(r.ours.verdict)} / ${pct(r.ours.topic)}`, `fuse.js ${pct(r.baseline.verdict)} / ${pct(r.baseline.topic)}`, '', `ours on ${r.ours.n}; fuse.js on ${r.baseline.n} (ours there: ${pct(r.oursOnBaselineQueries.verdict)} / ${pct(r.oursOnBaselineQueries.topic)})`);
  }
  add(S, `index build in this process: default / ${n(l.topics)}`, `${ms(d.buildMs)} / ${ms(l.buildMs)}`, `fuse.js ${ms(d.baselineBuildMs)} / ${ms(l.baselineBuildMs)}`, '', 'warm process (after other sections)');
}

const c = results.coldStart;
const m = results.memory;
if (c) {
  const S = '2 cold start';
  add(S, `default: spawn → first answer (median of ${c.default.runs.length})`, ms(c.default.firstAnswerMedianMs), '', '', `exit after ${ms(c.default.exitMedianMs)}`);
  add(S, `${n(config.largeTopics)} topics: spawn → first answer (median of ${c.large.runs.length})`, ms(c.large.firstAnswerMedianMs), '', '', `exit after ${ms(c.large.exitMedianMs)}`);
}
if (m) {
  const S = '2 cold start';
  for (const [name, r] of [['default', m.default], [`${n(m.large.topics)} topics`, m.large]] as const) {
    add(S, `${name}: load packs + build answer index (fresh process)`, `${ms(r.loadMs)} + ${ms(r.buildMs)}`, '', '', `first answer ${ms(r.firstAnswerMs)}`);
    add(S, `${name}: boot+imports / quiz bank / open SQLite`, `${ms(r.bootMs)} / ${ms(r.bankMs)} / ${ms(r.storeMs)}`, '', '', 'the rest of the start-up, same fresh process');
  }
  const S3 = '3 memory';
  for (const [name, r] of [['default', m.default], [`${n(m.large.topics)} topics`, m.large]] as const) {
    add(S3, `${name}: RSS / heap used, packs + engine (after GC)`, `${mb(r.withEngine.rss)} / ${mb(r.withEngine.heapUsed)}`, `modules only ${mb(r.modulesOnly.rss)} / ${mb(r.modulesOnly.heapUsed)}`, '', `peak RSS ${mb(r.peakRssBytes)}`);
    add(S3, `${name}: heap for packs / for engine index`, `${mb(r.packsLoaded.heapUsed - r.modulesOnly.heapUsed)} / ${mb(r.withEngine.heapUsed - r.packsLoaded.heapUsed)}`, '', '', '');
  }
}

const s = results.slack;
if (s) {
  const S = '4 slack /who';
  for (const phase of ['sequential', 'concurrent'] as const) {
    const o = s.ours[phase];
    const f = s.floor[phase];
    const label = phase === 'sequential' ? `sequential (${o.requests})` : `${o.concurrency} in flight (${o.requests})`;
    add(S, `${label}: ack p50`, ms(o.ack.median), `bare Bolt ${ms(f.ack.median)}`, ratio(o.ack.median / f.ack.median), 'ours/floor');
    add(S, `${label}: ack p99`, ms(o.ack.p99), `bare Bolt ${ms(f.ack.p99)}`, ratio(o.ack.p99 / f.ack.p99), 'ours/floor');
    if (o.answer) add(S, `${label}: answer at response_url p50 / p99`, `${ms(o.answer.median)} / ${ms(o.answer.p99)}`, '', '', 'request sent → ephemeral answer received');
    add(S, `${label}: throughput`, `${o.throughputPerSec.toFixed(0)}/s`, `bare Bolt ${f.throughputPerSec.toFixed(0)}/s`, ratio(o.throughputPerSec / f.throughputPerSec), phase === 'concurrent' ? 'ours includes answering' : '');
  }
}

for (const r of results.fanOut ?? []) {
  const S = '5 daily fan-out';
  const where = r.store === 'postgres' ? 'PostgreSQL: ' : '';
  const rate = Number.isFinite(r.ratePerSec) ? `${r.ratePerSec}/s` : 'no limit';
  const limited = Number.isFinite(r.floorMs);
  add(
    S,
    `${where}${r.platform === 'discord' ? 'Discord: ' : ''}${n(r.channels)} channels, ${rate}${limited ? ` (burst ${r.burst})` : ''}${r.latencyMs ? `, ${r.latencyMs} ms RTT` : ''}: one tick`,
    seconds(r.wallMs),
    limited ? `floor ${seconds(r.floorMs)} (strict ${seconds(r.strictFloorMs)})` : '',
    limited ? ratio(r.ratio) : '',
    `${ms(r.perChannelMs)}/channel; dup ${r.duplicates}, missing ${r.missing}; ${r.rateLimited} × 429`,
  );
}

const sf = results.sharedFanOut;
if (sf) {
  add(
    '5 daily fan-out',
    `${sf.processes} processes on one PostgreSQL, ${n(sf.channels)} channels, ${sf.ratePerSec}/s shared (burst ${sf.burst}): to the last post`,
    seconds(sf.wallMs),
    `floor ${seconds(sf.floorMs)} (strict ${seconds(sf.strictFloorMs)})`,
    ratio(sf.ratio),
    `target ≤ 1.10×; dup ${sf.duplicates}, missing ${sf.missing}; ${sf.rateLimited} × 429; ${sf.ticks} ticks in all`,
  );
}
for (const r of results.answers ?? []) {
  const S = '6 answer recording';
  const name = r.store === 'postgres' ? 'PostgreSQL' : 'SQLite';
  for (const ph of [r.sequentialPhase, r.concurrentPhase]) {
    const how = ph.concurrency === 1 ? 'one at a time' : `${ph.concurrency} in flight`;
    add(S, `${name}: ${n(ph.answers)} answers ${how}`, `${ph.perSec.toFixed(0)}/s`, '', '', `latency p50 ${ms(ph.latency.median)}, p99 ${ms(ph.latency.p99)}; 1 in 10 a repeat`);
  }
}

for (const r of results.diagrams?.cases ?? []) {
  const first = r === results.diagrams!.cases[0] ? `; the first render in a process (fonts load): ${ms(results.diagrams!.firstRenderMs)}` : '';
  add('7 diagrams', `${r.name}: render cold p50 / p99`, `${ms(r.cold.median)} / ${ms(r.cold.p99)}`, `cached ${ms(r.cached.median)} / ${ms(r.cached.p99)}`, '', `PNG ${r.width}×${r.height}, ${(r.pngBytes / 1024).toFixed(1)} KB${first}`);
}

const p = results.profile;
const profileRows: [string, string, string, string][] = [];
const profileNotes: string[] = [];
if (p) {
  const phases = [[`answer ×${n(p.queries)}`, p.answer, 9], ['build index', p.build, 7], ['load YAML packs', p.load, 5]] as const;
  for (const [phase, prof, count] of phases) {
    profileRows.push([phase, '(total CPU time of the phase; inclusive time per function below)', ms(prof.totalMs), '100%']);
    for (const f of prof.topInclusive.slice(0, count)) profileRows.push([phase, f.fn, ms(f.ms), pct(f.share)]);
  }
  for (const [phase, prof] of phases) {
    profileNotes.push(`${phase} — self time by module: ${prof.byModule.slice(0, 5).map((x) => `${x.fn} ${pct(x.share)}`).join(', ')}`);
    for (const h of prof.hotLines) {
      profileNotes.push(`  ${h.fn}: self ${ms(h.selfMs)} (${pct(h.selfMs / prof.totalMs)} of the phase), by line:`);
      for (const l of h.lines.filter((x) => x.share >= 0.02).slice(0, 4)) profileNotes.push(`    L${l.line} ${pct(l.share).padStart(6)}  ${l.code}`);
    }
  }
}

function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' │ ').trimEnd();
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('─┼─')];
  let last = '';
  for (const r of body) {
    const cells = [...r];
    if (cells[0] === last) cells[0] = '';
    else if (last) out.push(widths.map((w) => '─'.repeat(w)).join('─┼─'));
    last = r[0]!;
    out.push(line(cells));
  }
  return out.join('\n');
}

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
