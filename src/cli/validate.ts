// npm run validate [-- --json] [-- --dir path]: checks every knowledge pack and reports `file:line: reason`.
import { loadKnowledge } from '../core/knowledge/loader.ts';
import { formatProblem } from '../core/knowledge/yaml-file.ts';
import { QuestionBank } from '../core/quiz/bank.ts';
import { parseCli } from './args.ts';

const { values } = await parseCli({
  name: 'npm run validate',
  usage: `Usage: npm run validate [-- --json] [-- --dir DIR]

  --json     one JSON object: per pack its topics, services and question counts, and every problem
  --dir DIR  the knowledge packs' folder (default: $KNOWLEDGE_DIR or knowledge)
  --help     show this help

Reports every problem as file:line: reason and exits 1 if there is any.`,
  options: { json: { type: 'boolean', default: false }, dir: { type: 'string', default: process.env.KNOWLEDGE_DIR ?? 'knowledge' } },
});

const { packs, problems } = loadKnowledge(values.dir);
const bank = new QuestionBank(packs);
if (values.json) {
  const out = {
    packs: packs.map((p) => {
      const c = bank.counts(p.id);
      return { id: p.id, topics: p.topics.length, questions: c.questions, generatedQuestions: c.generated, explainedOptions: c.explainedOptions, multiSelect: c.multiSelect, questionsByDomain: c.byDomain };
    }),
    ...(problems.length ? { problems: problems.map(formatProblem) } : {}),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
} else {
  for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
  for (const p of packs) {
    const c = bank.counts(p.id);
    process.stdout.write(
      `ok ${p.id}: ${count(p.topics.length, 'topic')}, ${count(p.services.length, 'service')}, ${count(c.questions, 'question')} (${c.multiSelect} multi-select, ${c.explainedOptions} with every option explained; +${c.generated} generated)\n`,
    );
  }
  if (problems.length) process.stderr.write(`${count(problems.length, 'problem')} found\n`);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
process.exitCode = problems.length ? 1 : 0;
