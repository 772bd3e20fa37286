// The answer engine: "who is responsible for X?" → a verdict, the topic behind it, and how sure we are.
//
// This file only orchestrates; each step has its own module:
//   topic-index.ts  the index over topic phrasings and texts     typos.ts     repairs misspelt words
//   services.ts     finds the services a question names           ranking.ts   scores the candidate topics
import { type KnowledgePack } from '../knowledge/loader.ts';
import type { Answer, ServiceRef, TopicRef } from './answer.ts';
import { TopicRanker, type Ranked } from './ranking.ts';
import { ServiceDetector } from './services.ts';
import { normalize, stripFraming } from './text.ts';
import { TopicIndex, isSoft } from './topic-index.ts';
import { TypoRepair } from './typos.ts';

export type { Answer, ServiceRef, TopicRef } from './answer.ts';

export interface EngineOptions {
  /** Below this score the engine says it does not know. */
  unknownBelow?: number;
  /** Below this score a verdict comes with "did you mean" alternatives. */
  unsureBelow?: number;
}

const MAX_QUESTION_CHARS = 500;
const MAX_ALTERNATIVES = 3;

export class AnswerEngine {
  readonly packs: readonly KnowledgePack[];
  private readonly index: TopicIndex;
  private readonly typos: TypoRepair;
  private readonly services: ServiceDetector;
  private readonly ranker: TopicRanker;
  private readonly unknownBelow: number;
  private readonly unsureBelow: number;

  constructor(packs: readonly KnowledgePack[], options: EngineOptions = {}) {
    this.packs = packs;
    this.unknownBelow = options.unknownBelow ?? 0.5;
    this.unsureBelow = options.unsureBelow ?? 0.72;
    this.index = new TopicIndex(packs);
    this.services = new ServiceDetector(packs, (pack, service, word) => !this.index.usedElsewhere(pack, service, word));
    this.typos = new TypoRepair(this.index.vocabulary, this.index.stemsKnown);
    this.ranker = new TopicRanker(this.index);
  }

  get topicCount(): number {
    return this.index.entries.length;
  }

  /** Answers one question. Never throws on user input. */
  answer(rawQuestion: string): Answer {
    const question = rawQuestion.slice(0, MAX_QUESTION_CHARS);
    const normalized = normalize(question);
    const tokens = this.dropAskedParty(stripFraming(this.typos.repair(normalized.split(' ').filter(Boolean)).join(' ')).split(' ').filter(Boolean));
    const services = this.services.detect(tokens);
    const inService = new Set<number>();
    for (const s of services) for (let i = s.start; i < s.end; i++) inService.add(i);
    const allContent = this.index.terms(tokens.filter((_, i) => !inService.has(i)));
    const contentTerms = allContent.filter((t) => !isSoft(t));
    const serviceTerms = this.index.terms(tokens.filter((_, i) => inService.has(i)));

    // A question that only names a service ("/who lambda") gets that service's split; one that
    // describes a task in a service's words ("vulnerability scanning") is about a topic.
    const asks = asksForResponsibility(tokens.join(' '));
    if (contentTerms.length === 0 && services.every((s) => s.named) && asks) {
      const strong = services.filter((s) => s.strong);
      const named = strong[0] ?? services[0];
      if (named) return { kind: 'service', question, verdict: sharedPartyOf(named.ref.pack), service: named.ref, confidence: 1, alternatives: [] };
      // Only a party is named ("what is AWS responsible for?"): that party's side of the model.
      if (allContent.length === 0) return { kind: 'empty', question, verdict: 'unknown', confidence: 0, alternatives: [] };
    }

    const queryTerms = [...new Set([...allContent, ...serviceTerms])];
    // Below these scores a topic is neither a "did you mean" (below) nor a close runner-up.
    const ranked = this.ranker.rank(queryTerms, services, (best) => Math.min(0.25, this.unknownBelow * 0.8, best - 0.05));
    const best = ranked[0];
    if (!best || best.score < this.unknownBelow || !asks) {
      return {
        kind: 'unknown',
        question,
        verdict: 'unknown',
        confidence: round(best?.score ?? 0),
        alternatives: ranked.filter((r) => r.score >= 0.25).slice(0, MAX_ALTERNATIVES).map((r) => r.entry.ref),
      };
    }
    const runnerUp = ranked.find((r) => r.entry.ref.topic.responsible !== best.entry.ref.topic.responsible);
    const contested = runnerUp !== undefined && runnerUp.score > best.score - 0.05;
    const unsure = best.score < this.unsureBelow || contested;
    const alternatives = unsure
      ? ranked.slice(1).filter((r) => r.score >= this.unknownBelow * 0.8).slice(0, MAX_ALTERNATIVES).map((r) => r.entry.ref)
      : [];
    return {
      kind: 'topic',
      question,
      verdict: best.entry.ref.topic.responsible,
      ref: best.entry.ref,
      confidence: round(Math.min(1, best.score)),
      alternatives,
      askedParty: askedParty(normalized, best.entry.ref.pack),
    };
  }

  /** Topics matching partly typed text, best first (for autocomplete). */
  suggest(partial: string, limit = 10): TopicRef[] {
    const tokens = normalize(partial.slice(0, MAX_QUESTION_CHARS)).split(' ').filter(Boolean);
    if (tokens.length === 0) return this.index.entries.slice(0, limit).map((e) => e.ref);
    const last = tokens[tokens.length - 1]!;
    // The last word may be unfinished: complete it from the vocabulary.
    const completions = last.length >= 2 ? this.typos.completions(last, 5) : [];
    const head = tokens.slice(0, -1);
    const variants = completions.length ? completions.map((c) => [...head, c]) : [tokens];
    const scores = new Map<Ranked['entry'], number>();
    for (const variant of variants) {
      const repaired = this.typos.repair(variant);
      const services = this.services.detect(repaired);
      const terms = [...new Set(this.index.terms(repaired))];
      if (terms.length === 0) continue;
      for (const r of this.ranker.rank(terms, services)) scores.set(r.entry, Math.max(scores.get(r.entry) ?? 0, r.score));
    }
    return [...scores.entries()]
      .filter(([, s]) => s > 0.2)
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([e]) => e.ref);
  }

  findTopic(packId: string, topicId: string): TopicRef | undefined {
    return this.index.entries.find((e) => e.ref.pack.id === packId && e.ref.topic.id === topicId)?.ref;
  }

  /** The id of the service a name refers to ("RDS", "amazon rds", "rds"), if any pack knows it. */
  resolveServiceId(name: string): string | undefined {
    const key = normalize(name.replace(/-/g, ' '));
    for (const pack of this.packs) {
      for (const s of pack.services) {
        if (normalize(s.id.replace(/-/g, ' ')) === key || normalize(s.name) === key || s.aliases.some((a) => normalize(a) === key)) return s.id;
      }
    }
    return this.services.lookup(key)?.service.id;
  }

  findService(packId: string, serviceId: string): ServiceRef | undefined {
    const pack = this.packs.find((p) => p.id === packId);
    const service = pack?.services.find((s) => s.id === serviceId);
    return pack && service ? { pack, service } : undefined;
  }

  /** "Is AWS responsible…", "do we have to…": the party after the verb is who is asked, not the subject. */
  private dropAskedParty(tokens: string[]): string[] {
    if (tokens.length > 2 && AUX_VERBS.has(tokens[0]!) && this.index.partyWords.has(tokens[1]!)) return [tokens[0]!, ...tokens.slice(2)];
    return tokens;
  }
}

const AUX_VERBS = new Set(['is', 'are', 'does', 'do', 'did', 'should', 'shall', 'must', 'can', 'will', 'would', 'am']);

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The pack's shared party (a service split is a shared picture), or its first party. */
function sharedPartyOf(pack: KnowledgePack): string {
  return (pack.parties.find((p) => p.shared) ?? pack.parties[0])!.id;
}

/** Questions about facts, definitions or how-tos rather than about who is responsible. */
const NOT_ABOUT_RESPONSIBILITY = /^(how (many|much|long|big|fast|old|often)|when (was|did|is|will|does)|where (is|are|can|do|does)|(how (do|can|should|would|to|does)|what (is|are|does|do|s)|what the|explain|define|describe|tell me about|difference between|whats the difference)\b)/;
const RESPONSIBILITY_CUE = /\b(who|whom|whose|responsib\w*|job|duty|duties|accountab\w*|fault|blame|owns?|aws|amazon|customer|our|ours|we|us)\b/;

export function asksForResponsibility(normalizedQuestion: string): boolean {
  const m = NOT_ABOUT_RESPONSIBILITY.exec(normalizedQuestion);
  if (!m) return true;
  // "How many regions does AWS have" is trivia whatever words follow; "what does AWS do for RDS" is not.
  if (/^(how (many|much|long|big|fast|old|often)|when|where)/.test(m[0])) return /\b(who|whose|responsib\w*)\b/.test(normalizedQuestion);
  return RESPONSIBILITY_CUE.test(normalizedQuestion.slice(m[0].length));
}

const YES_NO = /^\s*(is|are|does|do|did|should|shall|must|can|will|would|am)\s+(.*)$/i;

/** For "is AWS responsible for …?" style questions: which party the asker named first. */
function askedParty(normalizedQuestion: string, pack: KnowledgePack): string | undefined {
  const m = YES_NO.exec(normalizedQuestion);
  if (!m) return undefined;
  const rest = ` ${m[2]} `;
  let bestAt = Infinity;
  let best: string | undefined;
  for (const { party, name } of partyNames(pack)) {
    const at = rest.indexOf(name);
    if (at >= 0 && at < bestAt) {
      bestAt = at;
      best = party;
    }
  }
  return best;
}

const partyNamesByPack = new WeakMap<KnowledgePack, { party: string; name: string }[]>();

/** Each party's id, name and aliases, normalised and padded with spaces for whole-word search. */
function partyNames(pack: KnowledgePack): { party: string; name: string }[] {
  let names = partyNamesByPack.get(pack);
  if (!names) {
    names = pack.parties.flatMap((party) => [party.id, party.name, ...(party.aliases ?? [])].map((n) => ({ party: party.id, name: ` ${normalize(n)} ` })));
    partyNamesByPack.set(pack, names);
  }
  return names;
}
