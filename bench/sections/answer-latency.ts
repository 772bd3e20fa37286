// Figure 1: answer latency in process, ours (AnswerEngine) against a plain fuse.js index over the same
// topics, on the default packs and on a generated large pack; plus accuracy on the eval sets.
import Fuse from 'fuse.js';
import { AnswerEngine } from '../../src/core/answer/engine.ts';
import { evaluate, readEvalSet, type EvalItem } from '../../src/core/answer/evaluation.ts';
import { loadKnowledge, type KnowledgePack } from '../../src/core/knowledge/loader.ts';
import type { Topic } from '../../src/core/knowledge/schema.ts';
import { aliasQueries, evalQueries, type Query, type QueryKind } from '../lib/queries.ts';
import { seeded, shuffle } from '../lib/random.ts';
import { summarize, type Summary } from '../lib/stats.ts';

/** The baseline: what one would write without our engine — fuse.js over whole topics. */
export class FuseBaseline {
  private readonly fuse: Fuse<Topic>;

  constructor(packs: readonly KnowledgePack[]) {
    this.fuse = new Fuse(
      packs.flatMap((p) => p.topics),
      { keys: ['title', 'aliases', 'explanation'], ignoreLocation: true, threshold: 0.4, includeScore: true },
    );
  }

  /** The best topic (and the runners-up a "did you mean" would show), or none. */
  search(question: string): Topic | undefined {
    return this.fuse.search(question, { limit: 4 })[0]?.item;
  }

  verdict(question: string): string {
    return this.search(question)?.responsible ?? 'unknown';
  }
}

export interface Accuracy {
  inScope: { correct: number; total: number };
  outOfScope: { correct: number; total: number };
}

/** Ours also says how often an answer shown without hedging was right. */
export interface OurAccuracy extends Accuracy {
  confident: { correct: number; total: number };
}

export interface LatencyResult {
  topics: number;
  queries: number;
  loadMs: number;
  buildMs: number;
  baselineBuildMs: number;
  /** Per query, the median of its times in PASSES independent passes (see measureOurs). */
  ours: Summary;
  /** The first pass alone: what one run on this machine shows, interruptions included. */
  oursSinglePass: Summary;
  oursByKind: Partial<Record<QueryKind, Summary>>;
  /** Ours: the slowest queries, for whoever optimises the engine. */
  slowest: { q: string; kind: QueryKind; ms: number }[];
  /** Baseline latencies over `baselineQueries` queries (a seeded subset: fuse.js scans every topic). */
  baseline: Summary;
  baselineQueries: number;
  /** Ours on exactly the baseline's queries, so the ratio compares like with like. */
  oursOnBaselineQueries: Summary;
  ratioMedian: number;
  ratioP99: number;
  /** Large pack: alias-made queries that got their topic's verdict / exactly that topic (ours on all, and both on the baseline's subset). */
  selfRetrieval?: { ours: Retrieval; oursOnBaselineQueries: Retrieval; baseline: Retrieval };
}

export interface Retrieval {
  verdict: number;
  topic: number;
  n: number;
}

export interface AnswerLatencyResult {
  default: LatencyResult;
  /** Per eval file: ours on every question; the baseline on all or an evenly spread sample (`questions`). */
  accuracy: Record<string, { ours: OurAccuracy; baseline: Accuracy & { questions: number } }>;
  large: LatencyResult;
}

export interface AnswerLatencyOptions {
  queries: number;
  warmup: number;
  defaultBaselineQueries: number;
  largeBaselineQueries: number;
  /** How many questions of each eval file the (slow) baseline answers for its accuracy figure. */
  baselineAccuracyQuestions: number;
  largeKnowledgeDir: string;
  evalFiles: string[];
  seed: number;
  progress: (msg: string) => void;
}

interface Found {
  verdict: string;
  topicId?: string;
}

function measure(answer: (q: string) => Found, queries: readonly Query[]): { ms: number[]; found: Found[] } {
  const ms = new Array<number>(queries.length);
  const found = new Array<Found>(queries.length);
  for (let i = 0; i < queries.length; i++) {
    const start = performance.now();
    found[i] = answer(queries[i]!.q);
    ms[i] = performance.now() - start;
  }
  return { ms, found };
}

/**
 * This machine is interrupted every ~5–10 ms for a few milliseconds (a VM; other tenants). With queries
 * of ~0.1 ms, 1–2% of them get hit, so a single pass's p99 measured the interruptions rather than the
 * engine (it swung 0.7–2.4 ms from run to run). Each query is therefore timed in PASSES independent
 * passes, each on a freshly built engine warmed up the same way, so every timing is a first-time
 * answer (typo repairs included); a query's time is the median of its PASSES timings. A stall then
 * has to hit the same query in two of three passes to count.
 */
const PASSES = 3;

function medianOfPasses(firstPass: readonly number[], packs: KnowledgePack[], queries: readonly Query[], warmup: readonly Query[]): number[] {
  const passes = [firstPass];
  for (let p = 1; p < PASSES; p++) {
    const engine = new AnswerEngine(packs);
    measure(ours(engine), warmup);
    passes.push(measure(ours(engine), queries).ms);
  }
  return firstPass.map((_, i) => passes.map((pass) => pass[i]!).sort((a, b) => a - b)[Math.floor(PASSES / 2)]!);
}

function byKind(queries: readonly Query[], samples: readonly number[]): Partial<Record<QueryKind, Summary>> {
  const groups = new Map<QueryKind, number[]>();
  queries.forEach((q, i) => {
    const list = groups.get(q.kind) ?? [];
    list.push(samples[i]!);
    groups.set(q.kind, list);
  });
  return Object.fromEntries([...groups].map(([k, v]) => [k, summarize(v)]));
}

function accuracyOf(verdict: (q: string) => string, items: readonly EvalItem[]): Accuracy {
  const acc: Accuracy = { inScope: { correct: 0, total: 0 }, outOfScope: { correct: 0, total: 0 } };
  for (const item of items) {
    const bucket = item.expect === 'unknown' ? acc.outOfScope : acc.inScope;
    bucket.total++;
    if (verdict(item.q) === item.expect) bucket.correct++;
  }
  return acc;
}

function retrieval(queries: readonly Query[], found: readonly Found[]): Retrieval {
  let verdict = 0;
  let topic = 0;
  let n = 0;
  queries.forEach((q, i) => {
    if (!q.topicId || !q.expect) return;
    n++;
    if (found[i]!.verdict === q.expect) verdict++;
    if (found[i]!.topicId === q.topicId) topic++;
  });
  return { verdict: n ? verdict / n : NaN, topic: n ? topic / n : NaN, n };
}

function ours(engine: AnswerEngine) {
  return (q: string): Found => {
    const a = engine.answer(q);
    return a.kind === 'topic' ? { verdict: a.verdict, topicId: a.ref.topic.id } : { verdict: a.verdict };
  };
}

function theirs(baseline: FuseBaseline) {
  return (q: string): Found => {
    const hit = baseline.search(q);
    return hit ? { verdict: hit.responsible, topicId: hit.id } : { verdict: 'unknown' };
  };
}

function run(
  packs: KnowledgePack[],
  loadMs: number,
  queries: Query[],
  warmup: Query[],
  baselineCap: number,
  seed: number,
  progress: (msg: string) => void,
): { result: LatencyResult; engine: AnswerEngine; baseline: FuseBaseline } {
  let t = performance.now();
  const engine = new AnswerEngine(packs);
  const buildMs = performance.now() - t;
  t = performance.now();
  const baseline = new FuseBaseline(packs);
  const baselineBuildMs = performance.now() - t;
  progress(`  ${engine.topicCount} topics: loaded in ${loadMs.toFixed(0)} ms, index built in ${buildMs.toFixed(0)} ms`);

  // Warm-up on other queries (another seed): the JIT is warm, but the typo-repair cache does not
  // already hold the measured queries' typos.
  measure(ours(engine), warmup);
  // The baseline needs little warming (each query is long) and is slow: warm it on the shortest few.
  measure(theirs(baseline), [...warmup].sort((a, b) => a.q.length - b.q.length).slice(0, baselineCap >= 50 ? 5 : baselineCap >= 5 ? 1 : 0));

  progress(`  ours: ${queries.length} queries × ${PASSES} passes`);
  const first = measure(ours(engine), queries);
  const mine = { found: first.found, ms: medianOfPasses(first.ms, packs, queries, warmup) };
  const picked = new Set(baselineCap >= queries.length ? queries : shuffle(seeded(seed + 7), queries).slice(0, baselineCap));
  const subset = queries.filter((q) => picked.has(q));
  progress(`  fuse.js baseline: ${subset.length} queries`);
  const base = measure(theirs(baseline), subset);
  const o = summarize(mine.ms.filter((_, i) => picked.has(queries[i]!)));
  const b = summarize(base.ms);
  const result: LatencyResult = {
    topics: engine.topicCount,
    queries: queries.length,
    loadMs,
    buildMs,
    baselineBuildMs,
    ours: summarize(mine.ms),
    oursSinglePass: summarize(first.ms),
    oursByKind: byKind(queries, mine.ms),
    slowest: queries
      .map((q, i) => ({ q: q.q, kind: q.kind, ms: mine.ms[i]! }))
      .sort((x, y) => y.ms - x.ms)
      .slice(0, 10),
    baseline: b,
    baselineQueries: subset.length,
    oursOnBaselineQueries: o,
    ratioMedian: b.median / o.median,
    ratioP99: b.p99 / o.p99,
  };
  if (queries.some((q) => q.topicId)) {
    result.selfRetrieval = {
      ours: retrieval(queries, mine.found),
      oursOnBaselineQueries: retrieval(subset, mine.found.filter((_, i) => picked.has(queries[i]!))),
      baseline: retrieval(subset, base.found),
    };
  }
  return { engine, baseline, result };
}

/**
 * At most `max` items, evenly spread through the file and stratified: in-scope and out-of-scope
 * questions in their proportions, at least one of each.
 */
function spreadSample(all: readonly EvalItem[], max: number): EvalItem[] {
  // Plain fuse.js gives one verdict per question, so it is compared on questions with one expected verdict.
  const items = all.filter((i) => i.expect !== undefined);
  if (items.length <= max) return [...items];
  const groups = [items.filter((i) => i.expect !== 'unknown'), items.filter((i) => i.expect === 'unknown')];
  return groups.flatMap((group) => {
    const want = Math.max(1, Math.round((max * group.length) / items.length));
    const step = group.length / want;
    return Array.from({ length: Math.min(want, group.length) }, (_, k) => group[Math.floor(k * step)]!);
  });
}

export function answerLatency(opts: AnswerLatencyOptions): AnswerLatencyResult {
  const { progress } = opts;

  // ---- default packs -------------------------------------------------------------------------
  progress('answer latency: default packs (knowledge/)');
  let t = performance.now();
  const loaded = loadKnowledge('knowledge');
  const loadMs = performance.now() - t;
  if (loaded.problems.length) throw new Error(`knowledge/ has ${loaded.problems.length} problems; run npm run validate`);
  const evalSets = opts.evalFiles.map((file) => ({ file, items: readEvalSet(file) }));
  const allEval = evalSets.flatMap((s) => s.items);
  const queries = evalQueries(allEval, opts.queries, opts.seed);
  const warmup = evalQueries(allEval, opts.warmup + allEval.length, opts.seed + 1000).filter((q) => q.kind !== 'eval');
  const def = run(loaded.packs, loadMs, queries, warmup, opts.defaultBaselineQueries, opts.seed, progress);

  const accuracy: AnswerLatencyResult['accuracy'] = {};
  for (const { file, items } of evalSets) {
    const r = evaluate(def.engine, items);
    const baselineItems = spreadSample(items, opts.baselineAccuracyQuestions);
    progress(`  accuracy on ${file}: ours ${items.length} questions, baseline ${baselineItems.length}`);
    accuracy[file] = {
      ours: {
        inScope: { correct: r.inScope.correct, total: r.inScope.total },
        outOfScope: { correct: r.outOfScope.correct, total: r.outOfScope.total },
        confident: { correct: r.confident.correct, total: r.confident.total },
      },
      baseline: { ...accuracyOf((q) => def.baseline.verdict(q), baselineItems), questions: baselineItems.length },
    };
  }

  // ---- large generated pack ------------------------------------------------------------------
  progress(`answer latency: generated pack (${opts.largeKnowledgeDir})`);
  t = performance.now();
  const large = loadKnowledge(opts.largeKnowledgeDir);
  const largeLoadMs = performance.now() - t;
  if (large.problems.length) throw new Error(`generated pack has ${large.problems.length} problems, e.g. ${JSON.stringify(large.problems[0])}`);
  const topics = large.packs.flatMap((p) => p.topics);
  const largeQueries = aliasQueries(topics, opts.queries, opts.seed + 1);
  const largeWarmup = aliasQueries(topics, opts.warmup, opts.seed + 2000);
  const big = run(large.packs, largeLoadMs, largeQueries, largeWarmup, opts.largeBaselineQueries, opts.seed, progress);
  return { default: def.result, accuracy, large: big.result };
}
