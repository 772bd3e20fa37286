// What the answer engine returns. Plain data: presenters turn it into replies, `summary.ts` into JSON.
import type { KnowledgePack } from '../knowledge/loader.ts';
import type { Service, Topic } from '../knowledge/schema.ts';

export interface TopicRef {
  pack: KnowledgePack;
  topic: Topic;
}

export interface ServiceRef {
  pack: KnowledgePack;
  service: Service;
}

export type Answer =
  | { kind: 'topic'; question: string; verdict: string; ref: TopicRef; confidence: number; alternatives: TopicRef[]; askedParty?: string }
  | { kind: 'service'; question: string; verdict: string; service: ServiceRef; confidence: number; alternatives: TopicRef[] }
  | { kind: 'unknown'; question: string; verdict: 'unknown'; confidence: number; alternatives: TopicRef[] }
  | { kind: 'empty'; question: string; verdict: 'unknown'; confidence: 0; alternatives: [] };
