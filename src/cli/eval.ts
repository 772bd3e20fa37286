// npm run eval [-- file.yaml ...]: accuracy of the answer engine on the evaluation sets, with every miss.
import { AnswerEngine } from '../core/answer/engine.ts';
import { evaluate, readEvalSet } from '../core/answer/evaluation.ts';
import { loadPacksOrExit } from './load.ts';

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const engine = new AnswerEngine(await loadPacksOrExit(process.env.KNOWLEDGE_DIR ?? 'knowledge'));
for (const file of files.length ? files : ['eval/questions.yaml', 'eval/holdout.yaml']) {
  const r = evaluate(engine, readEvalSet(file));
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  console.log(`${file}: in-scope ${r.inScope.correct}/${r.inScope.total} (${pct(r.inScope.accuracy)}), out-of-scope ${r.outOfScope.correct}/${r.outOfScope.total} (${pct(r.outOfScope.accuracy)})`);
  if (!process.argv.includes('--quiet')) for (const m of r.misses) console.log(`  miss: ${JSON.stringify(m)}`);
}
