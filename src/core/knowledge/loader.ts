// Loads every knowledge pack under a directory and checks what a schema alone cannot: ids that must be
// unique, references that must resolve, shared verdicts that must say what each side does.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  layersFileSchema,
  packManifestSchema,
  quizFileSchema,
  servicesFileSchema,
  topicsFileSchema,
  type PackManifest,
  type Domain,
  type Layer,
  type Model,
  type Party,
  type QuizQuestionSpec,
  type Service,
  type Topic,
} from './schema.ts';
import { readYamlFile, type KnowledgeProblem, type YamlFile } from './yaml-file.ts';

/** The service id topics use when they apply to AWS in general rather than to one service. */
export const GENERAL_SERVICE = 'general';

export interface KnowledgePack {
  id: string;
  name: string;
  description: string;
  dir: string;
  parties: Party[];
  synonyms: string[][];
  /** Example questions for "try:" lines. */
  examples: string[];
  /** Quiz domains with their mock-exam weights (empty when the pack declares none). */
  domains: Domain[];
  /** Service models (the grid's columns) and layers (its rows); both empty for a pack without a grid. */
  models: Model[];
  layers: Layer[];
  services: Service[];
  topics: Topic[];
  questions: QuizQuestionSpec[];
}

export interface LoadResult {
  packs: KnowledgePack[];
  problems: KnowledgeProblem[];
}

export function partyOf(pack: KnowledgePack, id: string): Party {
  const party = pack.parties.find((p) => p.id === id);
  if (!party) throw new Error(`pack ${pack.id} has no party ${id}`);
  return party;
}

/**
 * Loads all packs. `roots` is a directory of packs (one per sub-directory holding a pack.yaml), a single
 * pack directory, or several of either separated by commas. Problems are returned, never thrown.
 */
export function loadKnowledge(roots: string): LoadResult {
  const problems: KnowledgeProblem[] = [];
  const packs: KnowledgePack[] = [];
  const packDirs: string[] = [];
  for (const root of roots.split(',').map((r) => r.trim()).filter(Boolean)) {
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      problems.push({ file: display(root), line: 1, reason: 'knowledge directory not found' });
      continue;
    }
    if (existsSync(join(root, 'pack.yaml'))) {
      packDirs.push(root);
      continue;
    }
    const found = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'pack.yaml')))
      .map((d) => join(root, d.name))
      .sort();
    if (found.length === 0) {
      problems.push({ file: display(root), line: 1, reason: 'no knowledge pack found (a pack is a folder with a pack.yaml)' });
    }
    packDirs.push(...found);
  }
  const seenPackIds = new Map<string, string>();
  for (const dir of packDirs) {
    const pack = loadPack(dir, problems);
    if (!pack) continue;
    const other = seenPackIds.get(pack.id);
    if (other) {
      problems.push({ file: display(join(dir, 'pack.yaml')), line: 1, reason: `pack id "${pack.id}" is already used by ${other}` });
      continue;
    }
    seenPackIds.set(pack.id, display(dir));
    packs.push(pack);
  }
  return { packs, problems };
}

function loadPack(dir: string, problems: KnowledgeProblem[]): KnowledgePack | undefined {
  const manifestFile = join(dir, 'pack.yaml');
  const manifest = readYamlFile(manifestFile, packManifestSchema, display(manifestFile));
  if (!manifest.ok) {
    problems.push(...manifest.problems);
    return undefined;
  }
  const m: PackManifest = manifest.value;
  const before = problems.length;
  checkUnique(m.parties, (p) => p.id, 'party', manifest.source, ['parties'], problems);

  const services: Service[] = [];
  const models: Model[] = [];
  const servicesFile = join(dir, 'services.yaml');
  if (existsSync(servicesFile)) {
    const parsed = readYamlFile(servicesFile, servicesFileSchema, display(servicesFile));
    if (parsed.ok) {
      checkUnique(parsed.value.services, (s) => s.id, 'service', parsed.source, ['services'], problems);
      parsed.value.services.forEach((s, i) => {
        for (const party of Object.keys(s.split)) {
          if (!m.parties.some((p) => p.id === party)) {
            problems.push({ file: parsed.source.file, line: parsed.source.lineOf(['services', i, 'split', party]), reason: `split names unknown party "${party}"` });
          }
        }
        if (s.id === GENERAL_SERVICE) {
          problems.push({ file: parsed.source.file, line: parsed.source.lineOf(['services', i, 'id']), reason: `"${GENERAL_SERVICE}" is reserved for topics that apply to every service` });
        }
      });
      services.push(...parsed.value.services);
      models.push(...(parsed.value.models ?? []));
      checkUnique(models, (x) => x.id, 'model', parsed.source, ['models'], problems);
      const modelIds = new Set(models.map((x) => x.id));
      parsed.value.services.forEach((s, i) => {
        if (s.model === undefined || modelIds.has(s.model)) return;
        const reason = modelIds.size
          ? `unknown model "${s.model}" (this pack has: ${[...modelIds].join(', ')})`
          : `model "${s.model}" is not declared: list the pack's models under \`models:\` in services.yaml, or leave \`model\` out`;
        problems.push({ file: parsed.source.file, line: parsed.source.lineOf(['services', i, 'model']), reason });
      });
    } else problems.push(...parsed.problems);
  }

  const layers: Layer[] = [];
  const layersFile = join(dir, 'layers.yaml');
  if (existsSync(layersFile)) {
    const parsed = readYamlFile(layersFile, layersFileSchema, display(layersFile));
    if (parsed.ok) {
      checkUnique(parsed.value.layers, (l) => l.id, 'layer', parsed.source, ['layers'], problems);
      // Each layer is a row of the diagrams and a line of their alt text: two with one name would read the same.
      const named = new Map<string, string>();
      parsed.value.layers.forEach((layer, i) => {
        const first = named.get(layer.name.trim().toLowerCase());
        if (first) problems.push({ file: parsed.source.file, line: parsed.source.lineOf(['layers', i, 'name']), reason: `layer "${first}" already has the name "${layer.name}": give each layer its own name` });
        else named.set(layer.name.trim().toLowerCase(), layer.id);
      });
      parsed.value.layers.forEach((layer, i) => {
        checkLayer(layer, ['layers', i], parsed.source, m, models, problems);
        (layer.over ?? []).forEach((other, j) => {
          if (!parsed.value.layers.some((l) => l.id === other)) {
            problems.push({ file: parsed.source.file, line: parsed.source.lineOf(['layers', i, 'over', j]), reason: `layer "${layer.id}": unknown layer "${other}" in over` });
          }
        });
      });
      layers.push(...parsed.value.layers);
    } else problems.push(...parsed.problems);
  }

  const topics: { topic: Topic; source: YamlFile; path: (string | number)[] }[] = [];
  for (const file of yamlFilesIn(join(dir, 'topics'))) {
    const parsed = readYamlFile(file, topicsFileSchema, display(file));
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    parsed.value.topics.forEach((topic, i) => topics.push({ topic, source: parsed.source, path: ['topics', i] }));
  }
  checkUniqueAcrossFiles(topics, (t) => t.topic.id, 'topic', problems);
  const topicIds = new Set(topics.map((t) => t.topic.id));
  const serviceIds = new Set(services.map((s) => s.id));
  const partyIds = new Set(m.parties.map((p) => p.id));
  for (const { topic, source, path } of topics) {
    const line = (...rest: (string | number)[]) => source.lineOf([...path, ...rest]);
    if (!partyIds.has(topic.responsible)) {
      problems.push({ file: source.file, line: line('responsible'), reason: `responsible: unknown party "${topic.responsible}" (this pack has: ${[...partyIds].join(', ')})` });
    }
    for (const party of Object.keys(topic.split ?? {})) {
      if (!partyIds.has(party)) problems.push({ file: source.file, line: line('split', party), reason: `split names unknown party "${party}"` });
    }
    const responsible = m.parties.find((p) => p.id === topic.responsible);
    if (responsible?.shared) {
      for (const party of m.parties.filter((p) => !p.shared)) {
        if (!topic.split?.[party.id]) {
          problems.push({ file: source.file, line: line('split'), reason: `topic "${topic.id}" is shared, so split must say what ${party.id} does` });
        }
      }
    }
    topic.services.forEach((s, j) => {
      if (s !== GENERAL_SERVICE && !serviceIds.has(s)) {
        problems.push({ file: source.file, line: line('services', j), reason: `unknown service "${s}" (declare it in services.yaml or use ${GENERAL_SERVICE})` });
      }
    });
    if (topic.layer !== undefined && !layers.some((l) => l.id === topic.layer)) {
      problems.push({ file: source.file, line: line('layer'), reason: `unknown layer "${topic.layer}" (declare it in layers.yaml)` });
    }
    (topic.related ?? []).forEach((r, j) => {
      if (!topicIds.has(r)) problems.push({ file: source.file, line: line('related', j), reason: `related topic "${r}" does not exist` });
      else if (r === topic.id) problems.push({ file: source.file, line: line('related', j), reason: 'a topic cannot be related to itself' });
    });
  }

  const questions: { q: QuizQuestionSpec; source: YamlFile; path: (string | number)[] }[] = [];
  for (const file of yamlFilesIn(join(dir, 'quiz'))) {
    const parsed = readYamlFile(file, quizFileSchema, display(file));
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    parsed.value.questions.forEach((q, i) => questions.push({ q, source: parsed.source, path: ['questions', i] }));
  }
  checkUniqueAcrossFiles(questions, (x) => x.q.id, 'question', problems);
  const domainIds = m.domains ? new Set(m.domains.map((d) => d.id)) : undefined;
  if (m.domains) checkUnique(m.domains, (d) => d.id, 'domain', manifest.source, ['domains'], problems);
  const topicById = new Map(topics.map((t) => [t.topic.id, t.topic]));
  for (const { q, source, path } of questions) {
    const line = (...rest: (string | number)[]) => source.lineOf([...path, ...rest]);
    const correct = q.options.filter((o) => o.correct).length;
    if (correct < 1 || correct > 3) {
      problems.push({ file: source.file, line: line('options'), reason: `question "${q.id}" needs one correct option, or two or three for a multi-select question (has ${correct})` });
    } else if (correct > 1 && q.options.length < correct + 2) {
      problems.push({ file: source.file, line: line('options'), reason: `multi-select question "${q.id}" with ${correct} correct options needs at least ${correct + 2} options` });
    }
    if (domainIds && !domainIds.has(q.domain)) {
      problems.push({ file: source.file, line: line('domain'), reason: `unknown domain "${q.domain}" (this pack has: ${[...domainIds].join(', ')})` });
    }
    if (q.verdict !== undefined) {
      if (!partyIds.has(q.verdict)) {
        problems.push({ file: source.file, line: line('verdict'), reason: `verdict: unknown party "${q.verdict}" (this pack has: ${[...partyIds].join(', ')})` });
      }
      q.topics.forEach((t, j) => {
        const topic = topicById.get(t);
        if (topic && partyIds.has(q.verdict!) && topic.responsible !== q.verdict) {
          problems.push({ file: source.file, line: line('topics', j), reason: `question "${q.id}" says ${q.verdict} is responsible, but its linked topic "${t}" says ${topic.responsible}` });
        }
      });
    }
    const seen = new Map<string, number>();
    q.options.forEach((o, j) => {
      const key = o.text.trim().toLowerCase();
      if (seen.has(key)) problems.push({ file: source.file, line: source.lineOf([...path, 'options', j]), reason: `duplicate option "${o.text}" in question "${q.id}"` });
      seen.set(key, j);
    });
    q.topics.forEach((t, j) => {
      if (!topicIds.has(t)) problems.push({ file: source.file, line: source.lineOf([...path, 'topics', j]), reason: `linked topic "${t}" does not exist` });
    });
    q.services.forEach((s, j) => {
      if (s !== GENERAL_SERVICE && !serviceIds.has(s)) problems.push({ file: source.file, line: source.lineOf([...path, 'services', j]), reason: `unknown service "${s}"` });
    });
  }

  if (problems.length > before) return undefined;
  return {
    id: m.id,
    name: m.name,
    description: m.description,
    dir,
    parties: m.parties,
    synonyms: m.synonyms ?? [],
    examples: m.examples ?? [],
    domains: m.domains ?? [],
    models,
    layers,
    services,
    topics: topics.map((t) => t.topic),
    questions: questions.map((q) => q.q),
  };
}

/** A layer's owners must be parties, name every declared model (when per model), and each have a reason. */
function checkLayer(layer: Layer, path: (string | number)[], source: YamlFile, m: PackManifest, models: Model[], problems: KnowledgeProblem[]): void {
  const line = (...rest: (string | number)[]) => source.lineOf([...path, ...rest]);
  const partyIds = new Set(m.parties.map((p) => p.id));
  const modelIds = new Set(models.map((x) => x.id));
  const owners = typeof layer.owner === 'string' ? [layer.owner] : Object.values(layer.owner);
  for (const party of new Set(owners)) {
    if (!partyIds.has(party)) problems.push({ file: source.file, line: line('owner'), reason: `layer "${layer.id}": unknown party "${party}"` });
    else if (!layer.why[party]) problems.push({ file: source.file, line: line('why'), reason: `layer "${layer.id}": say why ${party} owns it (why.${party})` });
  }
  if (typeof layer.owner !== 'string') {
    if (modelIds.size === 0) problems.push({ file: source.file, line: line('owner'), reason: `layer "${layer.id}" has an owner per model, but services.yaml declares no models` });
    for (const model of Object.keys(layer.owner)) {
      if (modelIds.size && !modelIds.has(model)) problems.push({ file: source.file, line: line('owner', model), reason: `layer "${layer.id}": unknown model "${model}"` });
    }
    for (const model of modelIds) {
      if (!(model in layer.owner)) problems.push({ file: source.file, line: line('owner'), reason: `layer "${layer.id}" has no owner for model "${model}"` });
    }
    if (layer.common === undefined) problems.push({ file: source.file, line: line('owner'), reason: `layer "${layer.id}" has an owner per model, so say which model is the common case (common: <model>)` });
  }
  if (layer.common !== undefined && !modelIds.has(layer.common)) {
    problems.push({ file: source.file, line: line('common'), reason: `layer "${layer.id}": unknown model "${layer.common}"` });
  }
  for (const party of Object.keys(layer.why)) {
    if (!partyIds.has(party)) problems.push({ file: source.file, line: line('why', party), reason: `layer "${layer.id}": why names unknown party "${party}"` });
  }
}

function yamlFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function checkUnique<T>(items: T[], key: (t: T) => string, what: string, source: YamlFile, path: (string | number)[], problems: KnowledgeProblem[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) problems.push({ file: source.file, line: source.lineOf([...path, i, 'id']), reason: `duplicate ${what} id "${k}"` });
    seen.add(k);
  });
}

function checkUniqueAcrossFiles<T extends { source: YamlFile; path: (string | number)[] }>(
  items: T[],
  key: (t: T) => string,
  what: string,
  problems: KnowledgeProblem[],
): void {
  const first = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const prev = first.get(k);
    if (prev) {
      problems.push({
        file: item.source.file,
        line: item.source.lineOf([...item.path, 'id']),
        reason: `duplicate ${what} id "${k}" (first defined at ${prev.source.file}:${prev.source.lineOf([...prev.path, 'id'])})`,
      });
    } else first.set(k, item);
  }
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
