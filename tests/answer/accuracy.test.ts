// The accuracy floor from the issue, measured on the repo's own evaluation sets (eval/*.yaml):
// ≥97% of in-scope questions get the right verdict, ≥90% of out-of-scope ones get "unknown".
import { describe, expect, it } from 'vitest';
import { AnswerEngine } from '../../src/core/answer/engine.ts';
import { evaluate, readEvalSet } from '../../src/core/answer/evaluation.ts';
import { realPacks } from '../support/core.ts';

const engine = new AnswerEngine(realPacks());

describe('answer accuracy', () => {
  const tuning = readEvalSet('eval/questions.yaml');
  const report = evaluate(engine, tuning);

  it('is a real evaluation set (≥200 questions, both kinds)', () => {
    expect(tuning.length).toBeGreaterThanOrEqual(200);
    expect(report.outOfScope.total).toBeGreaterThanOrEqual(50);
  });

  it('gets ≥97% of in-scope verdicts right', () => {
    expect(report.inScope.accuracy, JSON.stringify(report.misses.filter((m) => m.expect !== 'unknown'), null, 1)).toBeGreaterThanOrEqual(0.97);
  });

  it('says "unknown" to ≥90% of out-of-scope questions', () => {
    expect(report.outOfScope.accuracy, JSON.stringify(report.misses.filter((m) => m.expect === 'unknown'), null, 1)).toBeGreaterThanOrEqual(0.9);
  });

  // A plain (unhedged) verdict is a promise: on the tuning sets it must hold 99 times in 100.
  it.each(['eval/dev.yaml', 'eval/dev2.yaml', 'eval/dev3.yaml'])('keeps plain verdicts right 99 times in 100 on %s', (file) => {
    const r = evaluate(engine, readEvalSet(file));
    const wrongAndSure = r.misses.filter((m) => !m.hedged && m.got !== 'unknown');
    expect(r.confident.accuracy, JSON.stringify(wrongAndSure, null, 1)).toBeGreaterThanOrEqual(0.99);
    expect(r.confident.total, 'most in-scope answers are still given plainly').toBeGreaterThanOrEqual(r.inScope.total * 0.6);
  });

  // The held-out set is never used for tuning; this floor guards against a collapse, not a target.
  it('generalises to the held-out set', () => {
    const holdout = evaluate(engine, readEvalSet('eval/holdout.yaml'));
    expect(holdout.inScope.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(holdout.outOfScope.accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
