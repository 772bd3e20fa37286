// The answer engine: "who is responsible for X?" → a verdict, the topic behind it, and how sure we are.
//
// Design: an inverted index over the words of every topic title and alias finds the few topics that
// share words with the question; each is scored by how much of the question one of its phrasings
// explains (weighted by word rarity). fuse.js repairs typos by matching unknown words against the
// index vocabulary, so we pay for fuzzy matching per misspelt word, not per topic. Services named in
// the question ("on RDS", "my EC2 box") steer the answer towards topics about that service.
import Fuse from 'fuse.js';
import { GENERAL_SERVICE, type KnowledgePack } from '../knowledge/loader.ts';
import type { Service, Topic } from '../knowledge/schema.ts';
import { SynonymFolder, isStopword, normalize, stem } from './text.ts';

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

export interface EngineOptions {
  /** Below this score the engine says it does not know. */
  unknownBelow?: number;
  /** Below this score a verdict comes with "did you mean" alternatives. */
  unsureBelow?: number;
}

interface Entry {
  ref: TopicRef;
  services: Set<string>;
  /** Per phrasing (title first, then aliases): its distinct terms and their summed weight. */
  phrases: { terms: string[]; weight: number }[];
  docTerms: Set<string>;
}

interface DetectedService {
  ref: ServiceRef;
  strong: boolean;
  start: number;
  end: number;
}

const MAX_QUESTION_CHARS = 500;
const MAX_ALTERNATIVES = 3;

export class AnswerEngine {
  readonly packs: readonly KnowledgePack[];
  private readonly synonyms: SynonymFolder;
  private readonly entries: Entry[] = [];
  /** term → [entry index, phrase index] pairs. */
  private readonly phraseIndex = new Map<string, number[]>();
  /** term → entry indexes whose full text (incl. explanation) has it. */
  private readonly docIndex = new Map<string, number[]>();
  private readonly idf = new Map<string, number>();
  private unknownWeight = 1;
  /** Every surface word the index knows, for typo repair. */
  private readonly vocabulary = new Set<string>();
  private readonly stemsKnown = new Set<string>();
  private readonly fuseByLength = new Map<number, Fuse<string>>();
  private readonly serviceAliases = new Map<string, { ref: ServiceRef; strong: boolean }[]>();
  private maxServiceAliasWords = 1;
  private readonly unknownBelow: number;
  private readonly unsureBelow: number;

  constructor(packs: readonly KnowledgePack[], options: EngineOptions = {}) {
    this.packs = packs;
    this.unknownBelow = options.unknownBelow ?? 0.5;
    this.unsureBelow = options.unsureBelow ?? 0.72;
    this.synonyms = new SynonymFolder(packs.flatMap((p) => p.synonyms));
    this.build();
  }

  get topicCount(): number {
    return this.entries.length;
  }

  /** Answers one question. Never throws on user input. */
  answer(rawQuestion: string): Answer {
    const question = rawQuestion.slice(0, MAX_QUESTION_CHARS);
    const tokens = this.repairTypos(normalize(question).split(' ').filter(Boolean));
    const services = this.detectServices(tokens);
    const inService = new Set<number>();
    for (const s of services) for (let i = s.start; i < s.end; i++) inService.add(i);
    const contentTerms = this.terms(tokens.filter((_, i) => !inService.has(i)));
    const serviceTerms = this.terms(tokens.filter((_, i) => inService.has(i)));

    if (contentTerms.length === 0) {
      const strong = services.filter((s) => s.strong);
      const named = strong[0] ?? services[0];
      if (named) return { kind: 'service', question, verdict: sharedPartyOf(named.ref.pack), service: named.ref, confidence: 1, alternatives: [] };
      return { kind: 'empty', question, verdict: 'unknown', confidence: 0, alternatives: [] };
    }

    const queryTerms = [...new Set([...contentTerms, ...serviceTerms])];
    const ranked = this.rank(queryTerms, services);
    const best = ranked[0];
    if (!best || best.score < this.unknownBelow) {
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
      askedParty: askedParty(question, best.entry.ref.pack),
    };
  }

  /** Topics matching partly typed text, best first (for autocomplete). */
  suggest(partial: string, limit = 10): TopicRef[] {
    const tokens = normalize(partial.slice(0, MAX_QUESTION_CHARS)).split(' ').filter(Boolean);
    if (tokens.length === 0) return this.entries.slice(0, limit).map((e) => e.ref);
    const last = tokens[tokens.length - 1]!;
    // The last word may be unfinished: complete it from the vocabulary.
    const completions = last.length >= 2 ? [...this.vocabulary].filter((w) => w.startsWith(last)).slice(0, 5) : [];
    const head = tokens.slice(0, -1);
    const variants = completions.length ? completions.map((c) => [...head, c]) : [tokens];
    const scores = new Map<Entry, number>();
    for (const variant of variants) {
      const repaired = this.repairTypos(variant);
      const services = this.detectServices(repaired);
      const terms = [...new Set(this.terms(repaired))];
      if (terms.length === 0) continue;
      for (const r of this.rank(terms, services)) scores.set(r.entry, Math.max(scores.get(r.entry) ?? 0, r.score));
    }
    return [...scores.entries()]
      .filter(([, s]) => s > 0.2)
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([e]) => e.ref);
  }

  findTopic(packId: string, topicId: string): TopicRef | undefined {
    return this.entries.find((e) => e.ref.pack.id === packId && e.ref.topic.id === topicId)?.ref;
  }

  findService(packId: string, serviceId: string): ServiceRef | undefined {
    const pack = this.packs.find((p) => p.id === packId);
    const service = pack?.services.find((s) => s.id === serviceId);
    return pack && service ? { pack, service } : undefined;
  }

  // ---- indexing ----------------------------------------------------------------------------

  private terms(tokens: readonly string[]): string[] {
    return this.synonyms.fold(tokens.filter((w) => !isStopword(w)).map(stem));
  }

  private build(): void {
    const docFreq = new Map<string, number>();
    for (const pack of this.packs) {
      for (const topic of pack.topics) {
        const phrases = [topic.title, ...topic.aliases].map((p) => [...new Set(this.terms(this.learn(p)))]);
        const serviceWords = topic.services.flatMap((id) => {
          const s = pack.services.find((x) => x.id === id);
          return s ? [s.name, ...s.aliases] : [];
        });
        const docTerms = new Set([
          ...phrases.flat(),
          ...this.terms(this.learn([topic.explanation, topic.examTip ?? '', ...Object.values(topic.split ?? {}), ...serviceWords].join(' '))),
        ]);
        for (const t of docTerms) docFreq.set(t, (docFreq.get(t) ?? 0) + 1);
        this.entries.push({
          ref: { pack, topic },
          services: new Set(topic.services),
          phrases: phrases.map((terms) => ({ terms, weight: 0 })),
          docTerms,
        });
      }
      for (const service of pack.services) for (const w of [service.name, ...service.aliases, service.id]) this.learn(w);
    }
    const n = this.entries.length || 1;
    for (const [t, df] of docFreq) this.idf.set(t, Math.log(1 + n / df));
    // An unknown word counts like a fairly rare one: a question full of words we have never seen is
    // probably about something else, so it must not be explained away by its two familiar words.
    const weights = [...this.idf.values()].sort((a, b) => a - b);
    this.unknownWeight = weights.length ? weights[Math.floor(weights.length * 0.75)]! : 1;

    this.entries.forEach((entry, ei) => {
      entry.phrases.forEach((phrase, pi) => {
        phrase.weight = phrase.terms.reduce((sum, t) => sum + this.weight(t), 0);
        for (const t of phrase.terms) push(this.phraseIndex, t, ei * 1024 + pi);
      });
      for (const t of entry.docTerms) push(this.docIndex, t, ei);
    });

    this.indexServices();
    // Typo repair candidates, grouped by length so a lookup only scans words of similar length.
    const byLength = new Map<number, string[]>();
    for (const w of this.vocabulary) if (w.length >= 4) push(byLength, w.length, w);
    for (const [len, list] of byLength) {
      this.fuseByLength.set(len, new Fuse(list, { includeScore: true, threshold: 0.34, ignoreLocation: true, isCaseSensitive: true }));
    }
  }

  /** Remembers the words of a text as vocabulary (for typo repair) and returns its tokens. */
  private learn(text: string): string[] {
    const tokens = normalize(text).split(' ').filter(Boolean);
    for (const t of tokens) {
      if (!isStopword(t)) {
        this.vocabulary.add(t);
        this.stemsKnown.add(stem(t));
      }
    }
    return tokens;
  }

  private indexServices(): void {
    for (const pack of this.packs) {
      for (const service of pack.services) {
        const aliases = new Set([service.id, service.name, service.name.replace(/^(amazon|aws)\s+/i, ''), ...service.aliases].map(normalize));
        for (const alias of aliases) {
          if (!alias) continue;
          const words = alias.split(' ');
          this.maxServiceAliasWords = Math.max(this.maxServiceAliasWords, words.length);
          push(this.serviceAliases, alias, { ref: { pack, service }, strong: this.isDistinctive(pack, service, words) });
        }
      }
    }
  }

  /**
   * A single ordinary word ("instance", "database") that topics of other services also use only hints
   * at a service; a name like "rds" or a multi-word alias names it outright.
   */
  private isDistinctive(pack: KnowledgePack, service: Service, words: string[]): boolean {
    if (words.length > 1) return true;
    const term = this.terms(words)[0];
    if (term === undefined) return true;
    const elsewhere = this.entries.filter(
      (e) => e.ref.pack === pack && !e.services.has(service.id) && e.docTerms.has(term),
    ).length;
    return elsewhere <= 1;
  }

  // ---- querying ----------------------------------------------------------------------------

  private weight(term: string): number {
    return this.idf.get(term) ?? this.unknownWeight;
  }

  /** Replaces words the index has never seen with the closest known word, when one is close. */
  private repairTypos(tokens: string[]): string[] {
    return tokens.map((w) => {
      if (w.length < 4 || isStopword(w) || /\d/.test(w) || this.vocabulary.has(w) || this.stemsKnown.has(stem(w))) return w;
      let best: { word: string; score: number } | undefined;
      for (let len = w.length - 1; len <= w.length + 1; len++) {
        const hit = this.fuseByLength.get(len)?.search(w, { limit: 1 })[0];
        if (hit && hit.score !== undefined && (!best || hit.score < best.score)) best = { word: hit.item, score: hit.score };
      }
      return best && best.score <= 0.3 ? best.word : w;
    });
  }

  private detectServices(tokens: string[]): DetectedService[] {
    const found: DetectedService[] = [];
    for (let i = 0; i < tokens.length; ) {
      let matched = 0;
      for (let len = Math.min(this.maxServiceAliasWords, tokens.length - i); len >= 1 && !matched; len--) {
        const hits = this.serviceAliases.get(tokens.slice(i, i + len).join(' '));
        if (!hits) continue;
        for (const h of hits) found.push({ ref: h.ref, strong: h.strong, start: i, end: i + len });
        matched = len;
      }
      i += matched || 1;
    }
    // When a service is named outright, generic words that merely hint at another one are noise.
    return found.some((s) => s.strong) ? found.filter((s) => s.strong) : found;
  }

  private rank(queryTerms: string[], services: DetectedService[]): { entry: Entry; score: number }[] {
    const weights = queryTerms.map((t) => this.weight(t));
    const total = weights.reduce((a, b) => a + b, 0);
    if (total === 0) return [];
    const phraseHits = new Map<number, number>();
    const docHits = new Map<number, number>();
    queryTerms.forEach((t, i) => {
      const w = weights[i]!;
      for (const key of this.phraseIndex.get(t) ?? []) phraseHits.set(key, (phraseHits.get(key) ?? 0) + w);
      for (const e of this.docIndex.get(t) ?? []) docHits.set(e, (docHits.get(e) ?? 0) + w);
    });
    const bestPhrase = new Map<number, number>();
    for (const [key, matched] of phraseHits) {
      const ei = Math.floor(key / 1024);
      const phrase = this.entries[ei]!.phrases[key % 1024]!;
      const queryCoverage = matched / total;
      const phraseCoverage = phrase.weight > 0 ? Math.min(1, matched / phrase.weight) : 0;
      const score = queryCoverage * (0.65 + 0.35 * phraseCoverage);
      if (score > (bestPhrase.get(ei) ?? 0)) bestPhrase.set(ei, score);
    }
    const strongServices = new Set(services.filter((s) => s.strong).map((s) => s.ref.service.id));
    const hintedServices = new Set(services.filter((s) => !s.strong).map((s) => s.ref.service.id));
    const results: { entry: Entry; score: number }[] = [];
    for (const [ei, docMatched] of docHits) {
      const entry = this.entries[ei]!;
      let score = 0.75 * (bestPhrase.get(ei) ?? 0) + 0.25 * (docMatched / total);
      score *= this.serviceFactor(entry, strongServices, hintedServices);
      results.push({ entry, score });
    }
    return results.sort((a, b) => b.score - a.score || a.entry.ref.topic.id.localeCompare(b.entry.ref.topic.id));
  }

  private serviceFactor(entry: Entry, strong: Set<string>, hinted: Set<string>): number {
    const general = entry.services.has(GENERAL_SERVICE);
    if (strong.size > 0) {
      if ([...strong].some((s) => entry.services.has(s))) return 1.15;
      return general ? 0.85 : 0.6;
    }
    if (hinted.size > 0 && [...hinted].some((s) => entry.services.has(s))) return 1.05;
    return 1;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The pack's shared party (a service split is a shared picture), or its first party. */
function sharedPartyOf(pack: KnowledgePack): string {
  return (pack.parties.find((p) => p.shared) ?? pack.parties[0])!.id;
}

const YES_NO = /^\s*(is|are|does|do|did|should|shall|must|can|will|would|am)\s+(.*)$/i;

/** For "is AWS responsible for …?" style questions: which party the asker named first. */
function askedParty(question: string, pack: KnowledgePack): string | undefined {
  const m = YES_NO.exec(normalize(question));
  if (!m) return undefined;
  const rest = ` ${m[2]} `;
  let bestAt = Infinity;
  let best: string | undefined;
  for (const party of pack.parties) {
    const names = [party.id, party.name, ...(party.aliases ?? [])];
    for (const name of names) {
      const at = rest.indexOf(` ${normalize(name)} `);
      if (at >= 0 && at < bestAt) {
        bestAt = at;
        best = party.id;
      }
    }
  }
  return best;
}
