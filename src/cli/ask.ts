// npm run -s ask -- "who patches the hypervisor?" [--json]   (--json: the fields of AnswerSummary, summary.ts)
// npm run -s ask -- --batch [--json] < questions.txt   (one question per line, answers in order)
// npm run -s ask -- --image FILE "who patches the OS on EC2 vs RDS vs Lambda?"   (the answer's diagram as PNG)
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { AnswerEngine } from '../core/answer/engine.ts';
import { summarize } from '../core/answer/summary.ts';
import { presentAnswer } from '../core/answer/present/answer.ts';
import { ACTION_SHOW_SERVICE, ACTION_SHOW_TOPIC } from '../core/answer/present/common.ts';
import { diagramForAnswer } from '../core/diagram/build.ts';
import type { Block, Reply } from '../core/reply/reply.ts';
import { renderText } from '../adapters/console/render-text.ts';
import { parseCli, runCli, usageError } from './args.ts';
import { loadPacksOrExit } from './load.ts';

const spec = {
  name: 'npm run ask',
  usage: `Usage: npm run -s ask -- "who patches the hypervisor?" [--json] [--image FILE] [--dir DIR]
       npm run -s ask -- --batch [--json] [--dir DIR] < questions.txt

  --json        one JSON object per answer (verdict, topic, confidence, …) instead of readable text
  --batch       answer each line of standard input, in order
  --image FILE  also write the answer's diagram to FILE as a PNG
  --dir DIR     the knowledge packs' folder (default: $KNOWLEDGE_DIR or knowledge)
  --help        show this help`,
  options: {
    json: { type: 'boolean', default: false },
    batch: { type: 'boolean', default: false },
    image: { type: 'string' },
    dir: { type: 'string', default: process.env.KNOWLEDGE_DIR ?? 'knowledge' },
  },
  positionals: { max: Infinity },
} as const;

const { values, positionals } = await parseCli(spec);
if (values.batch && positionals.length) await usageError(spec, '--batch reads its questions from standard input, not from arguments');
if (values.batch && values.image) await usageError(spec, '--image draws one answer; it does not go with --batch');
const question = positionals.join(' ');
if (!values.batch && !question.trim()) await usageError(spec, 'nothing to ask');

await runCli(spec.name, async () => {
  const engine = new AnswerEngine(await loadPacksOrExit(values.dir));

  const print = (asked: string, repeat: boolean): void => {
    const answer = engine.answer(asked);
    if (values.json) process.stdout.write(`${JSON.stringify(summarize(answer))}\n`);
    else {
      // In a batch the answers follow each other: each starts with the question it answers.
      const text = renderText(readable(presentAnswer(answer, engine.packs, { shareable: false }))).text;
      process.stdout.write(`${repeat ? `> ${asked}\n` : ''}${text}\n\n`);
    }
  };

  if (values.batch) {
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of rl) print(line, true);
    return;
  }
  print(question, false);
  if (values.image) await writeImage(engine, question, values.image);
});

/**
 * Nobody can press a button in a terminal's output: topics and services the answer offers stay as a
 * plain list, and the other buttons (More, Share, …) are left out.
 */
function readable(reply: Reply): Reply {
  const blocks = reply.blocks.flatMap((block): Block[] => {
    if (block.type !== 'actions') return [block];
    const offered = block.buttons.filter((b) => b.action === ACTION_SHOW_TOPIC || b.action === ACTION_SHOW_SERVICE);
    return offered.length ? [{ type: 'section', text: offered.map((b) => `  - ${b.label}`).join('\n') }] : [];
  });
  return { ...reply, blocks };
}

/** Writes the answer's diagram to `file`; says so (and why not) on stderr, so stdout stays the answer. */
async function writeImage(engine: AnswerEngine, asked: string, file: string): Promise<void> {
  const diagram = diagramForAnswer(engine.answer(asked));
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
