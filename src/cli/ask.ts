// npm run -s ask -- "who patches the hypervisor?" [--json]   (--json: the fields of AnswerSummary, summary.ts)
// npm run -s ask -- --batch [--json] < questions.txt   (one question per line, answers in order)
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AnswerEngine } from '../core/answer/engine.ts';
import { summarize } from '../core/answer/summary.ts';
import { presentAnswer } from '../core/answer/present/answer.ts';
import { renderText } from '../adapters/console/render-text.ts';
import { loadPacksOrExit } from './load.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    batch: { type: 'boolean', default: false },
    dir: { type: 'string', default: process.env.KNOWLEDGE_DIR ?? 'knowledge' },
  },
});

const engine = new AnswerEngine(await loadPacksOrExit(values.dir));

function print(question: string): void {
  const answer = engine.answer(question);
  if (values.json) process.stdout.write(`${JSON.stringify(summarize(answer))}\n`);
  else process.stdout.write(`${renderText(presentAnswer(answer, engine.packs, { shareable: false })).text}\n\n`);
}

if (values.batch) {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) print(line);
} else {
  const question = positionals.join(' ');
  if (!question.trim()) {
    process.stderr.write('Usage: npm run -s ask -- "who patches the hypervisor?" [--json]\n       npm run -s ask -- --batch [--json] < questions.txt\n');
    process.exitCode = 2;
  } else print(question);
}
