import { loadKnowledge, type KnowledgePack } from '../core/knowledge/loader.ts';
import { formatProblem } from '../core/knowledge/yaml-file.ts';

/** Loads the packs or exits with the validation report: the bot never runs on broken knowledge. */
export async function loadPacksOrExit(dir: string): Promise<KnowledgePack[]> {
  const { packs, problems } = loadKnowledge(dir);
  if (problems.length) {
    const report = `${problems.map(formatProblem).join('\n')}\nKnowledge packs in ${dir} have ${problems.length} problem(s); fix them (npm run validate) and start again.\n`;
    // Exit only once the whole report is written: a slow reader of stderr must get all of it.
    await new Promise<void>((resolve) => process.stderr.write(report, () => resolve()));
    process.exit(1);
  }
  return packs;
}
