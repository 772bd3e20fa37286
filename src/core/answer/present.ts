// Turns an engine Answer into a neutral Reply: verdict first, then the why, then each side's part.
import { partyOf, type KnowledgePack } from '../knowledge/loader.ts';
import type { Party, Topic } from '../knowledge/schema.ts';
import { clip, type Block, type Button, type Reply } from '../reply/reply.ts';
import type { Answer, ServiceRef, TopicRef } from './engine.ts';

export const ACTION_SHOW_TOPIC = 'who.topic';
export const ACTION_SHARE = 'who.share';
export const ACTION_SHOW_SERVICE = 'who.service';

const MODEL_TEXT: Record<string, string> = {
  iaas: 'Infrastructure as a service: AWS runs the hardware and virtualisation, you run everything from the operating system up.',
  managed: 'Managed service: AWS also runs the operating system and the software platform; you look after data, access and settings.',
  serverless: 'Serverless: AWS runs servers, operating systems and runtimes; you own your code, data and permissions.',
  saas: 'Software as a service: AWS runs the whole application; you still manage who can use it, your data and your devices.',
  platform: 'A platform service: AWS runs it; you decide how it is configured and who may use it.',
};

export const DEFAULT_COLOR = '#5b6b7c';

export function topicValue(ref: TopicRef): string {
  return `${ref.pack.id}/${ref.topic.id}`;
}

export function serviceValue(ref: ServiceRef): string {
  return `${ref.pack.id}/${ref.service.id}`;
}

export interface PresentOptions {
  /** Offer the "Share in channel" button (not on a reply that is already public). */
  shareable: boolean;
  /** Extra buttons from other features (e.g. "Quiz me on this"). */
  extraButtons?: (answer: Answer) => Button[];
  /** A line saying who shared the answer, for public copies. */
  sharedBy?: string;
}

export function presentAnswer(answer: Answer, packs: readonly KnowledgePack[], opts: PresentOptions): Reply {
  switch (answer.kind) {
    case 'topic':
      return presentTopic(answer.ref, opts, answer, answer.askedParty);
    case 'service':
      return presentService(answer.service, opts, answer);
    case 'unknown':
      return presentUnknown(answer, packs);
    case 'empty':
      return presentUsage(packs);
    default:
      return presentUnknown(answer, packs);
  }
}

export function headline(party: Party): string {
  return party.shared ? `${party.name} responsibility: each side has a part` : `${party.name} is responsible`;
}

export function presentTopic(ref: TopicRef, opts: PresentOptions, answer?: Answer, asked?: string): Reply {
  const { pack, topic } = ref;
  const party = partyOf(pack, topic.responsible);
  const blocks: Block[] = [{ type: 'header', text: headline(party) }];
  const lead = yesNoLead(pack, topic, asked);
  blocks.push({ type: 'section', text: `${lead}${topic.title}` });
  blocks.push({ type: 'section', text: topic.explanation });
  const fields = splitFields(pack, topic);
  if (fields.length) blocks.push({ type: 'fields', fields });
  if (topic.examTip) blocks.push({ type: 'context', text: `Exam tip: ${topic.examTip}` });
  blocks.push({ type: 'context', text: sourceLine(topic, answer) });
  if (opts.sharedBy) blocks.push({ type: 'context', text: `Shared by ${opts.sharedBy}` });
  const buttons = alternativesButtons(answer?.alternatives ?? []);
  if (opts.shareable) buttons.push({ action: ACTION_SHARE, value: topicValue(ref), label: 'Share in channel', style: 'primary' });
  if (answer && opts.extraButtons) buttons.push(...opts.extraButtons(answer));
  if (buttons.length) blocks.push({ type: 'actions', buttons });
  const text = `${headline(party)}: ${topic.title}. ${topic.explanation}`;
  return { visibility: opts.sharedBy ? 'public' : 'private', text: clip(text, 2900), blocks, color: partyColor(party) };
}

export function presentService(ref: ServiceRef, opts: PresentOptions, answer?: Answer): Reply {
  const { pack, service } = ref;
  const blocks: Block[] = [{ type: 'header', text: `${service.name}: who does what` }];
  const model = service.model ? MODEL_TEXT[service.model] : undefined;
  if (model) blocks.push({ type: 'section', text: model });
  blocks.push({
    type: 'fields',
    fields: Object.entries(service.split).map(([partyId, duty]) => ({ label: `What ${partyName(pack, partyId)} does`, value: duty })),
  });
  const topics = pack.topics.filter((t) => t.services.includes(service.id)).slice(0, 5);
  if (topics.length) blocks.push({ type: 'context', text: 'Ask about one task for the reason behind it, or pick one:' });
  const buttons: Button[] = topics.map((t) => ({ action: ACTION_SHOW_TOPIC, value: `${pack.id}/${t.id}`, label: clip(t.title, 75) }));
  if (opts.sharedBy) blocks.push({ type: 'context', text: `Shared by ${opts.sharedBy}` });
  if (opts.shareable) buttons.push({ action: ACTION_SHARE, value: `service:${serviceValue(ref)}`, label: 'Share in channel', style: 'primary' });
  if (answer && opts.extraButtons) buttons.push(...opts.extraButtons(answer));
  if (buttons.length) blocks.push({ type: 'actions', buttons });
  const text = `${service.name}: ${Object.entries(service.split).map(([p, d]) => `${partyName(pack, p)}: ${d}`).join(' ')}`;
  return { visibility: opts.sharedBy ? 'public' : 'private', text: clip(text, 2900), blocks, color: DEFAULT_COLOR };
}

function presentUnknown(answer: Answer, packs: readonly KnowledgePack[]): Reply {
  const scope = packs.map((p) => p.name).join(', ');
  const blocks: Block[] = [
    { type: 'header', text: "I don't know that one" },
    {
      type: 'section',
      text: `I couldn't match "${clip(answer.question.trim(), 150)}" to anything I know, and I'd rather say so than guess. I answer "who is responsible" questions about: ${scope}.`,
    },
  ];
  if (answer.alternatives.length) {
    blocks.push({ type: 'context', text: 'Were you asking about one of these?' });
    blocks.push({ type: 'actions', buttons: alternativesButtons(answer.alternatives) });
  } else {
    blocks.push({ type: 'context', text: `Try: ${exampleQuestions(packs).join(' · ')}` });
  }
  return { visibility: 'private', text: `I don't know that one. I answer questions about: ${scope}.`, blocks, color: DEFAULT_COLOR };
}

export function presentUsage(packs: readonly KnowledgePack[]): Reply {
  const examples = exampleQuestions(packs);
  return {
    visibility: 'private',
    text: `Ask me who is responsible for something, e.g. /who ${examples[0] ?? 'patches the hypervisor?'}`,
    blocks: [
      { type: 'header', text: 'Ask me who is responsible for something' },
      { type: 'section', text: 'Usage: /who <question>. Name a task, a risk or a service; I answer with the verdict and the reason.' },
      { type: 'fields', fields: examples.map((e, i) => ({ label: `Example ${i + 1}`, value: `/who ${e}` })) },
    ],
    color: DEFAULT_COLOR,
  };
}

function exampleQuestions(packs: readonly KnowledgePack[]): string[] {
  if (packs.some((p) => p.id === 'aws-srm')) {
    return ['who patches the guest OS on EC2?', 'who patches the RDS database engine?', 'is AWS responsible for my security groups?', 'lambda'];
  }
  return packs.flatMap((p) => p.topics.slice(0, 2).map((t) => t.aliases[0] ?? t.title)).slice(0, 4);
}

function alternativesButtons(alternatives: readonly TopicRef[]): Button[] {
  return alternatives.map((alt) => ({ action: ACTION_SHOW_TOPIC, value: topicValue(alt), label: clip(`Did you mean: ${alt.topic.title}`, 75) }));
}

function splitFields(pack: KnowledgePack, topic: Topic): { label: string; value: string }[] {
  const fields = Object.entries(topic.split ?? {}).map(([partyId, duty]) => ({ label: `What ${partyName(pack, partyId)} does`, value: duty }));
  const contact = partyOf(pack, topic.responsible).contact;
  if (contact) fields.push({ label: 'Contact', value: contact });
  return fields;
}

function sourceLine(topic: Topic, answer?: Answer): string {
  const source = topic.sources[0]!;
  const where = source.url ? `${source.title} (${source.url})` : source.title;
  const confidence = answer && answer.kind === 'topic' ? ` · match confidence ${Math.round(answer.confidence * 100)}%` : '';
  return `Source: ${where}${confidence}`;
}

function yesNoLead(pack: KnowledgePack, topic: Topic, asked: string | undefined): string {
  if (!asked) return '';
  if (asked === topic.responsible) return 'Yes. ';
  const responsible = partyOf(pack, topic.responsible);
  if (responsible.shared) return `Partly: it is shared. `;
  return `No, ${responsible.name} is. `;
}

function partyName(pack: KnowledgePack, id: string): string {
  return pack.parties.find((p) => p.id === id)?.name ?? id;
}

const PARTY_COLORS: Record<string, string> = { aws: '#ff9900', customer: '#2e86de', shared: '#8e44ad' };

/** Verdict colour: the pack may set none, so well-known ids get fixed colours and others a neutral one. */
export function partyColor(party: Party): string {
  return PARTY_COLORS[party.id] ?? (party.shared ? PARTY_COLORS.shared! : DEFAULT_COLOR);
}
