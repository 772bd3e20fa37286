// Turns free text into comparable terms: normalised, stemmed, synonyms folded onto one canonical term,
// and question framing ("who is responsible for…") dropped, because framing says nothing about the topic.
import { stemmer } from 'stemmer';

/** Words that frame a question or fill a sentence; they never decide which topic is meant. */
const STOPWORDS = new Set(
  `a about above after again against all am an and any anyone anything are as at be because been being below between both but by
can could did do does doing done down during each either else ever every exactly few for from further get gets getting got had has
have having he her here hers him his how i if in into is it its itself just let lets like me might mine more most must my myself
need needs no nor not now of off on once one only or other ought our ours ourselves out over own please pls really same she should
so some such than that the their theirs them themselves then there these they this those through thus to too under until up upon
us very via was we were what whats when where which while who whom whose whos why will with would yes yet you your yours yourself
yourselves hey hi hello thanks thank bot responsibot question tell know explain actually basically kind sort anyway wondering
responsible responsibility responsibilities accountable accountability liable job jobs duty duties task tasks fault blame charge
handle handles handled handling care whoever deal deals supposed expected required going gonna wanna want wants
aws amazon customer customers company companies organisation organization side sides part parts party parties
guy guys someone somebody stuff thing things lol ok okay so quick right hmm um uh yeah yep nope sure
them theirs wonder wondering curious anybody anyone whats hows ones also still even just much many ball dropped hook
fault faults blame blamed whose mistake`.split(/\s+/),
);

/** Zero-width and bidi control characters people paste in by accident (or on purpose). */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Lower-cases and reduces text to ASCII-ish words and digits separated by single spaces. */
export function normalize(raw: string): string {
  // Plain ASCII (most questions) has no accents or invisible characters to remove.
  const folded = PRINTABLE_ASCII.test(raw) ? raw : raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(INVISIBLE, '');
  const lower = folded.toLowerCase();
  // Possessives go ("aws's" → "aws"), other apostrophes join ("don't" → "dont"); most text has none.
  const joined = APOSTROPHE.test(lower) ? lower.replace(/['’`]s\b/g, '').replace(/['’`]/g, '') : lower;
  return joined.replace(/[^a-z0-9]+/g, ' ').trim();
}

const APOSTROPHE = /['’`]/;

/**
 * Phrases that only frame the question ("under the shared responsibility model", "us or aws"). They are
 * removed when something else is left, so "what is the shared responsibility model" still means the model.
 */
const FRAMING: [gate: string, pattern: RegExp][] = [
  ['shared responsibility', /\b(under|according to|in|per|within|as part of|with|by|based on|from the perspective of)( the)?( aws)? shared responsibility( model)?\b/g],
  ['', /\b(is|are) (it|this|that) (on )?(us|we|aws|amazon|them|ours|theirs)( or (on )?(us|we|aws|amazon|them|ours|theirs))?\b/g],
  [' or ', /\b(us|we|aws|amazon|ours|theirs|me|i) or (us|we|aws|amazon|them|ours|theirs|me|i)\b/g],
  [' the ball', /\bwho (dropped|drops) the ball\b/g],
  ['on the hook', /\bon the hook\b/g],
];

export function stripFraming(normalized: string): string {
  let out = normalized;
  // Each pattern needs its gate text; a plain substring check skips most regex runs.
  for (const [gate, re] of FRAMING) if (out.includes(gate)) out = out.replace(re, ' ');
  // Nothing framed (most questions): the text is already normalised, so there is nothing to tidy or check.
  if (out === normalized) return normalized;
  out = out.replace(/\s+/g, ' ').trim();
  return out.split(' ').some((w) => w && !isStopword(w)) ? out : normalized;
}

export function words(raw: string): string[] {
  const n = normalize(raw);
  return n ? n.split(' ') : [];
}

export function stopwords(): Iterable<string> {
  return STOPWORDS;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

const stemCache = new Map<string, string>();
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /\d/.test(word) ? word : stemmer(word);
    if (stemCache.size < 200_000) stemCache.set(word, s);
  }
  return s;
}

/**
 * Folds synonym groups onto one canonical term. Groups may contain phrases ("operating system"),
 * matched longest-first on stemmed word sequences, so "operating systems" and "OS" become one term.
 */
export class SynonymFolder {
  private readonly phrases = new Map<string, string>();
  /** First stems of multi-word phrases: only these can start one, so other words skip the lookups. */
  private readonly starts = new Set<string>();
  private maxLen = 1;

  constructor(groups: readonly (readonly string[])[]) {
    for (const group of groups) {
      const first = group[0];
      if (first === undefined) continue;
      const canonical = words(first).map(stem).join('_');
      if (!canonical) continue;
      for (const term of group) {
        const seq = words(term).map(stem);
        if (seq.length === 0) continue;
        const key = seq.join(' ');
        // The first group to claim a phrase keeps it, so pack order decides conflicts predictably.
        if (!this.phrases.has(key)) this.phrases.set(key, canonical);
        if (seq.length > 1) this.starts.add(seq[0]!);
        this.maxLen = Math.max(this.maxLen, seq.length);
      }
    }
  }

  /**
   * Maps words to terms: phrases of a group become its canonical term (phrases may contain common
   * words, e.g. "security of the cloud"); other words are stemmed, and dropped when `drop` says so.
   */
  fold(tokens: readonly string[], drop: (word: string) => boolean = () => false, map: (word: string) => string = stem): string[] {
    const stems = tokens.map((w) => (/^@/.test(w) ? w : stem(w)));
    const out: string[] = [];
    for (let i = 0; i < stems.length; ) {
      let matched = false;
      const longest = this.starts.has(stems[i]!) ? Math.min(this.maxLen, stems.length - i) : 1;
      for (let len = longest; len >= 1; len--) {
        const canonical = this.phrases.get(len === 1 ? stems[i]! : stems.slice(i, i + len).join(' '));
        if (canonical !== undefined) {
          out.push(canonical);
          i += len;
          matched = true;
          break;
        }
      }
      if (!matched) {
        if (!drop(tokens[i]!)) out.push(map(tokens[i]!));
        i++;
      }
    }
    return out;
  }
}

