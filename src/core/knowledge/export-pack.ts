// Writes a team pack's chat edits back into its YAML files, so they can be reviewed and committed: an
// edited topic replaces its entry in the file that holds it (comments elsewhere in the file are kept),
// a removed one leaves its file, and new ones go to topics/chat-edits.yaml.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import type { TopicOverride } from '../quiz/store.ts';
import type { KnowledgePack } from './loader.ts';
import type { Topic } from './schema.ts';

export const CHAT_EDITS_FILE = 'chat-edits.yaml';

export interface Exported {
  updated: string[];
  removed: string[];
  added: string[];
  files: string[];
}

export function exportPack(pack: KnowledgePack, overrides: readonly TopicOverride[]): Exported {
  const out: Exported = { updated: [], removed: [], added: [], files: [] };
  const dir = join(pack.dir, 'topics');
  const docs = new Map<string, Document>();
  for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) docs.set(join(dir, name), parseDocument(readFileSync(join(dir, name), 'utf8')));
  const changed = new Set<string>();
  const locate = (id: string): { file: string; index: number } | undefined => {
    for (const [file, doc] of docs) {
      const seq = doc.get('topics');
      if (!isSeq(seq)) continue;
      const index = seq.items.findIndex((item) => isMap(item) && item.get('id') === id);
      if (index >= 0) return { file, index };
    }
    return undefined;
  };
  for (const o of overrides.filter((x) => x.packId === pack.id)) {
    const at = locate(o.topicId);
    const topic = o.topic === undefined ? undefined : (JSON.parse(o.topic) as Topic);
    if (at && topic) {
      docs.get(at.file)!.setIn(['topics', at.index], docs.get(at.file)!.createNode(topic));
      out.updated.push(o.topicId);
      changed.add(at.file);
    } else if (at) {
      docs.get(at.file)!.deleteIn(['topics', at.index]);
      out.removed.push(o.topicId);
      changed.add(at.file);
    } else if (topic) {
      const file = join(dir, CHAT_EDITS_FILE);
      if (!docs.has(file)) docs.set(file, parseDocument(existsSync(file) ? readFileSync(file, 'utf8') : '# Topics added from chat (/facts add), written by npm run export-pack.\ntopics: []\n'));
      const doc = docs.get(file)!;
      const seq = doc.get('topics');
      if (isSeq(seq)) seq.flow = false;
      doc.addIn(['topics'], doc.createNode(topic));
      out.added.push(o.topicId);
      changed.add(file);
    }
  }
  for (const file of changed) writeFileSync(file, docs.get(file)!.toString({ lineWidth: 0 }));
  out.files = [...changed].sort();
  return out;
}
