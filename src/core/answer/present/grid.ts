// An answer reasoned from the grid: which layer the question is about and who owns that layer for the
// service's model — "Network cabling belongs to physical data centres, which are AWS's on every service."
import { partyOf } from '../../knowledge/loader.ts';
import { clip, possessive, type Block, type Button, type Reply } from '../../reply/reply.ts';
import type { Answer } from '../answer.ts';
import type { GridReading } from '../grid.ts';
import { leadFor } from '../yes-no.ts';
import { ACTION_SHARE, didYouMean, sharedByBlock, type PresentOptions } from './common.ts';
import { variantsBlock } from './topic.ts';
import { capitalise, headline, leadSentence, partyColor, partyPhrase } from './wording.ts';

type GridAnswer = Extract<Answer, { kind: 'grid' }>;

/** The reason in one sentence: the phrase, its layer, and whose the layer is here. */
export function gridReason(reading: GridReading): string {
  const { pack, layer, verdict, model, service } = reading;
  const owner = possessive(partyPhrase(pack, verdict));
  const where = `${capitalise(reading.phrase)} belongs to ${layer.name.charAt(0).toLowerCase()}${layer.name.slice(1)}`;
  if (typeof layer.owner === 'string') return `${where}, which is ${owner} on every service.`;
  if (service && model) return `${where}; on ${service.service.name} (${model.name.toLowerCase()}) that is ${owner}.`;
  const common = pack.models.find((m) => m.id === layer.common);
  return `${where}; in the common case${common ? ` (${common.name.toLowerCase()})` : ''} that is ${owner}, and it changes with the service.`;
}

export function presentGrid(answer: GridAnswer, opts: PresentOptions): Reply {
  const { reading } = answer;
  const { pack } = reading;
  const lead = answer.askedParty ? leadFor(answer.askedParty, answer.verdict, pack) : undefined;
  const blocks: Block[] = [{ type: 'header', text: headline(pack, answer.verdict) }];
  const why = reading.layer.why[answer.verdict];
  blocks.push({ type: 'section', text: `${leadSentence(pack, lead, answer.verdict)}${gridReason(reading)}${why ? ` ${why}` : ''}` });
  if (answer.via) {
    const part = answer.via.topic.split?.[answer.verdict];
    blocks.push({ type: 'context', text: `${answer.via.topic.title} is shared as a whole; the part you asked about is ${possessive(partyPhrase(pack, answer.verdict))}.${part ? ` ${part}` : ''}` });
  }
  if (answer.variants?.length) blocks.push(variantsBlock(answer, answer.variants));
  blocks.push({ type: 'context', text: `Reasoned from the model's layers (match confidence ${Math.round(answer.confidence * 100)}%)` });
  blocks.push(...sharedByBlock(opts));
  const buttons: Button[] = answer.certainty === 'unsure' ? didYouMean(answer.alternatives) : [];
  const quizOn = answer.via ?? answer.alternatives[0];
  if (quizOn) buttons.push(...(opts.extraButtons?.({ topic: quizOn }) ?? []));
  if (opts.shareable) buttons.push({ action: ACTION_SHARE, value: layerValue(reading), label: 'Share in channel', style: 'primary' });
  if (buttons.length) blocks.push({ type: 'actions', buttons });
  const text = `${headline(pack, answer.verdict)}: ${gridReason(reading)}`;
  return { visibility: opts.sharedBy ? 'public' : 'private', text: clip(text, 2900), blocks, color: partyColor(partyOf(pack, answer.verdict)) };
}

/** Button value that rebuilds a grid reading: layer:<pack>/<layer>/<service or empty>/<phrase>. */
export function layerValue(reading: GridReading): string {
  return clip(`layer:${reading.pack.id}/${reading.layer.id}/${reading.service?.service.id ?? ''}/${reading.phrase}`, 100);
}
