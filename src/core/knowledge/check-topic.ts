// The checks a topic must pass beyond its schema, shared by the pack loader (topics in files) and
// edits made from chat: its parties, services, layer and related topics must exist in its pack, and a
// shared topic must say what each party does. Each problem names the field it is about.
import { GENERAL_SERVICE } from './loader.ts';
import type { Layer, Party, Topic } from './schema.ts';

export interface TopicSurroundings {
  parties: readonly Party[];
  serviceIds: ReadonlySet<string>;
  layers: readonly Layer[];
  topicIds: ReadonlySet<string>;
}

export interface TopicProblem {
  /** The field, from the topic (e.g. ['services', 2]). */
  path: (string | number)[];
  reason: string;
}

export function checkTopic(topic: Topic, around: TopicSurroundings): TopicProblem[] {
  const problems: TopicProblem[] = [];
  const partyIds = new Set(around.parties.map((p) => p.id));
  if (!partyIds.has(topic.responsible)) problems.push({ path: ['responsible'], reason: `responsible: unknown party "${topic.responsible}" (this pack has: ${[...partyIds].join(', ')})` });
  for (const party of Object.keys(topic.split ?? {})) {
    if (!partyIds.has(party)) problems.push({ path: ['split', party], reason: `split names unknown party "${party}"` });
  }
  const responsible = around.parties.find((p) => p.id === topic.responsible);
  if (responsible?.shared) {
    for (const party of around.parties.filter((p) => !p.shared)) {
      if (!topic.split?.[party.id]) problems.push({ path: ['split'], reason: `topic "${topic.id}" is shared, so split must say what ${party.id} does` });
    }
  }
  topic.services.forEach((s, j) => {
    if (s !== GENERAL_SERVICE && !around.serviceIds.has(s)) problems.push({ path: ['services', j], reason: `unknown service "${s}" (declare it in services.yaml or use ${GENERAL_SERVICE})` });
  });
  if (topic.layer !== undefined && !around.layers.some((l) => l.id === topic.layer)) problems.push({ path: ['layer'], reason: `unknown layer "${topic.layer}" (declare it in layers.yaml)` });
  (topic.related ?? []).forEach((r, j) => {
    if (!around.topicIds.has(r)) problems.push({ path: ['related', j], reason: `related topic "${r}" does not exist` });
    else if (r === topic.id) problems.push({ path: ['related', j], reason: 'a topic cannot be related to itself' });
  });
  return problems;
}
