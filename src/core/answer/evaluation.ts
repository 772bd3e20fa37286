// Measures the answer engine against a hand-written question set: how often in-scope questions get the
// right verdict, and how often out-of-scope ones get "unknown". Used by a test and by `npm run eval`.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { AnswerEngine } from './engine.ts';

const evalSetSchema = z.array(z.strictObject({ q: z.string().min(1), expect: z.string().min(1), style: z.string().optional() }));
export type EvalItem = z.infer<typeof evalSetSchema>[number];

export function readEvalSet(file: string): EvalItem[] {
  return evalSetSchema.parse(parse(readFileSync(file, 'utf8')));
}

export interface EvalReport {
  inScope: { total: number; correct: number; accuracy: number };
  outOfScope: { total: number; correct: number; accuracy: number };
  misses: { q: string; expect: string; got: string; topic: string; confidence: number }[];
}

export function evaluate(engine: AnswerEngine, items: EvalItem[]): EvalReport {
  const misses: EvalReport['misses'] = [];
  let inTotal = 0;
  let inCorrect = 0;
  let outTotal = 0;
  let outCorrect = 0;
  for (const item of items) {
    const a = engine.answer(item.q);
    const ok = a.verdict === item.expect;
    if (item.expect === 'unknown') {
      outTotal++;
      if (ok) outCorrect++;
    } else {
      inTotal++;
      if (ok) inCorrect++;
    }
    if (!ok) {
      misses.push({ q: item.q, expect: item.expect, got: a.verdict, topic: a.kind === 'topic' ? a.ref.topic.id : a.kind, confidence: a.confidence });
    }
  }
  return {
    inScope: { total: inTotal, correct: inCorrect, accuracy: inTotal ? inCorrect / inTotal : 1 },
    outOfScope: { total: outTotal, correct: outCorrect, accuracy: outTotal ? outCorrect / outTotal : 1 },
    misses,
  };
}
