// The bench's report: the results of every section turned into the printed table's rows, the profile
// summary, and the box-drawing table itself.
import { mb, ms, pct, ratio, seconds } from './lib/stats.ts';
import type { AnswerLatencyResult } from './sections/answer-latency.ts';
import type { AnswerRecordingResult } from './sections/answer-recording.ts';
import type { ColdStartResult } from './sections/cold-start.ts';
import type { DiagramBenchResult } from './sections/diagrams.ts';
import type { FanOutResult } from './sections/fan-out.ts';
import type { MemoryResult } from './sections/memory.ts';
import type { ProfileResult } from './sections/profile.ts';
import type { SharedFanOutResult } from './sections/shared-fan-out.ts';
import type { SlackRoundTripResult } from './sections/slack-roundtrip.ts';

export interface Results {
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

export type Row = [section: string, metric: string, ours: string, reference: string, ratio: string, note: string];
export const n = (x: number) => x.toLocaleString('en-US');

/** One row per figure, grouped by section; `largeTopics` is the generated pack's size. */
export function reportRows(results: Results, largeTopics: number): Row[] {
  const rows: Row[] = [];
  const add = (...row: Row) => rows.push(row);

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
    add(S, `${n(largeTopics)} topics: spawn → first answer (median of ${c.large.runs.length})`, ms(c.large.firstAnswerMedianMs), '', '', `exit after ${ms(c.large.exitMedianMs)}`);
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
  return rows;
}

/** The CPU profile's table rows (phase, function, time, share) and its notes (by module, hot lines). */
export function profileSummary(p: ProfileResult | undefined): { profileRows: [string, string, string, string][]; profileNotes: string[] } {
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
  return { profileRows, profileNotes };
}

export function table(header: string[], body: string[][]): string {
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
