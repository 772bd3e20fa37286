// Autocomplete: the topics that partly typed text ("patch the gu") is heading for, best first. The last
// word may be unfinished, so each of its completions from the vocabulary is tried.
import type { TopicRef } from './answer.ts';
import type { Ranked, TopicRanker } from './ranking.ts';
import type { ServiceDetector } from './services.ts';
import { normalize } from './text.ts';
import type { TopicIndex } from './topic-index.ts';
import type { TypoRepair } from './typos.ts';

/** Longer text than a question may be is cut, as the engine cuts questions. */
const MAX_PARTIAL_CHARS = 500;

export class TopicSuggester {
  constructor(
    private readonly index: TopicIndex,
    private readonly typos: TypoRepair,
    private readonly services: ServiceDetector,
    private readonly ranker: TopicRanker,
  ) {}

  /** Topics matching partly typed text, best first. */
  suggest(partial: string, limit = 10): TopicRef[] {
    const tokens = normalize(partial.slice(0, MAX_PARTIAL_CHARS)).split(' ').filter(Boolean);
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
}
