// Typo repair: a word the index has never seen is replaced by the closest word it knows, when one is
// close. Candidates come from shared letter pairs (cheap, whatever the pack size), then the true edit
// distance (a swapped pair of letters counts once) and fuse.js rank the handful left, with word
// frequency as the tie-break. We pay for fuzzy matching per misspelt word, never per topic.
import Fuse from 'fuse.js';
import { damerauLevenshtein } from './edit-distance.ts';
import { isStopword, stem } from './text.ts';

export class TypoRepair {
  /** Typo repair candidates: padded letter pairs → indexes into `words`. */
  private readonly bigramIndex = new Map<string, number[]>();
  private readonly sharedBigrams: Uint16Array;
  private readonly words: string[];
  private readonly cache = new Map<string, string>();

  /**
   * @param vocabulary every surface word the index knows, with how often it occurs
   * @param stemsKnown the stems of those words ("patched" is known when "patching" is)
   */
  constructor(
    private readonly vocabulary: ReadonlyMap<string, number>,
    private readonly stemsKnown: ReadonlySet<string>,
    /** Real words that are not misspellings of ours (see english-words.ts). */
    private readonly english: ReadonlySet<string> = new Set(),
  ) {
    this.words = [...vocabulary.keys()].filter((w) => w.length >= 3);
    this.words.forEach((w, i) => {
      for (const g of new Set(bigrams(w))) {
        const list = this.bigramIndex.get(g);
        if (list) list.push(i);
        else this.bigramIndex.set(g, [i]);
      }
    });
    this.sharedBigrams = new Uint16Array(this.words.length);
  }

  /** Whether a word needs no repair: short, a number, known as written or by its stem, or plain English. */
  isKnown(w: string): boolean {
    return w.length < 4 || /\d/.test(w) || this.vocabulary.has(w) || isStopword(w) || this.stemsKnown.has(stem(w)) || this.english.has(w);
  }

  repair(tokens: readonly string[]): string[] {
    return tokens.map((w) => {
      // The decision for a word is cached whichever way it goes: one lookup instead of four for the
      // words people use again and again.
      let repaired = this.cache.get(w);
      if (repaired === undefined) {
        repaired = this.isKnown(w) ? w : (this.closestWord(w) ?? w);
        if (this.cache.size < 50_000) this.cache.set(w, repaired);
      }
      return repaired;
    });
  }

  /** Known words starting with a prefix (autocomplete of an unfinished word). */
  completions(prefix: string, limit: number): string[] {
    const out: string[] = [];
    for (const w of this.vocabulary.keys()) {
      if (w.startsWith(prefix)) out.push(w);
      if (out.length >= limit) break;
    }
    return out;
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
}

/** Letter pairs of a word padded with boundaries: "ec2" → ^e, ec, c2, 2$. */
function bigrams(word: string): string[] {
  const padded = `^${word}$`;
  const out: string[] = [];
  for (let i = 0; i < padded.length - 1; i++) out.push(padded.slice(i, i + 2));
  return out;
}
