// npm run -s ask -- "who patches the hypervisor?" [--json]   (--json: the fields of AnswerSummary, summary.ts)
// npm run -s ask -- --batch [--json] < questions.txt   (one question per line, answers in order)
// npm run -s ask -- --image FILE "who patches the OS on EC2 vs RDS vs Lambda?"   (the answer's diagram as PNG)
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AnswerEngine } from '../core/answer/engine.ts';
import { summarize } from '../core/answer/summary.ts';
import { presentAnswer } from '../core/answer/present/answer.ts';
import { diagramForAnswer } from '../core/diagram/build.ts';
import { renderText } from '../adapters/console/render-text.ts';
import { loadPacksOrExit } from './load.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    batch: { type: 'boolean', default: false },
    image: { type: 'string' },
    dir: { type: 'string', default: process.env.KNOWLEDGE_DIR ?? 'knowledge' },
  },
});

const engine = new AnswerEngine(await loadPacksOrExit(values.dir));

function print(question: string): void {
  const answer = engine.answer(question);
  if (values.json) process.stdout.write(`${JSON.stringify(summarize(answer))}\n`);
  else process.stdout.write(`${renderText(presentAnswer(answer, engine.packs, { shareable: false })).text}\n\n`);
}

/** Writes the answer's diagram to `file`; says so (and why not) on stderr, so stdout stays the answer. */
async function writeImage(question: string, file: string): Promise<void> {
  const diagram = diagramForAnswer(engine.answer(question));
  if (!diagram) {
    process.stderr.write('This answer has no diagram (nothing in the packs matched the question).\n');
    process.exitCode = 1;
    return;
  }
  // Loaded only here: the renderer's native module is not needed to answer in text.
  const { ResvgRenderer } = await import('../adapters/images/resvg-renderer.ts');
  writeFileSync(file, await new ResvgRenderer().renderPng((await import('../core/diagram/svg.ts')).diagramSvg(diagram)));
  process.stderr.write(`Diagram written to ${file} (${diagram.alt.slice(0, 200)}${diagram.alt.length > 200 ? '…' : ''})\n`);
}

const usage = 'Usage: npm run -s ask -- "who patches the hypervisor?" [--json] [--image FILE]\n       npm run -s ask -- --batch [--json] < questions.txt\n';
if (values.batch) {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) print(line);
} else {
  const question = positionals.join(' ');
  if (!question.trim()) {
    process.stderr.write(usage);
    process.exitCode = 2;
  } else {
    print(question);
    if (values.image) await writeImage(question, values.image);
  }
}
