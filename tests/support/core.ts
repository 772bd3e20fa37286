// Builds the real core on the real knowledge packs for adapter tests. One place, so when the core
// grows (store, clock) every adapter test picks it up.
import { loadKnowledge, type KnowledgePack } from '../../src/core/knowledge/loader.ts';
import { createCore, type Core } from '../../src/core/responsibot.ts';

let cached: KnowledgePack[] | undefined;

export function realPacks(): KnowledgePack[] {
  if (!cached) {
    const { packs, problems } = loadKnowledge('knowledge');
    if (problems.length) throw new Error(`knowledge packs are invalid: ${problems.length} problems`);
    cached = packs;
  }
  return cached;
}

export function makeCore(): Core {
  return createCore(realPacks());
}
