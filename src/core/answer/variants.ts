// How the owner of a layer changes per service model ("the OS: customer on EC2; AWS on RDS, Lambda"),
// with example services for each model: shown when a question names a layer but no service.
import type { KnowledgePack } from '../knowledge/loader.ts';
import type { Answer, ServiceRef, Variant } from './answer.ts';
import { ownerOf, type GridReading } from './grid.ts';
import type { TopicIndex } from './topic-index.ts';

export class LayerVariants {
  private readonly examplesByLayer = new Map<string, Map<string, ServiceRef[]>>();

  /** @param topicLayers per topic (entry index): the grid layer it is about, if any. */
  constructor(
    private readonly index: TopicIndex,
    private readonly topicLayers: readonly (string | undefined)[],
  ) {}

  /** Each model's owner of the reading's layer, with example services; empty when the layer has one owner. */
  of(reading: GridReading): Variant[] {
    if (reading.variants.length === 0) return [];
    const examples = this.layerExamples(reading.pack, reading.layer.id);
    return reading.variants
      .map((v) => ({ model: v.model, verdict: v.verdict, services: examples.get(v.model.id) ?? [] }))
      .filter((v) => v.services.length > 0);
  }

  /**
   * Up to three example services per model for a layer: those with the most topics on the layer, else
   * (for a model with none) the best-known ones. Computed once per layer.
   */
  private layerExamples(pack: KnowledgePack, layerId: string): Map<string, ServiceRef[]> {
    const key = `${pack.id}/${layerId}`;
    let examples = this.examplesByLayer.get(key);
    if (examples) return examples;
    const onLayer = new Map<string, number>();
    const about = new Map<string, number>();
    this.index.entries.forEach((e, ei) => {
      if (e.ref.pack !== pack) return;
      for (const id of e.services) {
        about.set(id, (about.get(id) ?? 0) + 1);
        if (this.topicLayers[ei] === layerId) onLayer.set(id, (onLayer.get(id) ?? 0) + 1);
      }
    });
    examples = new Map();
    for (const model of pack.models) {
      const services = pack.services.filter((s) => s.model === model.id);
      const layered = services.filter((s) => (onLayer.get(s.id) ?? 0) > 0);
      const pool = layered.length ? layered : services;
      pool.sort((x, y) => (onLayer.get(y.id) ?? 0) - (onLayer.get(x.id) ?? 0) || (about.get(y.id) ?? 0) - (about.get(x.id) ?? 0));
      examples.set(model.id, pool.slice(0, 3).map((service) => ({ pack, service })));
    }
    this.examplesByLayer.set(key, examples);
    return examples;
  }

  /**
   * Rebuilds a grid answer from a button value (`<pack>/<layer>/<service or empty>/<phrase>`), for a
   * shared copy; undefined when the pack, layer or service is gone.
   */
  layerAnswer(packs: readonly KnowledgePack[], value: string): Extract<Answer, { kind: 'grid' }> | undefined {
    const [packId = '', layerId = '', serviceId = '', ...phrase] = value.split('/');
    const pack = packs.find((p) => p.id === packId);
    const layer = pack?.layers.find((l) => l.id === layerId);
    if (!pack || !layer) return undefined;
    const service = serviceId ? pack.services.find((s) => s.id === serviceId) : undefined;
    if (serviceId && !service) return undefined;
    const model = service?.model ? pack.models.find((m) => m.id === service.model) : undefined;
    const verdict = ownerOf(layer, model?.id);
    if (!verdict) return undefined;
    const reading: GridReading = {
      pack,
      layer,
      phrase: phrase.join('/') || layer.terms[0]!,
      phraseTerms: [],
      ...(service ? { service: { pack, service } } : {}),
      ...(model ? { model } : {}),
      verdict,
      strength: 1,
      margin: 1,
      evidence: 2,
      layers: [layer.id],
      everyday: layer.everyday === true,
      variants: typeof layer.owner === 'string' || model ? [] : pack.models.map((m) => ({ model: m, verdict: ownerOf(layer, m.id)! })),
    };
    const variants = this.of(reading);
    return { kind: 'grid', question: '', verdict, reading, confidence: 1, certainty: 'sure', alternatives: [], ...(variants.length ? { variants } : {}) };
  }
}
