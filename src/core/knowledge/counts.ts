import type { KnowledgePack } from './loader.ts';

/** Every topic yields one "Who is responsible for <topic>?" question. */
export function generatedQuestionCount(pack: KnowledgePack): number {
  return pack.topics.length;
}
