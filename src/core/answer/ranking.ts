// Ranks the topics that share terms with a question. Each topic scores by how much of the question its
// phrasings explain (weighted by term rarity) and how completely one phrasing is present in the
// question; services named in the question steer towards their topics.
import { PhraseRecords } from './packed.ts';
import type { DetectedService } from './services.ts';
import { isSoft, type Entry, type TopicIndex } from './topic-index.ts';

export interface Ranked {
  entry: Entry;
  score: number;
  /** How completely the topic's best-matched phrasing is present in the question, 0–1. */
  coverage: number;
}

const LONG_QUESTION_WORDS = 4;
const SHORTLIST = 300;
const CANDIDATE_BUDGET = 6000;

export class TopicRanker {
  /** Numbers each query, to mark the phrasings it has taken as candidates. */
  private queryNumber = 0;
  // Scratch space reused by every query (and reset after it).
  private readonly entryCoverage: Float64Array;
  private readonly entryMatched: Float64Array;
  private readonly entryExplained: Float64Array;
  private readonly entryInDoc: Float64Array;
  /** Per topic during a query: 2 = about a service the question names, 1 = one it hints at. */
  private readonly entryServiceHit: Uint8Array;
  /** Per term id during a query: the weight the question gives it (0 when it does not use it). */
  private readonly queryWeight: Float64Array;

  constructor(private readonly index: TopicIndex) {
    const n = index.entries.length;
    this.queryWeight = new Float64Array(index.termIds.size);
    this.entryCoverage = new Float64Array(n);
    this.entryMatched = new Float64Array(n);
    this.entryExplained = new Float64Array(n);
    this.entryInDoc = new Float64Array(n);
    this.entryServiceHit = new Uint8Array(n);
  }

  /**
   * Topics sharing terms with the question, best first. With `keepFrom`, topics scoring below
   * keepFrom(best score) are left out (they cannot change the answer, and sorting them costs).
   */
  rank(queryTerms: string[], services: DetectedService[], keepFrom?: (best: number) => number): Ranked[] {
    const index = this.index;
    const weights = queryTerms.map((t) => index.weight(t));
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
    queryTerms.forEach((t, i) => {
      const id = index.termIds.get(t);
      if (id === undefined) return;
      qIds.push(id);
      qWeights.push(weights[i]!);
    });
    const seeding = queryTerms.some((t) => !isSoft(t) && inPhrasings(index, t)) ? queryTerms.filter((t) => !isSoft(t)) : queryTerms;
    const byRarity = seeding
      .filter((t) => inPhrasings(index, t))
      .map((t) => index.termIds.get(t)!)
      .sort((a, b) => index.phrasesByTerm.size(a) - index.phrasesByTerm.size(b));
    // Per topic: how completely its best-matched phrasing is present in the question, and how much of
    // the question one phrasing explains (a lower bound of what all its phrasings explain).
    if (++this.queryNumber >= 0x7fffffff) {
      index.phrases.clearMarks();
      this.queryNumber = 1;
    }
    const mark = this.queryNumber;
    const { i32 } = index.phrases;
    const postings = index.phrasesByTerm.items;
    const touched: number[] = [];
    for (let q = qIds.length - 1; q >= 0; q--) this.queryWeight[qIds[q]!] = qWeights[q]!;
    let candidates = 0;
    for (const term of byRarity) {
      const start = index.phrasesByTerm.start(term);
      const end = index.phrasesByTerm.end(term);
      if (candidates > 0 && candidates + (end - start) > CANDIDATE_BUDGET) break;
      for (let k = start; k < end && candidates < CANDIDATE_BUDGET; k++) {
        const at = postings[k]!;
        if (i32[at + PhraseRecords.MARK] === mark) continue;
        i32[at + PhraseRecords.MARK] = mark;
        candidates++;
        this.scorePhrasing(at, touched);
      }
    }
    for (const id of qIds) this.queryWeight[id] = 0;
    // Long questions (scenarios) carry words that set the scene rather than name the topic: beyond
    // a few words, the unexplained part counts as if it were only LONG_QUESTION_WORDS words long.
    const hardTerms = queryTerms.filter((t) => !isSoft(t)).length;
    const unexplainedScale = hardTerms > LONG_QUESTION_WORDS ? LONG_QUESTION_WORDS / hardTerms : 1;
    // Only the most promising topics get the full score: with thousands of topics sharing a common
    // word, scoring all of them would cost more than everything else together.
    // (The pre-score only orders the cut, so it is skipped when every touched topic makes the list.)
    const shortlist =
      touched.length <= SHORTLIST
        ? touched
        : touched
            .map((ei) => ({ ei, pre: phraseScore(this.entryMatched[ei]!, this.entryCoverage[ei]!, total, unexplainedScale) }))
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
    const coverages = shortlist.map((ei) => this.entryCoverage[ei]!);
    const scores = shortlist.map((ei) => {
      const score = 0.8 * phraseScore(this.entryExplained[ei]!, this.entryCoverage[ei]!, total, unexplainedScale) + 0.2 * coverage(this.entryInDoc[ei]!, total, unexplainedScale);
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
    const results: Ranked[] = [];
    shortlist.forEach((ei, i) => {
      if (scores[i]! >= floor) results.push({ entry: index.entries[ei]!, score: scores[i]!, coverage: coverages[i]! });
    });
    // Ties break on the topic id (plain code-unit order: ids are slugs, and localeCompare is slow).
    return results.sort((a, b) => b.score - a.score || byId(a.entry.ref.topic.id, b.entry.ref.topic.id));
  }

  /** Sets entryServiceHit of every topic about one of these services (value 0 clears). */
  private markServices(serviceIds: readonly string[], value: number): void {
    const { serviceNumbers, topicsByService } = this.index;
    for (const id of serviceIds) {
      const n = serviceNumbers.get(id);
      if (n === undefined) continue;
      for (let k = topicsByService.start(n), end = topicsByService.end(n); k < end; k++) {
        const ei = topicsByService.items[k]!;
        if (value === 0 || this.entryServiceHit[ei]! < value) this.entryServiceHit[ei] = value;
      }
    }
  }

  /** One candidate phrasing: how much of it the question covers, kept per topic as its best phrasing's. */
  private scorePhrasing(at: number, touched: number[]): void {
    const { i32, f64 } = this.index.phrases;
    const queryWeight = this.queryWeight;
    let matched = 0;
    for (let k = at + PhraseRecords.TERMS, end = k + i32[at + PhraseRecords.COUNT]!; k < end; k++) matched += queryWeight[i32[k]!]!;
    const weight = f64[at >> 1]!;
    const cover = weight > 0 ? Math.min(1, matched / weight) : 0;
    const ei = i32[at + PhraseRecords.TOPIC]!;
    if (this.entryMatched[ei] === 0 && this.entryCoverage[ei] === 0) touched.push(ei);
    if (cover > this.entryCoverage[ei]!) this.entryCoverage[ei] = cover;
    if (matched > this.entryMatched[ei]!) this.entryMatched[ei] = matched;
  }

  /** Adds each query term's weight to entryExplained / entryInDoc of the topics that use it; without weights, clears them. */
  private addAlongPostings(qIds: readonly number[], weights: readonly number[] | undefined): void {
    const inPhrases = this.index.topicsByPhraseTerm;
    const inDoc = this.index.topicsByDocTerm;
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
    const general = this.index.topicGeneral[ei] === 1;
    if (serviceNamed) return this.entryServiceHit[ei] === 2 ? 1.15 : general ? 0.85 : 0.6;
    if (this.entryServiceHit[ei] === 1) return 1.05;
    // No service named: a general topic is the likelier meaning than one service's special case.
    return general ? 1 : 0.96;
  }
}

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Module functions rather than closures inside rank(): they run per candidate, and a closure made on
// every call also costs a name assignment under tsx.

function inPhrasings(index: TopicIndex, t: string): boolean {
  const id = index.termIds.get(t);
  return id !== undefined && index.phrasesByTerm.size(id) > 0;
}

/** How much of the question (weights summing to `total`) `matched` explains, long questions' scene-setting discounted. */
function coverage(matched: number, total: number, unexplainedScale: number): number {
  const hard = Math.min(matched, total);
  return Math.min(1, matched / (hard + unexplainedScale * (total - hard)));
}

/**
 * Weighted geometric mean: a question must be mostly explained by the topic's phrasings, and one
 * phrasing must be mostly present in the question; either alone is not enough.
 */
function phraseScore(explained: number, phraseCoverage: number, total: number, unexplainedScale: number): number {
  return coverage(explained, total, unexplainedScale) ** 0.45 * phraseCoverage ** 0.55;
}
