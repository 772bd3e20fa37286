// Reasoning from the model's structure: the pack's grid of layers (facilities, hypervisor, guest OS,
// data, identity…) × service models (IaaS, managed, serverless…). The words of a question name a
// layer ("network cabling" → physical facilities), the services it names give the model, and the
// grid says who owns that cell. The engine uses it when no topic explains a question well, and to
// check that the topic it found is about the same layer as the question.
import type { KnowledgePack } from '../knowledge/loader.ts';
import type { Layer, Model } from '../knowledge/schema.ts';
import type { ServiceRef } from './answer.ts';
import type { DetectedService } from './services.ts';
import { normalize } from './text.ts';
import { isSoft, type TopicIndex } from './topic-index.ts';

/** A compiled layer term: its folded terms, in order. */
interface Term {
  layer: number;
  text: string;
  seq: string[];
  /** How specific the match is: hard terms count 1, party words (qualifiers) 0.5. */
  specificity: number;
}

export interface LayerMatch {
  pack: KnowledgePack;
  layer: Layer;
  score: number;
  /** The layer terms that matched, as written in layers.yaml (for the reason shown). */
  phrases: string[];
  /** Positions of the question's terms the layer explains. */
  positions: number[];
}

export interface GridReading {
  pack: KnowledgePack;
  layer: Layer;
  /** The phrase of the question that placed it in the layer (as written in layers.yaml), and its terms. */
  phrase: string;
  phraseTerms: string[];
  /** The service the question names, and the model it runs under. */
  service?: ServiceRef;
  model?: Model;
  verdict: string;
  /** How much of the question the layer (plus the services and verbs of doing) explains, 0–1. */
  strength: number;
  /** How far ahead of the next layer with another owner this one is, 0–1. */
  margin: number;
  /** How much the words placing it in the layer weigh (rare words count more): one generic word is thin evidence. */
  evidence: number;
  /** Every layer the question names (the deciding one included). */
  layers: string[];
  /** Whether an everyday layer (laptops, phones) is among the layers the question names. */
  everyday: boolean;
  /** For a layer whose owner depends on the model and a question naming no service: each model's owner. */
  variants: { model: Model; verdict: string }[];
}

/** Verbs of doing that say nothing about which layer is meant ("who patches", "who looks after"). */
const ACTIVITY_VERBS = `patch patches patching install installs maintain maintains maintaining manage manages managing
secure secures securing protect protects protecting run runs running operate operates operating own owns replace
replaces replacing fix fixes keep keeps keeping look looks apply applies applying deploy deploys upgrade update updates
provide provides perform performs take takes make makes ensure ensures control controls set sets configure configures
configuring monitor monitors monitoring check checks review reviews audit audits harden hardens scan scans test tests
rotate rotates renew renews enforce enforces defend defends stop stops prevent prevents block blocks detect detects
respond responds investigate investigates cover covers sort sorts supply supplies support supports`.split(/\s+/);
const ACTIVITY_WEIGHT = 0.3;
const NONE: ReadonlySet<string> = new Set();
const SCENE_WORDS = 5;
/** Terms of a layer term may be spread over this many extra question terms ("our production servers"). */
const MAX_GAP = 2;

export class GridReasoner {
  private readonly layers: { pack: KnowledgePack; layer: Layer }[] = [];
  /** First folded term → the layer terms starting with it. */
  private readonly byFirst = new Map<string, Term[]>();
  /** ACTIVITY_VERBS as folded terms. */
  private readonly activities: Set<string>;
  /** The mean rarity of the index's terms: a position's weight is its term's rarity relative to it. */
  private readonly meanWeight: number;

  constructor(
    packs: readonly KnowledgePack[],
    private readonly index: TopicIndex,
  ) {
    this.activities = new Set(index.terms(ACTIVITY_VERBS));
    let sum = 0;
    for (const w of index.termIdf) sum += w;
    this.meanWeight = index.termIdf.length ? sum / index.termIdf.length : 1;
    for (const pack of packs) {
      for (const layer of pack.layers) {
        const li = this.layers.push({ pack, layer }) - 1;
        for (const text of layer.terms) {
          const seq = index.terms(normalize(text).split(' ').filter(Boolean));
          if (seq.length === 0 || seq.every(isSoft)) continue;
          const term: Term = { layer: li, text, seq, specificity: seq.reduce((n, t) => n + (isSoft(t) ? 0.5 : 1), 0) };
          const list = this.byFirst.get(seq[0]!);
          if (list) list.push(term);
          else this.byFirst.set(seq[0]!, [term]);
        }
      }
    }
  }

  get hasLayers(): boolean {
    return this.layers.length > 0;
  }

  /**
   * The layers a question's folded terms point at, best first. Terms of the words naming a service
   * ("route" of "Route 53") name the service, not a layer, so they are skipped.
   */
  layersOf(terms: readonly string[], serviceTerms: ReadonlySet<string> = NONE): LayerMatch[] {
    if (this.layers.length === 0) return [];
    // For each position, the most specific layer term covering it wins the position.
    const bestAt: (Term | undefined)[] = new Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      if (serviceTerms.has(terms[i]!)) continue;
      const candidates = this.byFirst.get(terms[i]!);
      if (!candidates) continue;
      for (const term of candidates) {
        const positions = matchAt(term.seq, terms, i);
        if (!positions) continue;
        for (const p of positions) {
          const held = bestAt[p];
          if (!held || held.specificity < term.specificity) bestAt[p] = term;
        }
      }
    }
    const byLayer = new Map<number, LayerMatch>();
    bestAt.forEach((term, p) => {
      if (!term) return;
      const { pack, layer } = this.layers[term.layer]!;
      let m = byLayer.get(term.layer);
      if (!m) byLayer.set(term.layer, (m = { pack, layer, score: 0, phrases: [], positions: [] }));
      m.positions.push(p);
      m.score += this.positionWeight(terms[p]!) * (layer.weight ?? 1);
      if (!m.phrases.includes(term.text)) m.phrases.push(term.text);
    });
    return [...byLayer.values()].sort((a, b) => b.score - a.score);
  }

  /**
   * What the grid says about a question: its layer, the model of the service it names, the owner of
   * that cell, and how much of the question this explains. Undefined when no layer is named.
   */
  read(terms: readonly string[], services: readonly DetectedService[], serviceTerms: ReadonlySet<string> = new Set()): GridReading | undefined {
    const matches = this.layersOf(terms, serviceTerms);
    if (matches.length === 0) return undefined;
    const pack = matches[0]!.pack;
    const service = services.find((s) => s.strong && s.ref.pack === pack) ?? services.find((s) => s.ref.pack === pack);
    const model = service?.ref.service.model ? pack.models.find((m) => m.id === service.ref.service.model) : undefined;
    const top = this.decidingLayer(matches, model?.id);
    const verdict = ownerOf(top.layer, model?.id);
    if (verdict === undefined) return undefined;
    const variants =
      typeof top.layer.owner === 'string' || model ? [] : pack.models.map((m) => ({ model: m, verdict: ownerOf(top.layer, m.id)! }));
    // Strength: the share of the question's weight the layer explains, counting services and verbs
    // of doing as explained; words the index has never seen weigh like rare ones.
    // Every layer named counts as explained ("the hypervisor under our instances" is all layers), and
    // long questions (scenarios) carry words that set the scene: beyond SCENE_WORDS words, the
    // unexplained part counts as if the question were only that long.
    let unexplained = 0;
    let explained = 0;
    let hard = 0;
    const covered = new Set(matches.flatMap((m) => m.positions));
    terms.forEach((t, i) => {
      const w = isSoft(t) ? 0.2 : this.activities.has(t) ? ACTIVITY_WEIGHT : this.index.weight(t);
      if (!isSoft(t)) hard++;
      if (covered.has(i) || this.activities.has(t) || isSoft(t) || serviceTerms.has(t)) explained += w;
      else unexplained += w;
    });
    const scale = hard > SCENE_WORDS ? SCENE_WORDS / hard : 1;
    const strength = explained > 0 ? explained / (explained + scale * unexplained) : 0;
    const rival = matches.find((m) => m !== top && ownerOf(m.layer, model?.id) !== verdict);
    const margin = rival ? Math.max(0, (top.score - rival.score) / top.score) : 1;
    return {
      pack,
      layer: top.layer,
      phrase: top.phrases[0]!,
      phraseTerms: top.positions.map((p) => terms[p]!),
      ...(service ? { service: service.ref } : {}),
      ...(model ? { model } : {}),
      verdict,
      strength,
      margin,
      evidence: top.score,
      layers: matches.map((m) => m.layer.id),
      everyday: matches.some((m) => m.layer.everyday === true),
      variants,
    };
  }

  /** Rarer words say more about the layer than common ones ("hypervisor" more than "data"). */
  private positionWeight(term: string): number {
    if (isSoft(term)) return 0.5;
    return Math.min(1.5, Math.max(0.4, this.index.weight(term) / this.meanWeight));
  }

  /**
   * The layer that decides among those a question names: a layer that declares itself `over` another
   * one present wins, and a control both sides share yields to a one-sided layer named with it
   * ("configuration management of our own applications" is about the applications).
   */
  private decidingLayer(matches: LayerMatch[], model: string | undefined): LayerMatch {
    let top = matches[0]!;
    const over = matches.find((m) => m !== top && m.layer.over?.includes(top.layer.id));
    if (over) top = over;
    const sharedParty = top.pack.parties.find((p) => p.shared)?.id;
    if (sharedParty !== undefined && ownerOf(top.layer, model) === sharedParty) {
      const oneSided = matches.find((m) => ownerOf(m.layer, model) !== sharedParty);
      if (oneSided) top = oneSided;
    }
    return top;
  }

  /** The layer a topic is about: declared, or the one most of its phrasings point at. */
  topicLayer(phrasings: readonly string[][], declared: string | undefined): string | undefined {
    if (declared) return declared;
    const votes = new Map<string, number>();
    for (const terms of phrasings) {
      const top = this.layersOf(terms)[0];
      if (top) votes.set(top.layer.id, (votes.get(top.layer.id) ?? 0) + 1);
    }
    let best: string | undefined;
    let bestVotes = 0;
    for (const [id, n] of votes) if (n > bestVotes) [best, bestVotes] = [id, n];
    return best !== undefined && bestVotes * 2.5 >= phrasings.length ? best : undefined;
  }
}

/** The owner of a layer under a model (the layer's common model when none is given). */
export function ownerOf(layer: Layer, model: string | undefined): string | undefined {
  if (typeof layer.owner === 'string') return layer.owner;
  return layer.owner[model ?? layer.common ?? ''];
}

/**
 * Positions where `seq` occurs in `terms` starting at `start`, in order. Ordinary words may be spread
 * over a few extra question terms ("our production servers"), but a party word must be followed at
 * once by what it qualifies, and no party word may be skipped ("does aws train our staff" does not
 * contain "aws staff").
 */
function matchAt(seq: readonly string[], terms: readonly string[], start: number): number[] | undefined {
  if (terms[start] !== seq[0]) return undefined;
  const positions = [start];
  let at = start;
  const limit = start + seq.length + MAX_GAP;
  for (let k = 1; k < seq.length; k++) {
    const adjacentOnly = isSoft(seq[k - 1]!);
    let found = -1;
    for (let j = at + 1; j < terms.length && j < limit; j++) {
      if (terms[j] === seq[k]) {
        found = j;
        break;
      }
      if (adjacentOnly || isSoft(terms[j]!)) break;
    }
    if (found < 0) return undefined;
    positions.push(found);
    at = found;
  }
  return positions;
}
