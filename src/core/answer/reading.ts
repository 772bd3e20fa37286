// Reads a question once, for every later step: the words normalised and their typos repaired, framing
// and the party a yes/no question asks about dropped, the services named (one set aside, "not RDS", left
// out), then everything folded into the terms the ranking and the grid work on.
import type { DetectedService, ServiceDetector } from './services.ts';
import { isStopword, normalize, stripFraming } from './text.ts';
import { isSoft, type TopicIndex } from './topic-index.ts';
import type { TypoRepair } from './typos.ts';

/** A question read once: its words repaired, framing dropped, services found, terms folded. */
export interface Analysis {
  question: string;
  normalized: string;
  tokens: string[];
  services: DetectedService[];
  /** Folded terms of the whole question, in order (services included): what the grid reads. */
  terms: string[];
  /** Terms for ranking: content terms, then the services' own terms. */
  queryTerms: string[];
  /** Content terms other than party words, outside the words naming services. */
  contentTerms: string[];
  /** The terms of the words naming services (they give the grid its model, so they count as explained). */
  serviceTerms: Set<string>;
  /** Whether anything but party words is left outside the service names. */
  asks: boolean;
  /** "Is X solely AWS's problem?", "kind of everybody's job?": the asker doubts an all-or-nothing split. */
  exclusive: boolean;
}

/** A question's words as read, before they are folded into terms. */
export type Words = Pick<Analysis, 'question' | 'normalized' | 'tokens' | 'services' | 'exclusive'>;

const NUMBER = /^\d+$/;
/** Words that set a service aside: "not RDS", "rather than Lambda". */
const NEGATING = new Set(['not', 'than', 'without', 'unlike']);
const MOVED_TO = new Set(['to', 'onto', 'into']);

export class QuestionReader {
  constructor(
    private readonly index: TopicIndex,
    private readonly typos: TypoRepair,
    private readonly services: ServiceDetector,
  ) {}

  /** Reads a question once: everything later steps need. */
  analyze(text: string, question = text): Analysis {
    return this.fold(this.readWords(text, question));
  }

  /** The first half of analyze(): the words repaired and framing dropped, and the services they name. */
  readWords(text: string, question = text): Words {
    const normalized = normalize(text);
    const repaired = stripFraming(this.typos.repair(normalized.split(' ').filter(Boolean)).join(' ')).split(' ').filter(Boolean);
    const read = this.dropAskedParty(repaired);
    const exclusive = read.length < repaired.length - 1;
    const { tokens, services } = this.withoutNegatedServices(read, this.services.detect(read));
    return { question, normalized, tokens, services, exclusive };
  }

  /** The second half: the words folded into the terms ranking and the grid read. */
  fold({ question, normalized, tokens, services, exclusive }: Words): Analysis {
    const inService = new Set<number>();
    for (const s of services) for (let i = s.start; i < s.end; i++) inService.add(i);
    // A bare number the packs never use ("100% on amazon", "3 months ago") says nothing about who is responsible.
    const allContent = this.index.terms(tokens.filter((t, i) => !inService.has(i) && !(NUMBER.test(t) && !this.index.termIds.has(t))));
    const serviceTerms = this.index.terms(tokens.filter((_, i) => inService.has(i)));
    return {
      question,
      normalized,
      tokens,
      services,
      terms: this.index.terms(tokens),
      queryTerms: [...new Set([...allContent, ...serviceTerms])],
      contentTerms: allContent.filter((t) => !isSoft(t)),
      serviceTerms: new Set(serviceTerms),
      asks: allContent.length > 0,
      exclusive,
    };
  }

  /** "postgres on EC2, not RDS", "instead of Lambda": a service set aside is not what the question is about. */
  private withoutNegatedServices(tokens: string[], services: DetectedService[]): { tokens: string[]; services: DetectedService[] } {
    // Setting one service aside needs another left to be about.
    if (services.length < 2) return { tokens, services };
    // "moved MySQL from an EC2 instance to Amazon RDS": where it came from is history, where it went is the question.
    const movedTo = services.some((s) => MOVED_TO.has(tokens[s.start - 1] ?? '') || MOVED_TO.has(tokens[s.start - 2] ?? ''));
    const from = (s: DetectedService) => movedTo && tokens.slice(Math.max(0, s.start - 3), s.start).findLast((t) => t === 'from' || MOVED_TO.has(t)) === 'from';
    const negated = services.filter((s) => NEGATING.has(tokens[s.start - 1] ?? '') || (tokens[s.start - 2] === 'instead' && tokens[s.start - 1] === 'of') || from(s));
    if (negated.length === 0 || negated.length === services.length) return { tokens, services };
    const drop = new Set<number>();
    for (const s of negated) for (let i = NEGATING.has(tokens[s.start - 1] ?? '') ? s.start - 1 : s.start; i < s.end; i++) drop.add(i);
    const kept = tokens.filter((_, i) => !drop.has(i));
    return { tokens: kept, services: this.services.detect(kept) };
  }

  /**
   * In a yes/no question the party asked about is not part of the subject: "IS AWS responsible for…",
   * "do WE have to…", "is configuration management only THE CUSTOMER's job?". Owners stay ("our servers").
   */
  private dropAskedParty(tokens: string[]): string[] {
    if (tokens.length <= 2 || !AUX_VERBS.has(tokens[0]!)) return tokens;
    if (this.index.partyWords.has(tokens[1]!)) return [tokens[0]!, ...tokens.slice(2)];
    const isParty = (w: string) => this.index.partyWords.has(w) || EVERYONE.has(w);
    const last = tokens.findLastIndex((w, i) => i > 1 && isParty(w) && tokens.slice(i + 1).every((t) => isStopword(t) || ASKED_TAIL.has(t)));
    if (last <= 0) return tokens;
    // "…solely AWS's problem", "…kind of everybody's job", "…something the customer does": the whole
    // tail only says whom the question asks about, and would drown the subject's words.
    const tailFrom = tokens.slice(last + 1).every((t) => ASKED_TAIL.has(t) || DOING_TAIL.has(t) || isStopword(t)) ? tokens.length : last + 1;
    let from = last;
    while (from > 2 && (EXCLUSIVE.has(tokens[from - 1]!) || tokens[from - 1] === 'the')) from--;
    // Only a tail that says "just them" or "everybody" goes whole; otherwise only the party word.
    if (from === last && !EVERYONE.has(tokens[last]!)) return tokens.filter((_, i) => i !== last);
    const kept = [...tokens.slice(0, from), ...tokens.slice(tailFrom)];
    return kept.length >= 2 ? kept : tokens.filter((_, i) => i !== last);
  }
}

/** Words before the asked party that only say "just them" ("solely AWS's", "kind of everybody's"). */
const EXCLUSIVE = new Set(['solely', 'purely', 'only', 'entirely', 'completely', 'fully', 'just', 'all', 'totally', 'exclusively', 'wholly', 'kind', 'sort', 'of', 'something', 'stuff', 'squarely', 'strictly']);
/** Verbs after the asked party in "…something the customer does". */
const DOING_TAIL = new Set(['does', 'do', 'handles', 'handle', 'owns', 'own', 'manages', 'manage', 'needs', 'need', 'has', 'have']);
/** Words naming everyone, asked about as one party ("everybody's job"). */
const EVERYONE = new Set(['everybody', 'everyone', 'both']);
/** Words that may follow the party a yes/no question asks about ("…the customer's job", "…amazon's problem"). */
const ASKED_TAIL = new Set(['job', 'jobs', 'here', 'problem', 'problems', 'call', 'concern', 'headache', 'area', 'remit', 'business', 'alone', 'only', 'solely', 'entirely', 'purely']);
const AUX_VERBS = new Set(['is', 'are', 'does', 'do', 'did', 'should', 'shall', 'must', 'can', 'will', 'would', 'am']);
