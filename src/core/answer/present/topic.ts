// A topic answer: the verdict and one or two sentences first (answers stay short in chat); "More"
// shows the whole explanation, what each side does, the exam tip and the source.
import { partyOf } from '../../knowledge/loader.ts';
import { clip, type Block, type Button, type Reply } from '../../reply/reply.ts';
import type { Answer, TopicRef, Variant, VerdictAnswer } from '../answer.ts';
import { leadFor } from '../yes-no.ts';
import { ACTION_MORE, ACTION_SHARE, didYouMean, sharedByBlock, sourceLine, topicValue, type PresentOptions } from './common.ts';
import { capitalise, firstSentences, headline, leadSentence, partyColor, partyPhrase, serviceNames, whatPartyDoes } from './wording.ts';

/** The short card: verdict, lead, title, the first sentences, how it varies per service, buttons. */
export function presentTopic(ref: TopicRef, opts: PresentOptions, answer?: Extract<Answer, { kind: 'topic' }>): Reply {
  const { pack, topic } = ref;
  const lead = answer?.askedParty ? leadFor(answer.askedParty, topic.responsible, pack) : undefined;
  const blocks: Block[] = [{ type: 'header', text: headline(pack, topic.responsible) }];
  blocks.push({ type: 'section', text: `${leadSentence(pack, lead, topic.responsible)}${topic.title}. ${firstSentences(topic.explanation, 2)}` });
  if (answer?.variants?.length) blocks.push(variantsBlock(answer, answer.variants));
  if (answer?.rival) blocks.push(...rivalBlocks(answer));
  const contact = partyOf(pack, topic.responsible).contact;
  if (contact) blocks.push({ type: 'fields', fields: [{ label: 'Contact', value: contact }] });
  blocks.push({ type: 'context', text: sourceLine(topic, answer) });
  blocks.push(...sharedByBlock(opts));
  const buttons: Button[] = didYouMean(answer?.alternatives ?? []);
  buttons.push({ action: ACTION_MORE, value: topicValue(ref), label: 'More', showsMore: true });
  buttons.push(...topicButtons(ref, opts));
  blocks.push({ type: 'actions', buttons });
  const text = `${headline(pack, topic.responsible)}: ${topic.title}. ${firstSentences(topic.explanation, 2)}`;
  return { visibility: opts.sharedBy ? 'public' : 'private', text: clip(text, 2900), blocks, color: partyColor(partyOf(pack, topic.responsible)), more: moreBlocks(ref) };
}

/** What "More" adds to the short card: the rest of the explanation, what each side does, the exam tip. */
function moreBlocks(ref: TopicRef): Block[] {
  const { pack, topic } = ref;
  const blocks: Block[] = [];
  const rest = topic.explanation.slice(firstSentences(topic.explanation, 2).length).trim();
  if (rest) blocks.push({ type: 'section', text: rest });
  const fields = Object.entries(topic.split ?? {}).map(([partyId, duty]) => ({ label: whatPartyDoes(pack, partyId), value: duty }));
  if (fields.length) blocks.push({ type: 'fields', fields });
  if (topic.examTip) blocks.push({ type: 'context', text: `Exam tip: ${topic.examTip}` });
  return blocks;
}

/** The whole card, behind "More": explanation, what each side does, contact, exam tip and source. */
export function presentTopicDetail(ref: TopicRef, opts: PresentOptions): Reply {
  const { pack, topic } = ref;
  const blocks: Block[] = [{ type: 'header', text: headline(pack, topic.responsible) }, { type: 'section', text: topic.title }, { type: 'section', text: topic.explanation }];
  const fields = Object.entries(topic.split ?? {}).map(([partyId, duty]) => ({ label: whatPartyDoes(pack, partyId), value: duty }));
  const contact = partyOf(pack, topic.responsible).contact;
  if (contact) fields.push({ label: 'Contact', value: contact });
  if (fields.length) blocks.push({ type: 'fields', fields });
  if (topic.examTip) blocks.push({ type: 'context', text: `Exam tip: ${topic.examTip}` });
  blocks.push({ type: 'context', text: sourceLine(topic) });
  blocks.push(...sharedByBlock(opts));
  const buttons = topicButtons(ref, opts);
  if (buttons.length) blocks.push({ type: 'actions', buttons });
  const text = `${headline(pack, topic.responsible)}: ${topic.title}. ${topic.explanation}`;
  return { visibility: opts.sharedBy ? 'public' : 'private', text: clip(text, 2900), blocks, color: partyColor(partyOf(pack, topic.responsible)) };
}

/** "Quiz me on this" and "Share in channel". */
export function topicButtons(ref: TopicRef, opts: PresentOptions): Button[] {
  const buttons: Button[] = [...(opts.extraButtons?.({ topic: ref }) ?? [])];
  if (opts.shareable) buttons.push({ action: ACTION_SHARE, value: topicValue(ref), label: 'Share in channel', style: 'primary' });
  return buttons;
}

/** "It depends on the service": each owner with the kinds of service (and examples) where it is the owner. */
export function variantsBlock(answer: VerdictAnswer, variants: readonly Variant[]): Block {
  const pack = answer.kind === 'topic' ? answer.ref.pack : answer.reading.pack;
  const byVerdict = new Map<string, string[]>();
  for (const v of variants) {
    const list = byVerdict.get(v.verdict) ?? [];
    list.push(`${v.model.name.toLowerCase()} (${serviceNames(v.services.map((s) => s.service))})`);
    byVerdict.set(v.verdict, list);
  }
  return {
    type: 'fields',
    fields: [...byVerdict].map(([verdict, models]) => ({ label: `${capitalise(partyPhrase(pack, verdict))} on`, value: capitalise(models.join('; ')) })),
  };
}

/** Two readings that disagree, side by side, so the asker can pick the one they meant. */
export function rivalBlocks(answer: VerdictAnswer): Block[] {
  const rival = answer.rival!;
  const pack = answer.kind === 'topic' ? answer.ref.pack : answer.reading.pack;
  const reason = rival.reading ? `${capitalise(rival.reading.phrase)} is part of ${rival.reading.layer.name.toLowerCase()}.` : rival.ref ? rival.ref.topic.title : '';
  return [
    { type: 'context', text: 'Not sure which you meant — another reading gives another answer:' },
    { type: 'fields', fields: [{ label: `Or: ${capitalise(partyPhrase(pack, rival.verdict))}`, value: reason }] },
  ];
}
