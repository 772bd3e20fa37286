// Loads every knowledge pack under a directory and checks what a schema alone cannot: ids that must be
// unique, references that must resolve, shared verdicts that must say what each side does.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import {
  layersFileSchema,
  modelSchema,
  packManifestSchema,
  quizQuestionSchema,
  serviceSchema,
  topicSchema,
  type PackManifest,
  type Domain,
  type Layer,
  type Model,
  type Party,
  type QuizQuestionSpec,
  type Service,
  type Topic,
} from './schema.ts';
import { checkTopic } from './check-topic.ts';
import { checkQuestions } from './check-questions.ts';
import { readYamlFile, readYamlList, type KnowledgeProblem, type ListItem, type YamlFile } from './yaml-file.ts';

// Each file's outer shape; the items of its list are checked one by one (readYamlList).
const topicsShell = z.strictObject({ topics: z.array(z.unknown()) });
const quizShell = z.strictObject({ questions: z.array(z.unknown()) });
const servicesShell = z.strictObject({ models: z.array(modelSchema).optional(), services: z.array(z.unknown()) });

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
  /** Topics may be edited from chat (/facts): pack.yaml says `chatEdits: true`. */
  chatEdits?: boolean;
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
      problems.push({ file: display(root), reason: existsSync(root) ? 'is a file, not a knowledge folder' : 'no such knowledge folder' });
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
      problems.push({ file: display(root), reason: 'no knowledge pack found (a pack is a folder with a pack.yaml)' });
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
  /** Every service id written down, even on a service with problems of its own: topics may name it. */
  const serviceIds = new Set<string>();
  const servicesFile = join(dir, 'services.yaml');
  if (existsSync(servicesFile)) {
    const parsed = readYamlList(servicesFile, 'services', serviceSchema, servicesShell, display(servicesFile));
    if (parsed.ok) {
      problems.push(...parsed.problems);
      for (const id of idsOf(parsed.items)) serviceIds.add(id);
      const valid = parsed.items.filter((x): x is ListItem<Service> & { value: Service } => x.value !== undefined);
      checkUnique(valid.map((x) => x.value), (s) => s.id, 'service', parsed.source, ['services'], problems);
      valid.forEach(({ value: s, index: i }) => {
        for (const party of Object.keys(s.split)) {
          if (!m.parties.some((p) => p.id === party)) {
            problems.push({ file: parsed.source.file, line: parsed.source.lineOf(['services', i, 'split', party]), reason: `split names unknown party "${party}"` });
          }
        }
        if (s.id === GENERAL_SERVICE) {
          problems.push({ file: parsed.source.file, line: parsed.source.lineOf(['services', i, 'id']), reason: `"${GENERAL_SERVICE}" is reserved for topics that apply to every service` });
        }
      });
      services.push(...valid.map((x) => x.value));
      models.push(...(parsed.rest.models ?? []));
      checkUnique(models, (x) => x.id, 'model', parsed.source, ['models'], problems);
      const modelIds = new Set(models.map((x) => x.id));
      valid.forEach(({ value: s, index: i }) => {
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
  /** Every topic id written down, even on a topic with problems of its own: questions may link it. */
  const topicIds = new Set<string>();
  let unreadableTopicFile = false;
  const topicsDir = join(dir, 'topics');
  for (const file of yamlFilesIn(topicsDir)) {
    const parsed = readYamlList(file, 'topics', topicSchema, topicsShell, display(file));
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      unreadableTopicFile = true;
      continue;
    }
    problems.push(...parsed.problems);
    for (const id of idsOf(parsed.items)) topicIds.add(id);
    for (const { value, index } of parsed.items) if (value) topics.push({ topic: value, source: parsed.source, path: ['topics', index] });
  }
  if (topicIds.size === 0 && !unreadableTopicFile) {
    problems.push({ file: display(topicsDir), reason: 'the pack has no topics: add at least one in a .yaml file here (see knowledge/README.md)' });
  }
  checkUniqueAcrossFiles(topics, (t) => t.topic.id, 'topic', problems);
  // The same checks as a topic edited from chat (check-topic.ts), reported at the line of the field.
  const around = { parties: m.parties, serviceIds, layers, topicIds };
  for (const { topic, source, path } of topics) {
    for (const p of checkTopic(topic, around)) problems.push({ file: source.file, line: source.lineOf([...path, ...p.path]), reason: p.reason });
  }

  const questions: { q: QuizQuestionSpec; source: YamlFile; path: (string | number)[] }[] = [];
  for (const file of yamlFilesIn(join(dir, 'quiz'))) {
    const parsed = readYamlList(file, 'questions', quizQuestionSchema, quizShell, display(file));
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    problems.push(...parsed.problems);
    for (const { value, index } of parsed.items) if (value) questions.push({ q: value, source: parsed.source, path: ['questions', index] });
  }
  checkUniqueAcrossFiles(questions, (x) => x.q.id, 'question', problems);
  if (m.domains) checkUnique(m.domains, (d) => d.id, 'domain', manifest.source, ['domains'], problems);
  checkQuestions(questions, { parties: m.parties, domains: m.domains, topics: new Map(topics.map((t) => [t.topic.id, t.topic])), topicIds, serviceIds }, problems);

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
    ...(m.chatEdits ? { chatEdits: true } : {}),
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

/** The ids of a list's items that have one, whether or not the rest of the item is valid. */
function idsOf(items: readonly ListItem<unknown>[]): string[] {
  return items.flatMap(({ raw }) => {
    const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
    return typeof id === 'string' && id ? [id] : [];
  });
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
