// npm run eval [-- file.yaml ...] [--misses] [--quiet]: the answer engine's accuracy on the evaluation sets.
// Sealed sets (eval/sealed*.yaml) print aggregates only, never their misses: nobody tunes on them.
import { basename } from 'node:path';
import { AnswerEngine } from '../core/answer/engine.ts';
import { evaluate, readEvalSet } from '../core/answer/evaluation.ts';
import { loadPacksOrExit } from './load.ts';

export const DEFAULT_EVAL_FILES = ['eval/questions.yaml', 'eval/dev.yaml', 'eval/dev2.yaml', 'eval/dev3.yaml', 'eval/holdout.yaml', 'eval/sealed.yaml'];

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('--'));
const engine = new AnswerEngine(await loadPacksOrExit(process.env.KNOWLEDGE_DIR ?? 'knowledge'));
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
for (const file of files.length ? files : DEFAULT_EVAL_FILES) {
  const r = evaluate(engine, readEvalSet(file));
  console.log(
    `${file}: in-scope ${r.inScope.correct}/${r.inScope.total} (${pct(r.inScope.accuracy)}), ` +
      `abstained ${r.outOfScope.correct}/${r.outOfScope.total} (${pct(r.outOfScope.accuracy)}), ` +
      `confident precision ${r.confident.correct}/${r.confident.total} (${pct(r.confident.accuracy)}), ` +
      `unhedged ${pct(r.unhedgedRate)} of in-scope`,
  );
  console.log(`  by style: ${Object.entries(r.byStyle).map(([s, t]) => `${s} ${t.correct}/${t.total}`).join(' · ')}`);
  const sealed = basename(file).startsWith('sealed');
  if (args.includes('--quiet') || (sealed && !args.includes('--misses'))) continue;
  for (const m of r.misses) console.log(`  miss: ${JSON.stringify(m)}`);
}
