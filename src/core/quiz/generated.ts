// One "Who is responsible for <topic>?" question per topic, built from the topic itself: the pack's
// parties are the options, each explained from the topic's verdict and split, and its study domain is
// read from the pack's hand-written questions (topics carry no domain of their own).
import { GENERAL_SERVICE, partyOf, type KnowledgePack } from '../knowledge/loader.ts';
import type { Party, Topic } from '../knowledge/schema.ts';
import type { QuizOption, QuizQuestion } from './bank.ts';
import { possessive } from '../reply/reply.ts';

export function generatedQuestion(pack: KnowledgePack, topic: Topic, domainOf: (topic: Topic) => string): QuizQuestion {
  const responsible = partyOf(pack, topic.responsible);
  const split = Object.entries(topic.split ?? {})
    .map(([id, duty]) => `${partyOf(pack, id).name}: ${duty}`)
    .join(' ');
  return {
    id: `${pack.id}:topic:${topic.id}`,
    packId: pack.id,
    text: `Who is responsible for ${lowerFirst(topic.title)}?`,
    options: pack.parties.map((p) => ({ text: p.name, why: partyWhy(p, responsible, topic) })),
    correct: [pack.parties.indexOf(responsible)],
    explanation: [topic.explanation, split].filter(Boolean).join(' '),
    topics: [topic.id],
    services: topic.services.filter((s) => s !== GENERAL_SERVICE),
    difficulty: 'easy',
    domain: domainOf(topic),
    generated: true,
  };
}

/** Why picking party `p` is right or wrong, from the topic's verdict and what each side does in it. */
function partyWhy(p: Party, responsible: Party, topic: Topic): string {
  const duty = topic.split?.[p.id];
  if (p === responsible) return duty ? `${p.name} is responsible: ${duty}` : `${p.name} is responsible for this.`;
  if (p.shared) return `It is not shared: this one sits with ${responsible.name}.`;
  const part = duty ? ` What ${p.name} does here: ${duty}` : '';
  return responsible.shared ? `Not ${p.name} alone: both sides have a part.${part}` : `Not ${p.name}: it is ${possessive(responsible.name)}.${part}`;
}

/**
 * The study domain of each topic's generated question, from the pack's hand-written questions: the
 * domain most of them give the topic itself, else the questions about its services, else those about
 * its related topics, else the pack's weightiest domain.
 */
export function topicDomains(pack: KnowledgePack): (topic: Topic) => string {
  const byTopic = new Map<string, Map<string, number>>();
  const byService = new Map<string, Map<string, number>>();
  const vote = (index: Map<string, Map<string, number>>, key: string, domain: string) => {
    const counts = index.get(key) ?? new Map<string, number>();
    counts.set(domain, (counts.get(domain) ?? 0) + 1);
    index.set(key, counts);
  };
  for (const q of pack.questions) {
    for (const t of q.topics) vote(byTopic, t, q.domain);
    for (const s of q.services) if (s !== GENERAL_SERVICE) vote(byService, s, q.domain);
  }
  const weight = new Map(pack.domains.map((d) => [d.id, d.weight]));
  const fallback = [...pack.domains].sort((a, b) => b.weight - a.weight)[0]?.id ?? winner([...byTopic.values()], weight) ?? 'general';
  return (topic) =>
    winner([byTopic.get(topic.id)], weight) ??
    winner(topic.services.map((s) => byService.get(s)), weight) ??
    winner((topic.related ?? []).map((r) => byTopic.get(r)), weight) ??
    fallback;
}

/** The domain with the most votes across the tallies; ties go to the weightier domain, then by id. */
function winner(tallies: readonly (Map<string, number> | undefined)[], weight: Map<string, number>): string | undefined {
  const total = new Map<string, number>();
  for (const t of tallies) for (const [domain, n] of t ?? []) total.set(domain, (total.get(domain) ?? 0) + n);
  return [...total.entries()].sort((a, b) => b[1] - a[1] || (weight.get(b[0]) ?? 0) - (weight.get(a[0]) ?? 0) || a[0].localeCompare(b[0]))[0]?.[0];
}

/** "Patching the hypervisor" → "patching the hypervisor", but "AWS staff" and "EC2 …" keep their capitals. */
function lowerFirst(title: string): string {
  const first = title.split(' ')[0] ?? '';
  return /^[A-Z][a-z]/.test(first) && first.slice(1) === first.slice(1).toLowerCase() ? title[0]!.toLowerCase() + title.slice(1) : title;
}
