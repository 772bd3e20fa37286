// The question bank: every pack's hand-written questions plus one generated "Who is responsible for
// <topic>?" question per topic, whose options are the pack's parties. Lookup and learning share it.
import { GENERAL_SERVICE, partyOf, type KnowledgePack } from '../knowledge/loader.ts';
import type { Topic } from '../knowledge/schema.ts';
import { UsageError } from '../commands/command.ts';

export type Difficulty = 'easy' | 'medium' | 'hard';
export const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];

export interface QuizQuestion {
  /** Stable id: `<pack>:<question id>` or `<pack>:topic:<topic id>` for generated ones. */
  id: string;
  packId: string;
  text: string;
  options: string[];
  correct: number;
  explanation: string;
  topics: string[];
  services: string[];
  difficulty: Difficulty;
  domain: string;
  generated: boolean;
}

export interface QuestionFilter {
  /** A topic id, a service id, or words matched against topic titles. */
  topic?: string;
  difficulty?: Difficulty;
}

export class QuestionBank {
  readonly questions: QuizQuestion[] = [];
  private readonly byId = new Map<string, QuizQuestion>();

  constructor(readonly packs: readonly KnowledgePack[]) {
    for (const pack of packs) {
      for (const q of pack.questions) {
        // Multi-select questions ("choose two") wait until sessions can score several choices.
        if (q.options.filter((o) => o.correct).length !== 1) continue;
        this.add({
          id: `${pack.id}:${q.id}`,
          packId: pack.id,
          text: q.question,
          options: q.options.map((o) => o.text),
          correct: q.options.findIndex((o) => o.correct),
          explanation: q.explanation,
          topics: q.topics,
          services: q.services,
          difficulty: q.difficulty,
          domain: q.domain,
          generated: false,
        });
      }
      for (const topic of pack.topics) this.add(generatedQuestion(pack, topic));
    }
  }

  private add(q: QuizQuestion): void {
    this.questions.push(q);
    this.byId.set(q.id, q);
  }

  get(id: string): QuizQuestion | undefined {
    return this.byId.get(id);
  }

  generatedFor(packId: string, topicId: string): QuizQuestion | undefined {
    return this.byId.get(`${packId}:topic:${topicId}`);
  }

  /** Questions matching a filter. Unknown topic words or an empty result are usage errors. */
  select(filter: QuestionFilter): QuizQuestion[] {
    let pool = this.questions;
    if (filter.topic) {
      const wanted = filter.topic.trim().toLowerCase();
      const byTopicOrService = pool.filter((q) => q.topics.includes(wanted) || q.services.includes(wanted));
      if (byTopicOrService.length) pool = byTopicOrService;
      else {
        const words = wanted.split(/[\s-]+/).filter((w) => w.length > 2);
        const matchingTopics = new Set(
          this.packs.flatMap((p) =>
            p.topics.filter((t) => words.every((w) => `${t.title} ${t.id} ${t.aliases.join(' ')}`.toLowerCase().includes(w))).map((t) => t.id),
          ),
        );
        pool = pool.filter((q) => q.topics.some((t) => matchingTopics.has(t)));
      }
      if (pool.length === 0) throw new UsageError(`I have no questions about "${filter.topic}". Try a service (ec2, rds, lambda, s3, iam) or a topic word (patching, encryption).`);
    }
    if (filter.difficulty) pool = pool.filter((q) => q.difficulty === filter.difficulty);
    if (pool.length === 0) throw new UsageError('No questions match that combination of topic and difficulty.');
    return pool;
  }

  counts(packId: string): { questions: number; generated: number } {
    const own = this.questions.filter((q) => q.packId === packId);
    return { questions: own.filter((q) => !q.generated).length, generated: own.filter((q) => q.generated).length };
  }
}

function generatedQuestion(pack: KnowledgePack, topic: Topic): QuizQuestion {
  const parties = pack.parties;
  const responsible = partyOf(pack, topic.responsible);
  const split = Object.entries(topic.split ?? {})
    .map(([id, duty]) => `${partyOf(pack, id).name}: ${duty}`)
    .join(' ');
  return {
    id: `${pack.id}:topic:${topic.id}`,
    packId: pack.id,
    text: `Who is responsible for ${lowerFirst(topic.title)}?`,
    options: parties.map((p) => p.name),
    correct: parties.indexOf(responsible),
    explanation: [topic.explanation, split].filter(Boolean).join(' '),
    topics: [topic.id],
    services: topic.services.filter((s) => s !== GENERAL_SERVICE),
    difficulty: 'easy',
    domain: 'security-and-compliance',
    generated: true,
  };
}

/** "Patching the hypervisor" → "patching the hypervisor", but "AWS staff" and "EC2 …" keep their capitals. */
function lowerFirst(title: string): string {
  const first = title.split(' ')[0] ?? '';
  return /^[A-Z][a-z]/.test(first) && first.slice(1) === first.slice(1).toLowerCase() ? title[0]!.toLowerCase() + title.slice(1) : title;
}
