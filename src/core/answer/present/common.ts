// What every answer card shares: action ids, button values, the options presenters take, and the
// buttons and lines that appear on more than one kind of card.
import type { KnowledgePack } from '../../knowledge/loader.ts';
import type { Topic } from '../../knowledge/schema.ts';
import { clip, type Block, type Button } from '../../reply/reply.ts';
import type { Answer, ServiceRef, TopicRef } from '../answer.ts';

export const ACTION_SHOW_TOPIC = 'who.topic';
export const ACTION_MORE = 'who.more';
export const ACTION_SHARE = 'who.share';
export const ACTION_SHOW_SERVICE = 'who.service';

export function topicValue(ref: TopicRef): string {
  return `${ref.pack.id}/${ref.topic.id}`;
}

export function serviceValue(ref: ServiceRef): string {
  return `${ref.pack.id}/${ref.service.id}`;
}

/** What an extra button is about: a topic or a service ("Quiz me on this"). */
export type ButtonTarget = { topic: TopicRef } | { service: ServiceRef };

export interface PresentOptions {
  /** Offer the "Share in channel" button (not on a reply that is already public). */
  shareable: boolean;
  /** Extra buttons from other features (e.g. "Quiz me on this"). */
  extraButtons?: (target: ButtonTarget) => Button[];
  /** A line saying who shared the answer, for public copies. */
  sharedBy?: string;
}

export function didYouMean(alternatives: readonly TopicRef[]): Button[] {
  return alternatives.map((alt) => ({ action: ACTION_SHOW_TOPIC, value: topicValue(alt), label: clip(`Did you mean: ${alt.topic.title}`, 75) }));
}

export function sourceLine(topic: Topic, answer?: Answer): string {
  const source = topic.sources[0]!;
  const where = source.url ? `${source.title} (${source.url})` : source.title;
  const confidence = answer && (answer.kind === 'topic' || answer.kind === 'grid') ? ` · match confidence ${Math.round(answer.confidence * 100)}%` : '';
  return `Source: ${where}${confidence}`;
}

export function sharedByBlock(opts: PresentOptions): Block[] {
  return opts.sharedBy ? [{ type: 'context', text: `Shared by ${opts.sharedBy}` }] : [];
}

/** Example questions for "try:" lines: the packs' own, else the first topics' first aliases. */
export function exampleQuestions(packs: readonly KnowledgePack[]): string[] {
  const declared = packs.flatMap((p) => p.examples);
  if (declared.length) return declared.slice(0, 4);
  return packs.flatMap((p) => p.topics.slice(0, 2).map((t) => t.aliases[0] ?? t.title)).slice(0, 4);
}

export function scopeOf(packs: readonly KnowledgePack[]): string {
  return packs.map((p) => p.name).join(', ');
}
