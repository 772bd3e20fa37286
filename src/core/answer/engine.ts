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
import { SynonymFolder, isStopword, normalize, stem, stopwords, stripFraming } from './text.ts';
import { damerauLevenshtein } from './edit-distance.ts';
import { PackedLists, PhraseRecords } from './packed.ts';

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
  /** Per phrasing (title first, then aliases): its distinct terms. */
  phrases: string[][];
  /** Every term of the title and aliases together. */
  phraseTerms: Set<string>;
  docTerms: Set<string>;
}

interface DetectedService {
  ref: ServiceRef;
  strong: boolean;
  /** Named by its id or name ("rds", "Amazon RDS") rather than described ("vulnerability scanning"). */
  named: boolean;
  start: number;
  end: number;
}

const MAX_QUESTION_CHARS = 500;
const MAX_ALTERNATIVES = 3;

export class AnswerEngine {
  readonly packs: readonly KnowledgePack[];
  private readonly synonyms: SynonymFolder;
  private readonly entries: Entry[] = [];
  // The index lives in a few flat typed arrays keyed by term id (see packed.ts for why).
  /** Every term of every topic as a small integer; one Map lookup per query term, then array reads. */
  private readonly termIds = new Map<string, number>();
  /** term id → inverse document frequency over topics (rarer terms weigh more). */
  private termIdf = new Float64Array(0);
  /** Titles and aliases, one record each. */
  private phrases = new PhraseRecords([]);
  /** term id → record offsets of the phrasings that contain it, lightest phrasing first. */
  private phrasesByTerm = new PackedLists([]);
  /** term id → the topics (entry indexes) with it in a title or alias, and with it anywhere in their text. */
  private topicsByPhraseTerm = new PackedLists([]);
  private topicsByDocTerm = new PackedLists([]);
  /** service id → its topics; and which topics are about AWS in general (1) rather than one service. */
  private readonly serviceNumbers = new Map<string, number>();
  private topicsByService = new PackedLists([]);
  private topicGeneral = new Uint8Array(0);
  /** Numbers each query, to mark the phrasings it has taken as candidates. */
  private queryNumber = 0;
  // Scratch space reused by every query (and reset after it).
  private entryCoverage = new Float64Array(0);
  private entryMatched = new Float64Array(0);
  private entryExplained = new Float64Array(0);
  private entryInDoc = new Float64Array(0);
  /** Per topic during a query: 2 = about a service the question names, 1 = one it hints at. */
  private entryServiceHit = new Uint8Array(0);
  private unknownWeight = 1;
  /** Every surface word the index knows, for typo repair. */
  private readonly vocabulary = new Map<string, number>();
  private readonly stemsKnown = new Set<string>();
  /** Typo repair candidates: padded letter pairs → indexes into `words`. */
  private readonly bigramIndex = new Map<string, number[]>();
  private sharedBigrams = new Uint16Array(0);
  private words: string[] = [];
  private readonly repairCache = new Map<string, string>();
  /** Single words naming a party ("aws", "our") → a soft term "@party": it can help a match, never hurt one. */
  private readonly partyWords = new Map<string, string>();
  private readonly serviceAliases = new Map<string, { ref: ServiceRef; strong: boolean; named: boolean }[]>();
  private maxServiceAliasWords = 1;
  /** First words of multi-word service aliases: only these can start one, so other words skip the joins. */
  private readonly serviceAliasStarts = new Set<string>();
  private readonly unknownBelow: number;
  private readonly unsureBelow: number;

  constructor(packs: readonly KnowledgePack[], options: EngineOptions = {}) {
    this.packs = packs;
    this.unknownBelow = options.unknownBelow ?? 0.5;
    this.unsureBelow = options.unsureBelow ?? 0.72;
    this.synonyms = new SynonymFolder(packs.flatMap((p) => p.synonyms));
    for (const pack of packs) {
      for (const party of pack.parties) {
        if (party.shared) continue;
        for (const name of [party.id, party.name, ...(party.aliases ?? [])]) {
          const w = normalize(name);
          if (w && !w.includes(' ') && !this.partyWords.has(w)) this.partyWords.set(w, `@${party.id}`);
        }
      }
    }
    this.build();
  }

  get topicCount(): number {
    return this.entries.length;
  }

  /** Answers one question. Never throws on user input. */
  answer(rawQuestion: string): Answer {
    const question = rawQuestion.slice(0, MAX_QUESTION_CHARS);
    const normalized = normalize(question);
    const tokens = this.dropAskedParty(stripFraming(this.repairTypos(normalized.split(' ').filter(Boolean)).join(' ')).split(' ').filter(Boolean));
    const services = this.detectServices(tokens);
    const inService = new Set<number>();
    for (const s of services) for (let i = s.start; i < s.end; i++) inService.add(i);
    const allContent = this.terms(tokens.filter((_, i) => !inService.has(i)));
    const contentTerms = allContent.filter((t) => !isSoft(t));
    const serviceTerms = this.terms(tokens.filter((_, i) => inService.has(i)));

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
    const ranked = this.rank(queryTerms, services, (best) => Math.min(0.25, this.unknownBelow * 0.8, best - 0.05));
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
    if (tokens.length === 0) return this.entries.slice(0, limit).map((e) => e.ref);
    const last = tokens[tokens.length - 1]!;
    // The last word may be unfinished: complete it from the vocabulary.
    const completions = last.length >= 2 ? [...this.vocabulary.keys()].filter((w) => w.startsWith(last)).slice(0, 5) : [];
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

  /** The id of the service a name refers to ("RDS", "amazon rds", "rds"), if any pack knows it. */
  resolveServiceId(name: string): string | undefined {
    const key = normalize(name.replace(/-/g, ' '));
    for (const pack of this.packs) {
      for (const s of pack.services) {
        if (normalize(s.id.replace(/-/g, ' ')) === key || normalize(s.name) === key || s.aliases.some((a) => normalize(a) === key)) return s.id;
      }
    }
    return this.serviceAliases.get(key)?.[0]?.ref.service.id;
  }

  findService(packId: string, serviceId: string): ServiceRef | undefined {
    const pack = this.packs.find((p) => p.id === packId);
    const service = pack?.services.find((s) => s.id === serviceId);
    return pack && service ? { pack, service } : undefined;
  }

  // ---- indexing ----------------------------------------------------------------------------

  private terms(tokens: readonly string[]): string[] {
    return this.synonyms.fold(
      tokens,
      (w) => isStopword(w) && !this.partyWords.has(w),
      (w) => this.partyWords.get(w) ?? stem(w),
    );
  }

  /** "Is AWS responsible…", "do we have to…": the party after the verb is who is asked, not the subject. */
  private dropAskedParty(tokens: string[]): string[] {
    if (tokens.length > 2 && AUX_VERBS.has(tokens[0]!) && this.partyWords.has(tokens[1]!)) return [tokens[0]!, ...tokens.slice(2)];
    return tokens;
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
          phrases,
          phraseTerms: new Set(phrases.flat()),
          docTerms,
        });
      }
      for (const service of pack.services) for (const w of [service.name, ...service.aliases, service.id]) this.learn(w);
    }
    const n = this.entries.length || 1;
    this.termIdf = new Float64Array(docFreq.size);
    for (const [t, df] of docFreq) this.termIdf[this.internTerm(t)] = Math.log(1 + n / df);
    // An unknown word counts like a fairly rare one: a question full of words we have never seen is
    // probably about something else, so it must not be explained away by its two familiar words.
    const weights = [...this.termIdf].sort((a, b) => a - b);
    this.unknownWeight = weights.length ? weights[Math.floor(weights.length * 0.75)]! : 1;

    const phrasings: { topic: number; weight: number; terms: number[] }[] = [];
    const phrasingsByTerm: number[][] = [];
    const byPhraseTerm: number[][] = [];
    const byDocTerm: number[][] = [];
    this.entries.forEach((entry, ei) => {
      for (const terms of entry.phrases) {
        const ids = terms.map((t) => this.internTerm(t));
        for (const id of ids) (phrasingsByTerm[id] ??= []).push(phrasings.length);
        phrasings.push({ topic: ei, weight: terms.reduce((sum, t) => sum + this.weight(t), 0), terms: ids });
      }
      for (const t of entry.phraseTerms) (byPhraseTerm[this.internTerm(t)] ??= []).push(ei);
      for (const t of entry.docTerms) (byDocTerm[this.internTerm(t)] ??= []).push(ei);
    });
    this.phrases = new PhraseRecords(phrasings);
    const byService: number[][] = [];
    this.entries.forEach((entry, ei) => {
      for (const id of entry.services) {
        if (!this.serviceNumbers.has(id)) this.serviceNumbers.set(id, this.serviceNumbers.size);
        (byService[this.serviceNumbers.get(id)!] ??= []).push(ei);
      }
    });
    this.topicsByService = new PackedLists(Array.from({ length: this.serviceNumbers.size }, (_, i) => byService[i]));
    this.topicGeneral = Uint8Array.from(this.entries, (e) => (e.services.has(GENERAL_SERVICE) ? 1 : 0));
    this.entryServiceHit = new Uint8Array(this.entries.length);
    // Lightest phrasings first: when a common term's list is cut short, the ones it keeps are those
    // a question can cover best.
    const weight = Float64Array.from(phrasings, (p) => p.weight);
    const lightestFirst = (list: number[] | undefined) => list?.sort((a, b) => weight[a]! - weight[b]!).map((id) => this.phrases.offsets[id]!);
    this.phrasesByTerm = new PackedLists(Array.from({ length: this.termIds.size }, (_, id) => lightestFirst(phrasingsByTerm[id])));
    this.topicsByPhraseTerm = new PackedLists(Array.from({ length: this.termIds.size }, (_, id) => byPhraseTerm[id]));
    this.topicsByDocTerm = new PackedLists(Array.from({ length: this.termIds.size }, (_, id) => byDocTerm[id]));
    this.entryCoverage = new Float64Array(this.entries.length);
    this.entryMatched = new Float64Array(this.entries.length);
    this.entryExplained = new Float64Array(this.entries.length);
    this.entryInDoc = new Float64Array(this.entries.length);

    this.indexServices();
    // Stopwords are candidates too, so "responsable" or "betwen" are recognised as framing, not as
    // unknown words that make the question look out of scope.
    for (const w of stopwords()) if (!this.vocabulary.has(w)) this.vocabulary.set(w, 1);
    this.words = [...this.vocabulary.keys()].filter((w) => w.length >= 3);
    this.words.forEach((w, i) => {
      for (const g of new Set(bigrams(w))) push(this.bigramIndex, g, i);
    });
    this.sharedBigrams = new Uint16Array(this.words.length);
  }

  private internTerm(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) this.termIds.set(term, (id = this.termIds.size));
    return id;
  }

  /** Remembers the words of a text as vocabulary (for typo repair) and returns its tokens. */
  private learn(text: string): string[] {
    const tokens = normalize(text).split(' ').filter(Boolean);
    for (const t of tokens) {
      if (!isStopword(t)) {
        this.vocabulary.set(t, (this.vocabulary.get(t) ?? 0) + 1);
        this.stemsKnown.add(stem(t));
      }
    }
    return tokens;
  }

  private indexServices(): void {
    for (const pack of this.packs) {
      for (const service of pack.services) {
        const names = new Set([service.id, service.name, service.name.replace(/^(amazon|aws)\s+/i, '')].map(normalize));
        const aliases = new Set([...names, ...service.aliases.map(normalize)]);
        for (const alias of aliases) {
          if (!alias) continue;
          const words = alias.split(' ');
          this.maxServiceAliasWords = Math.max(this.maxServiceAliasWords, words.length);
          if (words.length > 1) this.serviceAliasStarts.add(words[0]!);
          const named = names.has(alias) || words.length === 1;
          push(this.serviceAliases, alias, { ref: { pack, service }, strong: this.isDistinctive(pack, service, words), named });
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
    if (isSoft(term)) return SOFT_WEIGHT;
    const id = this.termIds.get(term);
    return id === undefined ? this.unknownWeight : this.termIdf[id]!;
  }

  /**
   * Replaces words the index has never seen with the closest known word, when one is close: fuse.js
   * proposes candidates of similar length, and the true edit distance (a swapped pair of letters counts
   * once) with word frequency as tie-break picks among them.
   */
  private repairTypos(tokens: string[]): string[] {
    return tokens.map((w) => {
      // The decision for a word is cached whichever way it goes: one lookup instead of four for the
      // words people use again and again.
      let repaired = this.repairCache.get(w);
      if (repaired === undefined) {
        const known = w.length < 4 || /\d/.test(w) || this.vocabulary.has(w) || isStopword(w) || this.stemsKnown.has(stem(w));
        repaired = known ? w : (this.closestWord(w) ?? w);
        if (this.repairCache.size < 50_000) this.repairCache.set(w, repaired);
      }
      return repaired;
    });
  }

  private closestWord(w: string): string | undefined {
    const maxDistance = w.length <= 8 ? 1 : 2;
    // Candidates share most letter pairs with the word (one edit breaks at most three pairs), so only
    // a handful of vocabulary words reach fuse.js, whatever the size of the packs.
    const grams = [...new Set(bigrams(w))];
    const needed = Math.max(1, grams.length - 3 * maxDistance);
    // Shared pairs per vocabulary word, counted in a reused typed array ("-ing" words alone are
    // thousands of postings); `seen` keeps first-seen order and says what to reset.
    const shared = this.sharedBigrams;
    const seen: number[] = [];
    for (const g of grams) {
      const list = this.bigramIndex.get(g);
      if (list) for (const i of list) if (shared[i]!++ === 0) seen.push(i);
    }
    const candidates: string[] = [];
    for (const i of seen) {
      const c = this.words[i]!;
      if (shared[i]! >= needed && Math.abs(c.length - w.length) <= maxDistance) candidates.push(c);
      shared[i] = 0;
    }
    // Only words within the edit distance can be the repair: checking that first (it stops early)
    // leaves fuse.js a handful to rank, where dozens of letter-pair lookalikes made it the slowest step.
    const near = new Map<string, number>();
    for (const c of candidates) {
      const distance = damerauLevenshtein(w, c, maxDistance);
      if (distance <= maxDistance) near.set(c, distance);
    }
    if (near.size === 0) return undefined;
    let best: { word: string; distance: number; freq: number } | undefined;
    const fuse = new Fuse([...near.keys()], { includeScore: true, threshold: 0.6, ignoreLocation: true, isCaseSensitive: true });
    for (const hit of fuse.search(w, { limit: 8 })) {
      const distance = near.get(hit.item)!;
      const freq = this.vocabulary.get(hit.item) ?? 0;
      if (!best || distance < best.distance || (distance === best.distance && freq > best.freq)) best = { word: hit.item, distance, freq };
    }
    return best?.word;
  }

  private detectServices(tokens: string[]): DetectedService[] {
    const found: DetectedService[] = [];
    for (let i = 0; i < tokens.length; ) {
      let matched = 0;
      const longest = this.serviceAliasStarts.has(tokens[i]!) ? Math.min(this.maxServiceAliasWords, tokens.length - i) : 1;
      for (let len = longest; len >= 1 && !matched; len--) {
        const hits = this.serviceAliases.get(len === 1 ? tokens[i]! : tokens.slice(i, i + len).join(' '));
        if (!hits) continue;
        for (const h of hits) found.push({ ref: h.ref, strong: h.strong, named: h.named, start: i, end: i + len });
        matched = len;
      }
      i += matched || 1;
    }
    // When a service is named outright, generic words that merely hint at another one are noise.
    return found.some((s) => s.strong) ? found.filter((s) => s.strong) : found;
  }

  /**
   * Topics sharing terms with the question, best first. With `keepFrom`, topics scoring below
   * keepFrom(best score) are left out (they cannot change the answer, and sorting them costs).
   */
  private rank(queryTerms: string[], services: DetectedService[], keepFrom?: (best: number) => number): { entry: Entry; score: number }[] {
    const weights = queryTerms.map((t) => this.weight(t));
    // Soft (party) terms weigh little: "AWS staff" should prefer a phrasing about AWS's staff, but a
    // question is never out of scope for naming a party.
    const total = queryTerms.reduce((sum, _t, i) => sum + weights[i]!, 0);
    if (total === 0) return [];
    // Candidate phrasings come from the rarest query terms first; a very common term ("security")
    // stops adding candidates once the rarer ones found enough, but still counts in every score.
    // Party words ("our", "aws") only seed candidates when nothing else does.
    // The query's known terms as ids, with their weights (in question order).
    const qIds: number[] = [];
    const qWeights: number[] = [];
    const inPhrasings = (t: string) => {
      const id = this.termIds.get(t);
      return id !== undefined && this.phrasesByTerm.size(id) > 0;
    };
    queryTerms.forEach((t, i) => {
      const id = this.termIds.get(t);
      if (id === undefined) return;
      qIds.push(id);
      qWeights.push(weights[i]!);
    });
    const seeding = queryTerms.some((t) => !isSoft(t) && inPhrasings(t)) ? queryTerms.filter((t) => !isSoft(t)) : queryTerms;
    const byRarity = seeding
      .filter(inPhrasings)
      .map((t) => this.termIds.get(t)!)
      .sort((a, b) => this.phrasesByTerm.size(a) - this.phrasesByTerm.size(b));
    // Per topic: how completely its best-matched phrasing is present in the question, and how much of
    // the question one phrasing explains (a lower bound of what all its phrasings explain).
    if (++this.queryNumber >= 0x7fffffff) {
      this.phrases.clearMarks();
      this.queryNumber = 1;
    }
    const mark = this.queryNumber;
    const { i32 } = this.phrases;
    const postings = this.phrasesByTerm.items;
    const touched: number[] = [];
    let candidates = 0;
    for (const term of byRarity) {
      const start = this.phrasesByTerm.start(term);
      const end = this.phrasesByTerm.end(term);
      if (candidates > 0 && candidates + (end - start) > CANDIDATE_BUDGET) break;
      for (let k = start; k < end && candidates < CANDIDATE_BUDGET; k++) {
        const at = postings[k]!;
        if (i32[at + PhraseRecords.MARK] === mark) continue;
        i32[at + PhraseRecords.MARK] = mark;
        candidates++;
        this.scorePhrasing(at, qIds, qWeights, touched);
      }
    }
    // Long questions (scenarios) carry words that set the scene rather than name the topic: beyond
    // a few words, the unexplained part counts as if it were only LONG_QUESTION_WORDS words long.
    const hardTerms = queryTerms.filter((t) => !isSoft(t)).length;
    const unexplainedScale = hardTerms > LONG_QUESTION_WORDS ? LONG_QUESTION_WORDS / hardTerms : 1;
    const coverage = (matched: number) => {
      const hard = Math.min(matched, total);
      return Math.min(1, matched / (hard + unexplainedScale * (total - hard)));
    };
    // Weighted geometric mean: a question must be mostly explained by the topic's phrasings, and one
    // phrasing must be mostly present in the question; either alone is not enough.
    const phraseScore = (explained: number, phraseCoverage: number) => coverage(explained) ** 0.45 * phraseCoverage ** 0.55;
    // Only the most promising topics get the full score: with thousands of topics sharing a common
    // word, scoring all of them would cost more than everything else together.
    // (The pre-score only orders the cut, so it is skipped when every touched topic makes the list.)
    const shortlist =
      touched.length <= SHORTLIST
        ? touched
        : touched
            .map((ei) => ({ ei, pre: phraseScore(this.entryMatched[ei]!, this.entryCoverage[ei]!) }))
            .sort((a, b) => b.pre - a.pre)
            .slice(0, SHORTLIST)
            .map((x) => x.ei);
    const strong = services.filter((s) => s.strong).map((s) => s.ref.service.id);
    const hinted = services.filter((s) => !s.strong).map((s) => s.ref.service.id);
    this.markServices(strong, 2);
    this.markServices(hinted, 1);
    // How much of the question each topic's phrasings (all together) and whole text explain: summed
    // along the query terms' topic lists, then read for the shortlist.
    this.addAlongPostings(qIds, qWeights);
    const scores = shortlist.map((ei) => {
      const score = 0.8 * phraseScore(this.entryExplained[ei]!, this.entryCoverage[ei]!) + 0.2 * coverage(this.entryInDoc[ei]!);
      return score * this.serviceFactor(ei, strong.length > 0);
    });
    this.addAlongPostings(qIds, undefined);
    this.markServices(strong, 0);
    this.markServices(hinted, 0);
    for (const ei of touched) {
      this.entryCoverage[ei] = 0;
      this.entryMatched[ei] = 0;
    }
    let best = -Infinity;
    for (let i = 0; i < scores.length; i++) if (scores[i]! > best) best = scores[i]!;
    const floor = keepFrom ? keepFrom(best) : -Infinity;
    const results: { entry: Entry; score: number }[] = [];
    shortlist.forEach((ei, i) => {
      if (scores[i]! >= floor) results.push({ entry: this.entries[ei]!, score: scores[i]! });
    });
    // Ties break on the topic id (plain code-unit order: ids are slugs, and localeCompare is slow).
    return results.sort((a, b) => b.score - a.score || byId(a.entry.ref.topic.id, b.entry.ref.topic.id));
  }

  /** Sets entryServiceHit of every topic about one of these services (value 0 clears). */
  private markServices(serviceIds: readonly string[], value: number): void {
    for (const id of serviceIds) {
      const n = this.serviceNumbers.get(id);
      if (n === undefined) continue;
      for (let k = this.topicsByService.start(n), end = this.topicsByService.end(n); k < end; k++) {
        const ei = this.topicsByService.items[k]!;
        if (value === 0 || this.entryServiceHit[ei]! < value) this.entryServiceHit[ei] = value;
      }
    }
  }

  /** One candidate phrasing: how much of it the question covers, kept per topic as its best phrasing's. */
  private scorePhrasing(at: number, qIds: readonly number[], qWeights: readonly number[], touched: number[]): void {
    const { i32, f64 } = this.phrases;
    let matched = 0;
    // A question has a handful of terms: comparing against them beats any lookup table.
    for (let k = at + PhraseRecords.TERMS, end = k + i32[at + PhraseRecords.COUNT]!; k < end; k++) {
      const term = i32[k]!;
      for (let q = 0; q < qIds.length; q++) {
        if (qIds[q] === term) {
          matched += qWeights[q]!;
          break;
        }
      }
    }
    const weight = f64[at >> 1]!;
    const cover = weight > 0 ? Math.min(1, matched / weight) : 0;
    const ei = i32[at + PhraseRecords.TOPIC]!;
    if (this.entryMatched[ei] === 0 && this.entryCoverage[ei] === 0) touched.push(ei);
    if (cover > this.entryCoverage[ei]!) this.entryCoverage[ei] = cover;
    if (matched > this.entryMatched[ei]!) this.entryMatched[ei] = matched;
  }

  /** Adds each query term's weight to entryExplained / entryInDoc of the topics that use it; without weights, clears them. */
  private addAlongPostings(qIds: readonly number[], weights: readonly number[] | undefined): void {
    const inPhrases = this.topicsByPhraseTerm;
    const inDoc = this.topicsByDocTerm;
    for (let i = 0; i < qIds.length; i++) {
      const id = qIds[i]!;
      const w = weights ? weights[i]! : 0;
      for (let k = inPhrases.start(id), end = inPhrases.end(id); k < end; k++) {
        const ei = inPhrases.items[k]!;
        this.entryExplained[ei] = weights ? this.entryExplained[ei]! + w : 0;
      }
      for (let k = inDoc.start(id), end = inDoc.end(id); k < end; k++) {
        const ei = inDoc.items[k]!;
        this.entryInDoc[ei] = weights ? this.entryInDoc[ei]! + w : 0;
      }
    }
  }

  private serviceFactor(ei: number, serviceNamed: boolean): number {
    const general = this.topicGeneral[ei] === 1;
    if (serviceNamed) return this.entryServiceHit[ei] === 2 ? 1.15 : general ? 0.85 : 0.6;
    if (this.entryServiceHit[ei] === 1) return 1.05;
    // No service named: a general topic is the likelier meaning than one service's special case.
    return general ? 1 : 0.96;
  }
}

const AUX_VERBS = new Set(['is', 'are', 'does', 'do', 'did', 'should', 'shall', 'must', 'can', 'will', 'would', 'am']);
const SOFT_WEIGHT = 0.5;
const LONG_QUESTION_WORDS = 4;
const SHORTLIST = 300;
const CANDIDATE_BUDGET = 6000;

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isSoft(term: string): boolean {
  return term.startsWith('@');
}

/** Letter pairs of a word padded with boundaries: "ec2" → ^e, ec, c2, 2$. */
function bigrams(word: string): string[] {
  const padded = `^${word}$`;
  const out: string[] = [];
  for (let i = 0; i < padded.length - 1; i++) out.push(padded.slice(i, i + 2));
  return out;
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
