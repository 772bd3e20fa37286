// Builds the real core on the real knowledge packs for adapter tests: the same wiring as main.ts,
// with an in-memory SQLite store, so every command (including /quiz) is there.
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { loadKnowledge, type KnowledgePack } from '../../src/core/knowledge/loader.ts';
import { createCore, type Core, type CoreOptions } from '../../src/core/responsibot.ts';

let cached: KnowledgePack[] | undefined;

export function realPacks(): KnowledgePack[] {
  if (!cached) {
    const { packs, problems } = loadKnowledge('knowledge');
    if (problems.length) throw new Error(`knowledge packs are invalid: ${problems.length} problems`);
    cached = packs;
  }
  return cached;
}

/** The real core on the real packs (or on `packs`, e.g. a test pack), with an in-memory store. */
export function makeCore(options: CoreOptions = {}, packs: readonly KnowledgePack[] = realPacks()): Core {
  return createCore(packs, { store: new SqliteStore(':memory:'), ...options });
}
