// Team facts from chat: admins add, edit and remove topics of a team pack (one whose pack.yaml says
// `chatEdits: true`; the AWS pack stays file-only). An edit is checked by the same schema and checks as
// a topic in a file and refused with the reason if it fails, changing nothing. Accepted edits are kept
// in the store with their history; every process compares the store's edit counter before answering
// and rebuilds its engine when it moved, so an edit is used everywhere at once.
import { parse, stringify } from 'yaml';
import { AnswerEngine } from '../answer/engine.ts';
import type { QuizStore, TopicOverride } from '../quiz/store.ts';
import { checkTopic } from './check-topic.ts';
import type { KnowledgePack } from './loader.ts';
import { topicSchema, type Topic } from './schema.ts';

/** The packs with the chat edits applied: edited topics replaced, removed ones gone, new ones added. */
export function applyOverrides(packs: readonly KnowledgePack[], overrides: readonly TopicOverride[]): KnowledgePack[] {
  return packs.map((pack) => {
    const mine = overrides.filter((o) => o.packId === pack.id);
    if (!pack.chatEdits || mine.length === 0) return pack;
    const byId = new Map(mine.map((o) => [o.topicId, o.topic === undefined ? undefined : (JSON.parse(o.topic) as Topic)]));
    const topics = pack.topics.flatMap((t) => (byId.has(t.id) ? (byId.get(t.id) ? [byId.get(t.id)!] : []) : [t]));
    for (const [id, t] of byId) if (t && !pack.topics.some((x) => x.id === id)) topics.push(t);
    return { ...pack, topics };
  });
}

/** A topic as typed (YAML, the same fields as in a pack's topics file), checked; or the reasons it fails. */
export function parseTopic(pack: KnowledgePack, typed: string, replacing?: string): { topic: Topic } | { problems: string[] } {
  let raw: unknown;
  try {
    raw = parse(typed);
  } catch (err) {
    return { problems: [`not valid YAML: ${(err as Error).message.split('\n')[0]}`] };
  }
  const parsed = topicSchema.safeParse(raw);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'topic'}: ${i.message}`) };
  const topic = parsed.data;
  const problems: string[] = [];
  if (replacing !== undefined && topic.id !== replacing) problems.push(`id: an edit keeps the id "${replacing}" (remove the topic and add a new one to rename it)`);
  if (replacing === undefined && pack.topics.some((t) => t.id === topic.id)) problems.push(`id: the topic "${topic.id}" already exists; edit it instead`);
  const topicIds = new Set([...pack.topics.map((t) => t.id), topic.id]);
  const around = { parties: pack.parties, serviceIds: new Set(pack.services.map((s) => s.id)), layers: pack.layers, topicIds };
  problems.push(...checkTopic(topic, around).map((p) => p.reason));
  return problems.length ? { problems } : { topic };
}

/** A topic as the YAML an admin edits (the format of a pack's topics files). */
export const topicYaml = (topic: Topic): string => stringify(topic, { lineWidth: 0 });

/**
 * The packs and engine as of the store's latest edit. `current()` costs one small query when nothing
 * changed; after an edit (by any process) it reloads the edits and builds a new engine once.
 */
export class LiveKnowledge {
  private version = 0;
  private packs: readonly KnowledgePack[];
  private overrides: readonly TopicOverride[] = [];
  private engine: AnswerEngine;
  private refreshing: Promise<void> | undefined;

  constructor(
    readonly basePacks: readonly KnowledgePack[],
    engine: AnswerEngine,
    private readonly store: QuizStore | undefined,
  ) {
    this.packs = basePacks;
    this.engine = engine;
  }

  get currentEngine(): AnswerEngine {
    return this.engine;
  }

  get currentPacks(): readonly KnowledgePack[] {
    return this.packs;
  }

  /** The chat edits `currentPacks` were built with (the quiz bank reads which topics were removed). */
  get currentOverrides(): readonly TopicOverride[] {
    return this.overrides;
  }

  /** Brings the engine up to the store's latest edit (no-op without a store or without team packs). */
  async refresh(): Promise<void> {
    if (!this.store || !this.basePacks.some((p) => p.chatEdits)) return;
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    await this.refreshing;
  }

  private async load(): Promise<void> {
    const version = await this.store!.knowledgeVersion();
    if (version === this.version) return;
    const overrides = await this.store!.topicOverrides();
    const packs = applyOverrides(this.basePacks, overrides);
    this.engine = new AnswerEngine(packs);
    this.packs = packs;
    this.overrides = overrides;
    this.version = version;
  }
}
