// What the answer engine returns. Plain data: presenters turn it into replies, `summary.ts` into JSON.
import type { KnowledgePack } from '../knowledge/loader.ts';
import type { Model, Service, Topic } from '../knowledge/schema.ts';
import type { GridReading } from './grid.ts';
import type { OutsideReason } from './scope.ts';

export interface TopicRef {
  pack: KnowledgePack;
  topic: Topic;
}

export interface ServiceRef {
  pack: KnowledgePack;
  service: Service;
}

/**
 * sure: shown as a plain verdict. unsure: shown with doubt — "did you mean", or the rival reading side
 * by side — because the engine would be wrong too often on answers like it.
 */
export type Certainty = 'sure' | 'unsure';

/** How the owner of a layer changes with the service model (the OS: customer on EC2, AWS on RDS). */
export interface Variant {
  model: Model;
  verdict: string;
  /** A few services of the pack that run under this model. */
  services: ServiceRef[];
}

/** The other reading when two disagree: shown side by side instead of a confident verdict. */
export interface Rival {
  verdict: string;
  ref?: TopicRef;
  reading?: GridReading;
}

interface Verdict {
  question: string;
  /** A party id. */
  verdict: string;
  confidence: number;
  certainty: Certainty;
  alternatives: TopicRef[];
  /** Yes/no questions: the party the asker named. */
  askedParty?: string;
  variants?: Variant[];
  rival?: Rival;
}

export interface CompareRow {
  service: ServiceRef;
  /** Each row is the answer to the question asked of that service alone. */
  answer: Answer;
}

export interface OptionAnswer {
  /** The label as written ("B", "b", "2"). */
  label: string;
  text: string;
  answer: Answer;
  /** Whether this option answers the stem. */
  matches: boolean;
}

/** What a pasted multiple-choice stem asks for. */
export interface StemAsk {
  /** The party whose responsibilities are asked for ("which is AWS's job"), or undefined for "which is true". */
  party?: string;
  /** "Which is NOT …": the options that are not that party's answer the stem. */
  negated: boolean;
  /** "Choose TWO": how many options to pick; undefined when the stem does not say. */
  count?: number;
  /** "Which party is responsible for X? A. AWS B. The customer C. Both": the options are parties. */
  partyOptions: boolean;
}

export type Answer =
  | (Verdict & {
      kind: 'topic';
      ref: TopicRef;
      reading?: GridReading;
    })
  | (Verdict & { kind: 'grid'; reading: GridReading; via?: TopicRef })
  | { kind: 'service'; question: string; verdict: string; service: ServiceRef; confidence: number; certainty: 'sure'; alternatives: TopicRef[] }
  | { kind: 'compare'; question: string; verdict: string; subject: string; rows: CompareRow[]; confidence: number; certainty: Certainty; alternatives: [] }
  | { kind: 'options'; question: string; verdict: 'unknown'; stem: string; ask: StemAsk; options: OptionAnswer[]; confidence: number; certainty: Certainty; alternatives: [] }
  | { kind: 'outside'; question: string; verdict: 'unknown'; reason: OutsideReason; confidence: 0; certainty: 'sure'; alternatives: [] }
  | { kind: 'unknown'; question: string; verdict: 'unknown'; confidence: number; certainty: 'unsure'; alternatives: TopicRef[] }
  | { kind: 'empty'; question: string; verdict: 'unknown'; confidence: 0; certainty: 'sure'; alternatives: [] };

/** Answers that carry one verdict with its reason (a topic or a grid cell). */
export type VerdictAnswer = Extract<Answer, { kind: 'topic' | 'grid' }>;
