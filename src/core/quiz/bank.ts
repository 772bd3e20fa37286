// The question bank: every pack's hand-written questions plus one generated "Who is responsible for
// <topic>?" question per topic, whose options are the pack's parties. Lookup and learning share it.
import type { KnowledgePack } from '../knowledge/loader.ts';
import { UsageError } from '../commands/command.ts';
import { clip } from '../reply/reply.ts';
import { generatedQuestion, topicDomains } from './generated.ts';

export type Difficulty = 'easy' | 'medium' | 'hard';
export const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];

// Words people use for a difficulty we do not have: an error to explain, never part of a topic.
const DIFFICULTY_LIKE = /^(easiest|easier|beginner|basic|simple|trivial|normal|moderate|intermediate|average|harder|hardest|difficult|tough|advanced|expert|extreme|insane|impossible|pro|master)$/i;

export function isDifficulty(word: string): word is Difficulty {
  return (DIFFICULTIES as readonly string[]).includes(word.toLowerCase());
}

export function looksLikeDifficulty(word: string): boolean {
  return DIFFICULTY_LIKE.test(word);
}

export interface QuizOption {
  text: string;
  /** Why this option is right or wrong, shown to whoever picked it (and with the reveal). */
  why?: string;
}

export interface QuizQuestion {
  /** Stable id: `<pack>:<question id>` or `<pack>:topic:<topic id>` for generated ones. */
  id: string;
  packId: string;
  /** The stem as people read it: "(Choose TWO)" is part of it on multi-select questions. */
  text: string;
  options: QuizOption[];
  /** Indexes of the correct options, ascending: one, or two or three on a multi-select question. */
  correct: number[];
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

export interface BankOptions {
  /** Ids of the packs' questions to keep out of every pool: known by id, never asked. */
  retire?: ReadonlySet<string>;
  /** Questions the packs no longer hold (a topic removed from chat), known by id, never asked. */
  retired?: readonly QuizQuestion[];
  /** Titles of the topics those questions are about, for stats of answers recorded before. */
  retiredTitles?: ReadonlyMap<string, string>;
}

export class QuestionBank {
  /** Every question that can be asked: the pools of daily posts, sessions, practice and exams. */
  readonly questions: QuizQuestion[] = [];
  private readonly byId = new Map<string, QuizQuestion>();
  /** Retired questions: answers already recorded for them keep their topic and domain in the stats. */
  private readonly retiredById = new Map<string, QuizQuestion>();

  constructor(
    readonly packs: readonly KnowledgePack[],
    private readonly options: BankOptions = {},
  ) {
    for (const q of options.retired ?? []) this.retiredById.set(q.id, q);
    for (const pack of packs) {
      for (const q of pack.questions) {
        const correct = q.options.flatMap((o, i) => (o.correct ? [i] : []));
        this.add({
          id: `${pack.id}:${q.id}`,
          packId: pack.id,
          text: correct.length > 1 ? `${q.question} (Choose ${countWord(correct.length)})` : q.question,
          options: q.options.map((o) => ({ text: o.text, ...(o.why ? { why: o.why } : {}) })),
          correct,
          explanation: q.explanation,
          topics: q.topics,
          services: q.services,
          difficulty: q.difficulty,
          domain: q.domain,
          generated: false,
        });
      }
      const domainOf = topicDomains(pack);
      for (const topic of pack.topics) this.add(generatedQuestion(pack, topic, domainOf));
    }
  }

  private add(q: QuizQuestion): void {
    if (this.options.retire?.has(q.id)) {
      this.retiredById.set(q.id, q);
      return;
    }
    this.questions.push(q);
    this.byId.set(q.id, q);
  }

  /** A question that can be asked now. */
  get(id: string): QuizQuestion | undefined {
    return this.byId.get(id);
  }

  /**
   * A question as it can be asked now, or as it was last known if it was retired: for what was already
   * asked or answered (a reveal, an open post, stats, reports), never to ask it again.
   */
  known(id: string): QuizQuestion | undefined {
    return this.byId.get(id) ?? this.retiredById.get(id);
  }

  /** A topic's title, also of a topic removed since (answers about it stay in the stats). */
  topicTitle(topicId: string): string | undefined {
    for (const p of this.packs) {
      const t = p.topics.find((x) => x.id === topicId);
      if (t) return t.title;
    }
    return this.options.retiredTitles?.get(topicId);
  }

  generatedFor(packId: string, topicId: string): QuizQuestion | undefined {
    return this.byId.get(`${packId}:topic:${topicId}`);
  }

  /**
   * Questions matching a filter. A topic may list several, comma-separated ("rds,lambda,iam"): the
   * result mixes them. Unknown topic words or an empty result are usage errors.
   */
  select(filter: QuestionFilter): QuizQuestion[] {
    let pool = this.questions;
    if (filter.topic) {
      const wanted = filter.topic.split(',').map((t) => t.trim()).filter(Boolean);
      const groups = wanted.map((w) => {
        const found = this.aboutTopic(w);
        if (found.length === 0) throw new UsageError(`I have no questions about "${clip(w, 40)}". Try a service (ec2, rds, lambda, s3, iam), a topic word (patching, encryption) or a study domain (${this.domainIds().slice(0, 3).join(', ')}).`);
        return found;
      });
      pool = [...new Set(groups.flat())];
    }
    if (filter.difficulty) pool = pool.filter((q) => q.difficulty === filter.difficulty);
    if (pool.length === 0) throw new UsageError('No questions match that combination of topic and difficulty.');
    return pool;
  }

  /** Whether every comma-separated part of a topic filter matches some question. */
  knows(topic: string): boolean {
    const wanted = topic.split(',').map((t) => t.trim()).filter(Boolean);
    return wanted.length > 0 && wanted.every((w) => this.aboutTopic(w).length > 0);
  }

  /** Questions about one topic id, service id, study domain id, or words of topic titles and aliases. */
  private aboutTopic(topic: string): QuizQuestion[] {
    const wanted = topic.toLowerCase();
    const byId = this.questions.filter((q) => q.topics.includes(wanted) || q.services.includes(wanted) || q.domain === wanted);
    if (byId.length) return byId;
    const words = wanted.split(/[\s-]+/).filter((w) => w.length > 2);
    if (words.length === 0) return [];
    const matchingTopics = new Set(
      this.packs.flatMap((p) =>
        p.topics.filter((t) => words.every((w) => `${t.title} ${t.id} ${t.aliases.join(' ')}`.toLowerCase().includes(w))).map((t) => t.id),
      ),
    );
    return this.questions.filter((q) => q.topics.some((t) => matchingTopics.has(t)));
  }

  /** Every study domain id the packs declare. */
  domainIds(): string[] {
    return [...new Set(this.packs.flatMap((p) => p.domains.map((d) => d.id)))];
  }

  /** Per pack: hand-written and generated questions, how many explain every option, how many are multi-select. */
  counts(packId: string): { questions: number; generated: number; explainedOptions: number; multiSelect: number; byDomain: Record<string, number> } {
    const own = this.questions.filter((q) => q.packId === packId);
    const written = own.filter((q) => !q.generated);
    const byDomain: Record<string, number> = {};
    for (const q of written) byDomain[q.domain] = (byDomain[q.domain] ?? 0) + 1;
    return {
      questions: written.length,
      generated: own.length - written.length,
      explainedOptions: written.filter((q) => q.options.every((o) => o.why)).length,
      multiSelect: written.filter(isMultiSelect).length,
      byDomain,
    };
  }
}

export function isMultiSelect(q: QuizQuestion): boolean {
  return q.correct.length > 1;
}

/** All or nothing: exactly the correct options, in any order. */
export function isRightAnswer(q: QuizQuestion, choices: readonly number[]): boolean {
  const picked = new Set(choices);
  return picked.size === q.correct.length && q.correct.every((i) => picked.has(i));
}

const COUNT_WORDS = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX'];

/** 2 → "TWO", as exams write it in "(Choose TWO)". */
export function countWord(n: number): string {
  return COUNT_WORDS[n] ?? String(n);
}
