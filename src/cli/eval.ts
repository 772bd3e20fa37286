// npm run eval [-- file.yaml ...] [--misses] [--quiet]: the answer engine's accuracy on the evaluation sets.
// Sealed sets (eval/sealed*.yaml) print aggregates only, never their misses: nobody tunes on them.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { AnswerEngine } from '../core/answer/engine.ts';
import { evaluate, readEvalSet } from '../core/answer/evaluation.ts';
import { parseCli, runCli, usageError } from './args.ts';
import { loadPacksOrExit } from './load.ts';

export const DEFAULT_EVAL_FILES = ['eval/questions.yaml', 'eval/dev.yaml', 'eval/dev2.yaml', 'eval/dev3.yaml', 'eval/holdout.yaml', 'eval/sealed.yaml'];

const spec = {
  name: 'npm run eval',
  usage: `Usage: npm run eval [-- FILE.yaml ...] [-- --misses] [-- --quiet] [-- --dir DIR]

  FILE.yaml  evaluation sets to score (default: every set in eval/)
  --misses   also list a sealed set's misses (they are hidden by default: nobody tunes on them)
  --quiet    print the scores only, no misses
  --dir DIR  the knowledge packs' folder (default: $KNOWLEDGE_DIR or knowledge)
  --help     show this help`,
  options: {
    misses: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    dir: { type: 'string', default: process.env.KNOWLEDGE_DIR ?? 'knowledge' },
  },
  positionals: { max: Infinity },
} as const;
const { values, positionals: files } = await parseCli(spec);
const missing = files.find((f) => !existsSync(f));
if (missing !== undefined) await usageError(spec, `no such file '${missing}'`);

await runCli('npm run eval', async () => {
  const engine = new AnswerEngine(await loadPacksOrExit(values.dir));
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
    if (values.quiet || (sealed && !values.misses)) continue;
    for (const m of r.misses) console.log(`  miss: ${JSON.stringify(m)}`);
  }
});
