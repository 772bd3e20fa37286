// The quiz bank as of the store's latest chat edit of a team pack (/facts). LiveKnowledge rebuilds the
// packs when the store's edit counter moves; the bank is rebuilt from them once per version, so daily
// posts, sessions, practice and exams follow an edit made by any process. Question ids do not change
// (`<pack>:topic:<topic id>` for generated ones), so answers, practice cards and reports of an unchanged
// or edited topic keep pointing at its question, and an edited topic's question asks for the new owner.
//
// What leaves the pools is retired: known by id for reveals of posts already out, stats and reports,
// never asked again.
// - The generated question of a removed topic, as it was just before the removal (from the history).
// - A hand-written question of an edited pack that the validator would now refuse: its linked topic was
//   removed, or its answer no longer agrees with the linked topic's verdict. It was written for the old
//   facts, and asking it would teach the old owner. It comes back by itself when the topic agrees again
//   (an edit back), or once someone fixes the question file and exports the pack.
import { questionProblems } from '../knowledge/check-questions.ts';
import type { KnowledgePack } from '../knowledge/loader.ts';
import type { Topic } from '../knowledge/schema.ts';
import { QuestionBank, type QuizQuestion } from './bank.ts';
import { generatedQuestion, topicDomains } from './generated.ts';
import type { QuizStore, TopicOverride } from './store.ts';

/** Where the quiz engine gets its bank: `current` is valid until the next `refresh()`. */
export interface BankSource {
  readonly current: QuestionBank;
  /** Brings `current` up to the latest chat edit (a small query when nothing changed). */
  refresh(): Promise<void>;
}

/** The packs as of the latest chat edit (LiveKnowledge). */
export interface PackSource {
  readonly basePacks: readonly KnowledgePack[];
  readonly currentPacks: readonly KnowledgePack[];
  readonly currentOverrides: readonly TopicOverride[];
  refresh(): Promise<void>;
}

export class LiveBank implements BankSource {
  private bank: QuestionBank;
  private builtFrom: readonly KnowledgePack[];
  private building: Promise<void> | undefined;

  constructor(
    private readonly knowledge: PackSource,
    private readonly store: Pick<QuizStore, 'topicHistory'>,
  ) {
    this.builtFrom = knowledge.currentPacks;
    this.bank = new QuestionBank(this.builtFrom);
  }

  get current(): QuestionBank {
    return this.bank;
  }

  async refresh(): Promise<void> {
    await this.knowledge.refresh();
    if (this.knowledge.currentPacks === this.builtFrom) return;
    this.building ??= this.rebuild().finally(() => (this.building = undefined));
    await this.building;
  }

  private async rebuild(): Promise<void> {
    const { basePacks, currentPacks: packs, currentOverrides: overrides } = this.knowledge;
    const lastVersion = async (packId: string, topicId: string): Promise<Topic | undefined> => {
      const [removal] = await this.store.topicHistory(packId, topicId, 1);
      if (removal?.before) return JSON.parse(removal.before) as Topic;
      return basePacks.find((p) => p.id === packId)?.topics.find((t) => t.id === topicId);
    };
    this.bank = await editedBank(basePacks, packs, overrides, lastVersion);
    // If the packs moved again meanwhile, the next refresh builds once more.
    this.builtFrom = packs;
  }
}

/** The bank of the edited packs, with what the edits took out of the pools retired (see the top). */
export async function editedBank(
  basePacks: readonly KnowledgePack[],
  packs: readonly KnowledgePack[],
  overrides: readonly TopicOverride[],
  lastVersion: (packId: string, topicId: string) => Promise<Topic | undefined>,
): Promise<QuestionBank> {
  const retire = new Set<string>();
  const retired: QuizQuestion[] = [];
  const retiredTitles = new Map<string, string>();
  for (const pack of packs) {
    if (basePacks.includes(pack)) continue; // not edited: its questions passed the validator at start-up
    const topics = new Map(pack.topics.map((t) => [t.id, t]));
    const links = {
      parties: pack.parties,
      domains: pack.domains.length ? pack.domains : undefined,
      topics,
      topicIds: new Set(topics.keys()),
      serviceIds: new Set(pack.services.map((s) => s.id)),
    };
    for (const q of pack.questions) if (questionProblems(q, links).length) retire.add(`${pack.id}:${q.id}`);
    const domainOf = topicDomains(pack);
    for (const o of overrides) {
      if (o.packId !== pack.id || o.topic !== undefined || topics.has(o.topicId)) continue;
      const was = await lastVersion(pack.id, o.topicId);
      if (!was || !pack.parties.some((p) => p.id === was.responsible)) continue;
      retired.push(generatedQuestion(pack, was, domainOf));
      retiredTitles.set(was.id, was.title);
    }
  }
  return new QuestionBank(packs, { retire, retired, retiredTitles });
}
