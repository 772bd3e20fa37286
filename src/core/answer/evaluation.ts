// Measures the answer engine against hand-written question sets (eval/*.yaml): how often in-scope
// questions get the right verdict (and the right yes/no lead, option letters or per-service verdicts),
// how often out-of-scope lines get no verdict, and how often an answer shown WITHOUT hedging is right
// ("confident precision": what a user who trusts a plain answer experiences). Used by tests, the
// bench and `npm run eval`.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { AnswerEngine } from './engine.ts';
import { summarize, type AnswerSummary } from './summary.ts';

const label = z.union([z.string(), z.number()]).transform(String);
const evalItemSchema = z
  .strictObject({
    q: z.string().min(1),
    /** A party id, or "unknown": the engine must give no verdict (noise, off-topic, out of scope). */
    expect: z.string().min(1).optional(),
    /** Yes/no questions: how a right answer begins. */
    lead: z.enum(['yes', 'no', 'partly']).optional(),
    /** Pasted multiple-choice questions: the option labels, as written, that answer the stem. */
    matches: z.array(label).min(1).optional(),
    /** Comparisons: service (id or name) → the party responsible on that service. */
    compare: z.record(z.string(), z.string()).optional(),
    style: z.string().optional(),
  })
  .refine((i) => [i.expect, i.matches, i.compare].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of expect, matches or compare',
  });
export type EvalItem = z.infer<typeof evalItemSchema>;

export function readEvalSet(file: string): EvalItem[] {
  return z.array(evalItemSchema).parse(parse(readFileSync(file, 'utf8')));
}

interface Tally {
  total: number;
  correct: number;
  accuracy: number;
}

export interface EvalMiss {
  q: string;
  expect: string;
  got: string;
  topic: string | null;
  confidence: number;
  hedged: boolean;
}

export interface EvalReport {
  inScope: Tally;
  outOfScope: Tally;
  /** Answers given with a verdict and no hedging, and how many of them were right. */
  confident: Tally;
  /** Share of in-scope questions answered without hedging. */
  unhedgedRate: number;
  byStyle: Record<string, Tally>;
  misses: EvalMiss[];
}

/** Scores one item; `got` describes the answer in the item's own terms (for the miss list). */
export function judge(engine: AnswerEngine, item: EvalItem, s: AnswerSummary): { correct: boolean; got: string; expect: string } {
  if (item.matches) {
    const want = item.matches.map((l) => l.toLowerCase()).sort();
    const got = (s.matches ?? []).map((l) => l.toLowerCase()).sort();
    return { correct: want.join(',') === got.join(','), got: s.matches ? `matches ${got.join(',')}` : s.verdict, expect: `matches ${want.join(',')}` };
  }
  if (item.compare) {
    const rows = new Map((s.compare ?? []).map((r) => [r.service, r.verdict]));
    const want = Object.entries(item.compare).map(([name, party]) => [engine.resolveServiceId(name) ?? name, party] as const);
    const correct = s.compare !== undefined && want.every(([id, party]) => rows.get(id) === party);
    return {
      correct,
      got: s.compare ? s.compare.map((r) => `${r.service}=${r.verdict}`).join(' ') : s.verdict,
      expect: want.map(([id, p]) => `${id}=${p}`).join(' '),
    };
  }
  const expect = item.expect!;
  const leadOk = item.lead === undefined || expect === 'unknown' || s.lead === item.lead;
  return {
    correct: s.verdict === expect && leadOk,
    got: s.lead && item.lead ? `${s.verdict} (${s.lead})` : s.verdict,
    expect: item.lead ? `${expect} (${item.lead})` : expect,
  };
}

export function evaluate(engine: AnswerEngine, items: EvalItem[]): EvalReport {
  const misses: EvalMiss[] = [];
  const tally = (): Tally => ({ total: 0, correct: 0, accuracy: 1 });
  const inScope = tally();
  const outOfScope = tally();
  const confident = tally();
  const byStyle: Record<string, Tally> = {};
  let unhedgedInScope = 0;
  for (const item of items) {
    const s = summarize(engine.answer(item.q));
    const { correct, got, expect } = judge(engine, item, s);
    const scope = item.expect === 'unknown' ? outOfScope : inScope;
    scope.total++;
    if (correct) scope.correct++;
    const style = (byStyle[item.style ?? 'unstyled'] ??= tally());
    style.total++;
    if (correct) style.correct++;
    const gaveVerdict = s.verdict !== 'unknown' || s.matches !== undefined || s.compare !== undefined;
    if (gaveVerdict && !s.hedged) {
      confident.total++;
      if (correct) confident.correct++;
      if (item.expect !== 'unknown') unhedgedInScope++;
    }
    if (!correct) misses.push({ q: item.q, expect, got, topic: s.topic, confidence: s.confidence, hedged: s.hedged });
  }
  for (const t of [inScope, outOfScope, confident, ...Object.values(byStyle)]) t.accuracy = t.total ? t.correct / t.total : 1;
  return { inScope, outOfScope, confident, unhedgedRate: inScope.total ? unhedgedInScope / inScope.total : 1, byStyle, misses };
}
