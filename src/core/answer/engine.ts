// The answer engine: "who is responsible for X?" → a verdict, the reason behind it, and how sure we are.
//
// This file only orchestrates; each step has its own module:
//   mentions.ts     strips chat mention markup                    scope.ts     chit-chat, other clouds, trivia
//   topic-index.ts  the index over topic phrasings and texts      typos.ts     repairs misspelt words
//   services.ts     finds the services a question names           ranking.ts   scores the candidate topics
//   grid.ts         reasons from layers × service models          yes-no.ts    "is AWS responsible…?" leads
//   options.ts      pasted multiple-choice questions              compare.ts   "EC2 vs RDS vs Lambda"
//   reading.ts      reads a question once into words and terms    variants.ts  a layer's owner per service model
import { type KnowledgePack } from '../knowledge/loader.ts';
import type { Topic } from '../knowledge/schema.ts';
import type { Answer, Certainty, Rival, ServiceRef, TopicRef, VerdictAnswer } from './answer.ts';
import { GridReasoner, type GridReading } from './grid.ts';
import { stripMentions } from './mentions.ts';
import { TopicRanker, type Ranked } from './ranking.ts';
import { mentionsAws, mentionsBilling, namesMoney, outsideReason } from './scope.ts';
import { ServiceDetector, type DetectedService } from './services.ts';
import { normalize } from './text.ts';
import { TopicIndex, type Entry } from './topic-index.ts';
import { TypoRepair } from './typos.ts';
import { englishWords } from './english-words.ts';
import { askedParty } from './yes-no.ts';
import { QuestionReader, type Analysis } from './reading.ts';
import { LayerVariants } from './variants.ts';
import { TopicSuggester } from './suggest.ts';
import { comparedServices, subjectOf, tokensFor } from './compare.ts';
import { asksForStatements, decideMatches, optionParty, parseOptions, readStem, statementSubject, type ParsedOptions } from './options.ts';

export type { Answer, ServiceRef, TopicRef } from './answer.ts';
export type { Analysis } from './reading.ts';

export interface EngineOptions {
  /** Below this score the engine says it does not know. */
  unknownBelow?: number;
  /** Below this score a verdict comes with "did you mean" alternatives. */
  unsureBelow?: number;
}

const MAX_QUESTION_CHARS = 500;
const MAX_ALTERNATIVES = 3;
/** A topic with another owner scoring within this much of the best makes the answer contested (shown with doubt). */
const CONTEST_MARGIN = 0.15;
/** The match a yes/no answer needs to be shown without doubt (dev2: a yes/no at 0.87 was wrong twice over). */
const YES_NO_SURE = 0.9;
/** Weight of layer words below which a grid answer is shown with doubt (one generic word is about 0.8). */
const MIN_EVIDENCE = 1.2;

export class AnswerEngine {
  readonly packs: readonly KnowledgePack[];
  private readonly index: TopicIndex;
  private readonly typos: TypoRepair;
  private readonly services: ServiceDetector;
  private readonly ranker: TopicRanker;
  private readonly grid: GridReasoner;
  /** Per topic (entry index): the grid layer it is about, if any. */
  private readonly topicLayers: (string | undefined)[];
  /** The same, by entry: ranked topics carry their entry, and searching the entry list for it was a hot spot. */
  private readonly layerOfEntry = new Map<Entry, string | undefined>();
  private readonly awsPack: boolean;
  /** Topics whose own title or phrasings talk about money, worked out once each. */
  private readonly moneyTopics = new Map<Topic, boolean>();
  private readonly reader: QuestionReader;
  private readonly variants: LayerVariants;
  private readonly suggester: TopicSuggester;
  private readonly unknownBelow: number;
  private readonly unsureBelow: number;

  constructor(packs: readonly KnowledgePack[], options: EngineOptions = {}) {
    this.packs = packs;
    this.unknownBelow = options.unknownBelow ?? 0.5;
    this.unsureBelow = options.unsureBelow ?? 0.72;
    this.index = new TopicIndex(packs);
    this.services = new ServiceDetector(packs, (pack, service, word) => !this.index.usedElsewhere(pack, service, word));
    this.typos = new TypoRepair(this.index.vocabulary, this.index.stemsKnown, englishWords());
    this.ranker = new TopicRanker(this.index);
    this.grid = new GridReasoner(packs, this.index);
    this.topicLayers = this.index.entries.map((e) => this.grid.topicLayer(e.phrases, e.ref.topic.layer));
    this.index.entries.forEach((e, i) => this.layerOfEntry.set(e, this.topicLayers[i]));
    this.reader = new QuestionReader(this.index, this.typos, this.services);
    this.variants = new LayerVariants(this.index, this.topicLayers);
    this.suggester = new TopicSuggester(this.index, this.typos, this.services, this.ranker);
    this.awsPack = packs.some((p) => p.parties.some((party) => normalize(party.name) === 'aws'));
  }

  get topicCount(): number {
    return this.index.entries.length;
  }

  /** Answers one question. Never throws on user input. */
  answer(rawQuestion: string): Answer {
    const question = rawQuestion.slice(0, MAX_QUESTION_CHARS);
    const text = stripMentions(question);
    const pasted = parseOptions(text);
    if (pasted && this.packs.length > 0) return this.answerOptions(question, pasted);
    const a = this.analyze(text, question);
    const compared = comparedServices(a.tokens, a.services);
    if (compared) return this.answerComparison(a, compared);
    return this.answerOne(a);
  }

  /** Each option of a pasted multiple-choice question answered on its own, and the ones that fit the stem. */
  private answerOptions(question: string, pasted: ParsedOptions): Answer {
    const stemAnalysis = this.analyze(pasted.stem);
    const pack = this.packOf(stemAnalysis);
    const ask = readStem(pasted.stem, pasted.options, pack);
    const shared = pack.parties.find((p) => p.shared)?.id;
    let stemAnswer: Answer | undefined;
    let answered: { label: string; text: string; answer: Answer; statementParty?: string }[];
    if (ask.partyOptions) {
      stemAnswer = this.answerOne(stemAnalysis);
      answered = pasted.options.map((o) => ({ ...o, answer: stemAnswer!, statementParty: optionParty(o.text, pack, true) }));
    } else {
      // The stem's service is the options' context ("On RDS, which is AWS's job? A) patching the OS …").
      const context = stemAnalysis.services.filter((s) => s.strong).map((s) => s.ref.service.name).join(' ');
      const statements = ask.party === undefined && asksForStatements(pasted.stem);
      answered = pasted.options.map((o) => {
        const subject = statements ? statementSubject(o.text, pack) : undefined;
        const body = subject?.rest ?? o.text;
        // "Which statement about S3 is TRUE? B) new objects are encrypted by default": an option with no
        // party at its head is a claim, checked as the yes/no question "…, right?" (true when its lead is yes).
        const claim = statements && !subject;
        const tag = claim ? ', right?' : '';
        // Only the option's words are read first: folding them into terms is wasted when the context joins them.
        const words = this.reader.readWords(body + tag);
        const a = context && !words.services.some((s) => s.strong) ? this.analyze(`${body} ${context}${tag}`) : this.reader.fold(words);
        const answer = this.answerOne(a);
        const party = subject?.party ?? (claim && 'askedParty' in answer ? answer.askedParty : undefined);
        return { ...o, answer, ...(party ? { statementParty: party } : {}) };
      });
    }
    const options = decideMatches(ask, pasted.stem, answered, stemAnswer, shared);
    const doubtful = options.some((o) => o.answer.certainty === 'unsure' || o.answer.verdict === 'unknown');
    const found = options.filter((o) => o.matches).length;
    const certainty: Certainty = doubtful || found === 0 || (ask.count !== undefined && found !== ask.count) ? 'unsure' : 'sure';
    const confidence = round(Math.min(...options.map((o) => o.answer.confidence || 0.5)));
    return { kind: 'options', question, verdict: 'unknown', stem: pasted.stem, ask, options, confidence, certainty, alternatives: [] };
  }

  /** The same question asked of each compared service. */
  private answerComparison(a: Analysis, compared: DetectedService[]): Answer {
    const rows = compared.map((s) => ({ service: s.ref, answer: this.answerOne(this.analyze(tokensFor(a.tokens, compared, s).join(' '), a.question)) }));
    const subjectTokens = subjectOf(a.tokens, compared);
    const certainty: Certainty = rows.every((r) => r.answer.certainty === 'sure' && r.answer.verdict !== 'unknown') ? 'sure' : 'unsure';
    // When every service gives the same verdict, that is the verdict ("SQS and SNS infrastructure": AWS).
    const verdicts = new Set(rows.map((r) => r.answer.verdict));
    const [only] = verdicts;
    return {
      kind: 'compare',
      question: a.question,
      verdict: verdicts.size === 1 ? only! : 'unknown',
      subject: subjectTokens.join(' '),
      rows,
      confidence: round(Math.min(...rows.map((r) => r.answer.confidence))),
      certainty,
      alternatives: [],
    };
  }

  /** The pack a question is most likely about: the one of the services it names, else the first. */
  private packOf(a: Analysis): KnowledgePack {
    return a.services[0]?.ref.pack ?? this.packs[0]!;
  }

  /** Reads a question once: everything later steps need. */
  analyze(text: string, question = text): Analysis {
    return this.reader.analyze(text, question);
  }

  /** The answer to one single question (not a comparison, not a multiple-choice paste). */
  answerOne(a: Analysis): Answer {
    const { question, normalized, services } = a;
    const outside = outsideReason(normalized, { awsPack: this.awsPack, namesAwsService: services.some((s) => s.strong && isAwsPack(s.ref.pack)) });
    if (outside) return { kind: 'outside', question, verdict: 'unknown', reason: outside, confidence: 0, certainty: 'sure', alternatives: [] };

    // A question that only names a service ("/who lambda") gets that service's split; one that
    // describes a task in a service's words ("vulnerability scanning") is about a topic.
    if (a.contentTerms.length === 0 && services.every((s) => s.named)) {
      const named = services.find((s) => s.strong) ?? services[0];
      if (named) return { kind: 'service', question, verdict: sharedPartyOf(named.ref.pack), service: named.ref, confidence: 1, certainty: 'sure', alternatives: [] };
      // Nothing but framing and party words ("who is responsible?"): how to ask.
      return { kind: 'empty', question, verdict: 'unknown', confidence: 0, certainty: 'sure', alternatives: [] };
    }

    // Below these scores a topic is neither a "did you mean" (below) nor a close runner-up.
    const ranked = this.ranker.rank(a.queryTerms, services, (best) => Math.min(0.25, this.unknownBelow * 0.8, best - 0.05));
    const reading = this.grid.read(a.terms, services, a.serviceTerms);
    const candidates = this.preferOneSide(this.fitToLayer(ranked, reading), reading);
    const best = candidates[0];
    // Money words ask who pays, unless the best topic is a team pack's own topic about money (its cost
    // dashboards); in the AWS pack, who pays the bill is never a responsibility question.
    const billing = mentionsBilling(normalized) && !(best && !isAwsPack(best.entry.ref.pack) && this.aboutMoney(best.entry.ref.topic));

    // With no AWS context at all, a question with words the packs have never seen is probably about
    // something else ("who backs up the photos on my phone"), however well its other words match.
    // An everyday thing ("my laptop", "the plants") with no AWS word and no cloud layer is not about AWS.
    const everyday = this.awsPack && this.noAwsContext(a) && (!reading || reading.everyday);
    if (everyday && (this.outOfContext(a) || reading?.everyday || !best || best.score < 0.6)) {
      return { kind: 'unknown', question, verdict: 'unknown', confidence: round(best?.score ?? 0), certainty: 'unsure', alternatives: [] };
    }
    if (best && best.score >= this.unknownBelow && !(billing && best.score < 0.8)) {
      return this.fromTopic(a, best, candidates, reading);
    }
    if (reading && !billing && this.gridCanAnswer(a, reading)) return this.fromGrid(a, reading, candidates, undefined);
    // The best topics all name one owner, and the layer (if any) agrees: an answer, shown with doubt.
    const consensus = candidates.slice(0, 3);
    if (best && !billing && consensus.length === 3 && consensus.every((r) => r.score >= 0.4 && r.entry.ref.topic.responsible === best.entry.ref.topic.responsible && r.entry.ref.pack === best.entry.ref.pack) && (!reading || reading.verdict === best.entry.ref.topic.responsible) && !this.outOfContext(a)) {
      return this.fromTopic(a, best, candidates, reading, true);
    }
    // Two weak readings that agree (the layer and the best topic name the same owner, and no other
    // owner's layer competes) are worth an answer, shown with doubt.
    if (reading && best && !billing && reading.margin >= 0.9 && reading.strength >= 0.4 && best.score >= 0.4 && best.entry.ref.topic.responsible === reading.verdict && reading.pack === best.entry.ref.pack) {
      return this.fromTopic(a, best, candidates, reading, true);
    }
    if (billing && (!best || best.score < 0.8)) {
      return { kind: 'outside', question, verdict: 'unknown', reason: 'billing', confidence: 0, certainty: 'sure', alternatives: [] };
    }
    return {
      kind: 'unknown',
      question,
      verdict: 'unknown',
      confidence: round(best?.score ?? 0),
      certainty: 'unsure',
      alternatives: candidates.filter((r) => r.score >= 0.25).slice(0, MAX_ALTERNATIVES).map((r) => r.entry.ref),
    };
  }

  /**
   * A shared control ("security awareness training") tied with a one-sided topic that the layer agrees
   * with ("training AWS's own staff") gives way to it: the question is about one side's part. So does a
   * broad topic against a close one that the layer and the question's words both point at.
   */
  private preferOneSide(candidates: Ranked[], reading: GridReading | undefined): Ranked[] {
    const best = candidates[0];
    if (!best || !reading || reading.margin < 0.9) return candidates;
    const first = (side: Ranked | undefined) => (side ? [side, ...candidates.filter((r) => r !== side)] : candidates);
    if (best.entry.ref.topic.responsible === reading.verdict) return candidates;
    // A clear layer ("the hypervisor") and a topic of that layer whose whole phrasing is in the question
    // agree against a broader topic of the service named ("managing a Lightsail instance"): the layer's topic.
    if (reading.strength >= 0.9 && this.layerOfEntry.get(best.entry) !== reading.layer.id) {
      const onLayer = candidates.find((r) => r.coverage >= 0.99 && r.entry.ref.topic.responsible === reading.verdict && this.layerOfEntry.get(r.entry) === reading.layer.id);
      if (onLayer && onLayer.score >= best.score - CONTEST_MARGIN) return first(onLayer);
    }
    const shared = best.entry.ref.pack.parties.find((p) => p.shared)?.id;
    if (best.entry.ref.topic.responsible !== shared || reading.verdict === shared) return candidates;
    return first(candidates.find((r) => r.entry.ref.topic.responsible === reading.verdict && r.score >= best.score - 0.03));
  }

  /**
   * Re-ranks the best topics by whether they are about the layer the question is about: a topic of
   * another layer with another owner ("the host OS" for "who patches the OS") loses ground in
   * proportion to how clearly the question names its layer.
   */
  private fitToLayer(ranked: Ranked[], reading: GridReading | undefined): Ranked[] {
    if (!reading || ranked.length === 0) return ranked;
    const head = ranked.slice(0, 12).map((r) => ({ ...r, score: r.score * this.layerFit(r, reading) }));
    return [...head, ...ranked.slice(12)].sort((x, y) => y.score - x.score);
  }

  private layerFit(r: Ranked, reading: GridReading): number {
    // A topic whose whole phrasing is in the question, and which has every word that placed the question
    // in its layer, is what the question asks about ("S3's default encryption of new objects").
    if (r.coverage >= 0.99 && reading.phraseTerms.every((t) => r.entry.phraseTerms.has(t))) return 1;
    const layer = this.layerOfEntry.get(r.entry);
    const agrees = r.entry.ref.topic.responsible === reading.verdict;
    if (layer === reading.layer.id && agrees) return 1.08;
    // A topic about another layer the question also names ("encrypting our uploads": encryption) is not off-layer.
    if (layer !== undefined && reading.layers.includes(layer)) return 1;
    if (agrees) return 1;
    // A topic of no single layer (its phrasings mix several) is judged by its owner alone, more gently.
    const clarity = Math.min(1, reading.strength) * (reading.margin >= 0.3 ? 1 : 0.5);
    return 1 - (layer === undefined ? 0.25 : 0.4) * clarity;
  }

  private fromTopic(a: Analysis, best: Ranked, candidates: Ranked[], reading: GridReading | undefined, weak = false): VerdictAnswer {
    const ref = best.entry.ref;
    const pack = ref.pack;
    const shared = pack.parties.find((p) => p.shared)?.id;
    // A shared control ("patch management") asked about one side's part of it ("… of the hypervisor")
    // is that side's: answer from the grid and say which shared control it belongs to.
    const narrows = reading !== undefined && reading.phraseTerms.some((t) => !best.entry.phraseTerms.has(t));
    if (reading && narrows && ref.topic.responsible === shared && reading.verdict !== shared && reading.strength >= 0.5 && reading.pack === pack) {
      return this.fromGrid(a, reading, candidates, ref);
    }
    const asked = this.asked(a, pack);
    // Per-model variants come from the topic's own pack: another pack's grid says nothing about a team's topic.
    const variants = reading && reading.pack === pack && reading.layer.id === this.layerOfEntry.get(best.entry) ? this.variants.of(reading) : undefined;
    // With no service named, other services' topics of the same layer are the variants shown, not rivals.
    const siblings = variants !== undefined && variants.length > 0;
    const runnerUp = candidates.find((r) => r.entry.ref.topic.responsible !== ref.topic.responsible && !(siblings && this.layerOfEntry.get(r.entry) === reading?.layer.id));
    const contested = runnerUp !== undefined && runnerUp.score > best.score - CONTEST_MARGIN;
    let rival: Rival | undefined;
    if (reading && reading.pack === pack && reading.verdict !== ref.topic.responsible && reading.strength >= 0.6 && reading.margin >= 0.5 && best.score < 0.85) {
      rival = { verdict: reading.verdict, reading };
    }
    // A yes/no answer can be wrong twice (the owner, and whom the asker named), so it needs a closer match.
    const sureFrom = asked.askedParty ? YES_NO_SURE : this.unsureBelow;
    // An all-or-nothing question ("solely AWS's problem?") read without its tail is answered with doubt.
    const certainty: Certainty = !weak && !a.exclusive && best.score >= sureFrom && !contested && !rival ? 'sure' : 'unsure';
    const alternatives =
      certainty === 'unsure' ? candidates.slice(1).filter((r) => r.score >= this.unknownBelow * 0.8).slice(0, MAX_ALTERNATIVES).map((r) => r.entry.ref) : [];
    return {
      kind: 'topic',
      question: a.question,
      verdict: ref.topic.responsible,
      ref,
      confidence: round(Math.min(1, best.score)),
      certainty,
      alternatives,
      ...asked,
      ...(reading ? { reading } : {}),
      ...(variants?.length ? { variants } : {}),
      ...(rival ? { rival } : {}),
    };
  }

  /** No AWS word, no service, and at least one word the packs have never seen. */
  private outOfContext(a: Analysis): boolean {
    if (!this.awsPack || !this.noAwsContext(a)) return false;
    return a.contentTerms.some((t) => !this.index.termIds.has(t));
  }

  private noAwsContext(a: Analysis): boolean {
    return !mentionsAws(a.normalized) && !a.services.some((s) => s.strong);
  }

  /** Whether the grid alone may answer: the layer explains most of the question, in an AWS context. */
  private gridCanAnswer(a: Analysis, reading: GridReading): boolean {
    return reading.strength >= 0.55;
  }

  private fromGrid(a: Analysis, reading: GridReading, candidates: Ranked[], via: TopicRef | undefined): VerdictAnswer {
    // Sure only when the layer explains nearly all of the question, clearly beats other owners' layers
    // and rests on more than one generic word.
    const certainty: Certainty = (via ? reading.strength >= 0.6 : reading.strength >= 0.85 && reading.margin >= 0.6 && reading.evidence >= MIN_EVIDENCE) ? 'sure' : 'unsure';
    const related = candidates.filter((r) => r.entry.ref.topic.responsible === reading.verdict && r.score >= 0.3);
    const variants = this.variants.of(reading);
    return {
      kind: 'grid',
      question: a.question,
      verdict: reading.verdict,
      reading,
      confidence: round(reading.strength),
      certainty,
      alternatives: certainty === 'unsure' || via ? related.slice(0, MAX_ALTERNATIVES).map((r) => r.entry.ref) : [],
      ...this.asked(a, reading.pack),
      ...(via ? { via } : {}),
      ...(variants.length ? { variants } : {}),
    };
  }

  private aboutMoney(topic: Topic): boolean {
    let money = this.moneyTopics.get(topic);
    if (money === undefined) this.moneyTopics.set(topic, (money = namesMoney(normalize([topic.title, ...topic.aliases].join(' ')))));
    return money;
  }

  private asked(a: Analysis, pack: KnowledgePack): { askedParty?: string } {
    const party = askedParty(a.normalized, pack, (words) => this.services.detect(words).some((s) => s.start === 0 && s.strong));
    return party ? { askedParty: party } : {};
  }

  /** Topics matching partly typed text, best first (for autocomplete). */
  suggest(partial: string, limit = 10): TopicRef[] {
    return this.suggester.suggest(partial, limit);
  }

  /**
   * Rebuilds a grid answer from a button value (`<pack>/<layer>/<service or empty>/<phrase>`), for a
   * shared copy; undefined when the pack, layer or service is gone.
   */
  layerAnswer(value: string): Extract<Answer, { kind: 'grid' }> | undefined {
    return this.variants.layerAnswer(this.packs, value);
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

}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The pack's shared party (a service split is a shared picture), or its first party. */
function sharedPartyOf(pack: KnowledgePack): string {
  return (pack.parties.find((p) => p.shared) ?? pack.parties[0])!.id;
}

function isAwsPack(pack: KnowledgePack): boolean {
  return pack.parties.some((party) => normalize(party.name) === 'aws');
}
