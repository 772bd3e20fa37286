// The topic index: every topic's title and aliases ("phrasings") and its whole text as terms, with
// how rare each term is. Built once per set of packs; ranking.ts reads it for every question.
//
// It lives in a few flat typed arrays keyed by term id (see packed.ts for why).
import { GENERAL_SERVICE, type KnowledgePack } from '../knowledge/loader.ts';
import type { Service } from '../knowledge/schema.ts';
import type { TopicRef } from './answer.ts';
import { PackedLists, PhraseRecords } from './packed.ts';
import { SynonymFolder, isStopword, normalize, stem, stopwords } from './text.ts';

export interface Entry {
  ref: TopicRef;
  services: Set<string>;
  /** Per phrasing (title first, then aliases): its distinct terms. */
  phrases: string[][];
  /** Every term of the title and aliases together. */
  phraseTerms: Set<string>;
  docTerms: Set<string>;
}

/** Party words become soft terms ("@aws"): they can help a match, never hurt one. */
export function isSoft(term: string): boolean {
  return term.startsWith('@');
}

const SOFT_WEIGHT = 0.5;

export class TopicIndex {
  readonly entries: Entry[] = [];
  /** Every term of every topic as a small integer; one Map lookup per query term, then array reads. */
  readonly termIds = new Map<string, number>();
  /** term id → inverse document frequency over topics (rarer terms weigh more). */
  termIdf = new Float64Array(0);
  /** Titles and aliases, one record each. */
  phrases = new PhraseRecords([]);
  /** term id → record offsets of the phrasings that contain it, lightest phrasing first. */
  phrasesByTerm = new PackedLists([]);
  /** term id → the topics (entry indexes) with it in a title or alias, and with it anywhere in their text. */
  topicsByPhraseTerm = new PackedLists([]);
  topicsByDocTerm = new PackedLists([]);
  /** service id → its topics; and which topics are about AWS in general (1) rather than one service. */
  readonly serviceNumbers = new Map<string, number>();
  topicsByService = new PackedLists([]);
  topicGeneral = new Uint8Array(0);
  /** How much a word the index has never seen weighs (see build()). */
  unknownWeight = 1;
  /** Every surface word the index knows (with its frequency), for typo repair and autocomplete. */
  readonly vocabulary = new Map<string, number>();
  readonly stemsKnown = new Set<string>();
  private readonly synonyms: SynonymFolder;
  /** Single words naming a party ("aws", "our") → a soft term "@party". */
  readonly partyWords = new Map<string, string>();

  constructor(readonly packs: readonly KnowledgePack[]) {
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

  /** Tokens → terms: synonyms folded, stopwords dropped (party words kept as soft terms), the rest stemmed. */
  terms(tokens: readonly string[]): string[] {
    return this.synonyms.fold(
      tokens,
      (w) => isStopword(w) && !this.partyWords.has(w),
      (w) => this.partyWords.get(w) ?? stem(w),
    );
  }

  weight(term: string): number {
    if (isSoft(term)) return SOFT_WEIGHT;
    const id = this.termIds.get(term);
    return id === undefined ? this.unknownWeight : this.termIdf[id]!;
  }

  /** Whether a one-word service alias is also used by topics of other services (then it only hints). */
  usedElsewhere(pack: KnowledgePack, service: Service, word: string): boolean {
    const term = this.terms([word])[0];
    if (term === undefined) return false;
    return this.entries.filter((e) => e.ref.pack === pack && !e.services.has(service.id) && e.docTerms.has(term)).length > 1;
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
        this.entries.push({ ref: { pack, topic }, services: new Set(topic.services), phrases, phraseTerms: new Set(phrases.flat()), docTerms });
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
    // Lightest phrasings first: when a common term's list is cut short, the ones it keeps are those
    // a question can cover best.
    const weight = Float64Array.from(phrasings, (p) => p.weight);
    const lightestFirst = (list: number[] | undefined) => list?.sort((a, b) => weight[a]! - weight[b]!).map((id) => this.phrases.offsets[id]!);
    this.phrasesByTerm = new PackedLists(Array.from({ length: this.termIds.size }, (_, id) => lightestFirst(phrasingsByTerm[id])));
    this.topicsByPhraseTerm = new PackedLists(Array.from({ length: this.termIds.size }, (_, id) => byPhraseTerm[id]));
    this.topicsByDocTerm = new PackedLists(Array.from({ length: this.termIds.size }, (_, id) => byDocTerm[id]));
    // Stopwords are typo-repair candidates too, so "responsable" or "betwen" are recognised as framing,
    // not as unknown words that make the question look out of scope.
    for (const w of stopwords()) if (!this.vocabulary.has(w)) this.vocabulary.set(w, 1);
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
}
