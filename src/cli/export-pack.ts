// npm run export-pack <pack>: writes a team pack's chat edits (/facts) back to its YAML files so they can
// be committed, then checks the pack still loads. Uses the same database as the bot (DATA_DIR or DATABASE_URL).
import { loadConfig, loadDotEnv } from '../config.ts';
import { exportPack } from '../core/knowledge/export-pack.ts';
import { loadKnowledge } from '../core/knowledge/loader.ts';
import { formatProblem } from '../core/knowledge/yaml-file.ts';
import { silentLogger } from '../core/ports/logger.ts';
import { openStore } from '../open-store.ts';

loadDotEnv();
const packId = process.argv[2];
if (!packId || packId.startsWith('-')) {
  process.stderr.write('Usage: npm run export-pack -- <pack id>   (writes the chat edits of that team pack into its YAML files)\n');
  process.exit(2);
}
const config = loadConfig();
const { packs } = loadKnowledge(config.KNOWLEDGE_DIR);
const pack = packs.find((p) => p.id === packId);
if (!pack) {
  process.stderr.write(`There is no pack "${packId}" in ${config.KNOWLEDGE_DIR} (packs: ${packs.map((p) => p.id).join(', ') || 'none'}).\n`);
  process.exit(1);
}
if (!pack.chatEdits) {
  process.stderr.write(`The pack ${pack.id} is file-only (no chatEdits: true in its pack.yaml): it has no chat edits to export.\n`);
  process.exit(1);
}
const store = await openStore(config, silentLogger);
try {
  const done = exportPack(pack, await store.topicOverrides());
  const { problems } = loadKnowledge(pack.dir);
  for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
  process.stdout.write(
    `exported ${pack.id}: ${done.updated.length} edited, ${done.added.length} added, ${done.removed.length} removed${done.files.length ? ` (${done.files.join(', ')})` : ' (nothing to write)'}\n`,
  );
  if (problems.length) process.exitCode = 1;
} finally {
  await store.close();
}
