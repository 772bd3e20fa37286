import { loadKnowledge, type KnowledgePack } from '../core/knowledge/loader.ts';
import { formatProblem } from '../core/knowledge/yaml-file.ts';

/** Loads the packs or exits with the validation report: the bot never runs on broken knowledge. */
export function loadPacksOrExit(dir: string): KnowledgePack[] {
  const { packs, problems } = loadKnowledge(dir);
  if (problems.length) {
    for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
    process.stderr.write(`Knowledge packs in ${dir} have ${problems.length} problem(s); fix them (npm run validate) and start again.\n`);
    process.exit(1);
  }
  return packs;
}
