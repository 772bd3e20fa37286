// The shape of a knowledge pack on disk. Every object is strict so a typo in a field name is reported
// as an unknown field instead of being silently ignored.
import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'ids use lowercase letters, digits and dashes');
const text = z.string().trim().min(1, 'must not be empty');

export const partySchema = z.strictObject({
  id,
  name: text,
  summary: text.optional(),
  /** How people refer to this party in questions ("we", "us", "amazon"), for yes/no answers. */
  aliases: z.array(text).optional(),
  /** A shared verdict: topics with it must say what every other party does. */
  shared: z.boolean().optional(),
  /** Where to ask this party (team packs: a channel or an address). */
  contact: text.optional(),
  /** How a sentence names the party ("the customer"); default: the name, with "the" for common nouns. */
  phrase: text.optional(),
});

/** A study domain of the pack's quiz questions; mock exams draw questions across domains by weight. */
export const domainSchema = z.strictObject({
  id,
  name: text,
  /** Share of a mock exam drawn from this domain (relative to the other domains' weights). */
  weight: z.number().positive('weight must be a positive number'),
});

export const packManifestSchema = z.strictObject({
  id,
  name: text,
  description: text,
  parties: z.array(partySchema).min(2, 'a pack needs at least two parties'),
  synonyms: z.array(z.array(text).min(2, 'a synonym group needs at least two words')).optional(),
  /** Example questions shown when a question cannot be answered (default: the first topics' aliases). */
  examples: z.array(text).optional(),
  /** Quiz domains; when declared, every question's `domain` must be one of them. */
  domains: z.array(domainSchema).optional(),
  /** A team pack whose topics admins may add, edit and remove from chat (/facts); the edits live in the database. */
  chatEdits: z.boolean().optional(),
});

/** How a service is run (IaaS, managed, serverless…): the columns of the pack's responsibility grid. */
export const modelSchema = z.strictObject({
  id,
  name: text,
  /** One sentence on who runs what under this model, shown on service cards. */
  summary: text,
});

export const serviceSchema = z.strictObject({
  id,
  name: text,
  aliases: z.array(text).default([]),
  /** One of the pack's declared models (services.yaml `models`); packs without models leave it out. */
  model: id.optional(),
  split: z.record(z.string(), text),
});

export const servicesFileSchema = z.strictObject({ models: z.array(modelSchema).optional(), services: z.array(serviceSchema) });

/**
 * A layer of the responsibility grid (physical facilities, guest OS, data…): who owns it, on every
 * model or per model, and the words people use for it.
 */
export const layerSchema = z.strictObject({
  id,
  name: text,
  /** A party id, or model id → party id (then every declared model needs an owner). */
  owner: z.union([id, z.record(z.string(), id)]),
  /** With per-model owners: the model assumed when a question names no service. */
  common: id.optional(),
  /** Party id → one sentence on why that party owns the layer. */
  why: z.record(z.string(), text),
  /** How much a match of this layer counts against others (default 1). */
  weight: z.number().positive().max(2).optional(),
  /** Everyday words (laptops, phones): a question needs an AWS word or a service too before this layer answers it. */
  everyday: z.boolean().optional(),
  /** Layers this one decides over when a question names both ("who chooses the backup retention" → settings, not the backups). */
  over: z.array(id).optional(),
  terms: z.array(text).min(1, 'give at least one term people use for this layer'),
});

export const layersFileSchema = z.strictObject({ layers: z.array(layerSchema) });

export const sourceSchema = z.strictObject({ title: text, url: z.url().optional() });

export const topicSchema = z.strictObject({
  id,
  title: text,
  responsible: id,
  services: z.array(id).min(1, 'name at least one service, or [general]'),
  aliases: z.array(text).min(1, 'add at least one alias: how people ask about this'),
  explanation: text,
  split: z.record(z.string(), text).optional(),
  examTip: text.optional(),
  /** The grid layer the topic is about, when the words of its phrasings do not make it plain. */
  layer: id.optional(),
  related: z.array(id).optional(),
  sources: z.array(sourceSchema).min(1, 'cite at least one source'),
});

export const topicsFileSchema = z.strictObject({ topics: z.array(topicSchema) });

export const quizOptionSchema = z.strictObject({
  text,
  correct: z.boolean().optional(),
  /** Why this option is right or wrong: shown to whoever picked it. */
  why: text.optional(),
});

export const quizQuestionSchema = z.strictObject({
  id,
  /** The stem, without "(Choose TWO)": that is added from the number of correct options. */
  question: text,
  /** One correct option (single choice) or two or three (multi-select, scored all or nothing). */
  options: z.array(quizOptionSchema).min(3, 'give 3 to 6 options').max(6, 'give 3 to 6 options'),
  explanation: text,
  /** The party the correct answer holds responsible, when the question asks who is; linked topics must agree. */
  verdict: id.optional(),
  topics: z.array(id).min(1, 'link at least one topic'),
  services: z.array(id).default([]),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  domain: text,
});

export const quizFileSchema = z.strictObject({ questions: z.array(quizQuestionSchema) });

export type PackManifest = z.infer<typeof packManifestSchema>;
export type Domain = z.infer<typeof domainSchema>;
export type Party = z.infer<typeof partySchema>;
export type Model = z.infer<typeof modelSchema>;
export type Layer = z.infer<typeof layerSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type Topic = z.infer<typeof topicSchema>;
export type QuizQuestionSpec = z.infer<typeof quizQuestionSchema>;
