// A service's card ("/who lambda"): how the service is run, what each side does, and its topics, the
// most relevant first (see service-topics.ts).
import { clip, type Block, type Button, type Reply } from '../../reply/reply.ts';
import type { ServiceRef } from '../answer.ts';
import { ACTION_SHARE, ACTION_SHOW_TOPIC, serviceValue, sharedByBlock, type PresentOptions } from './common.ts';
import { relevantTopics } from './service-topics.ts';
import { DEFAULT_COLOR, modelSummary, partyPhrase, whatPartyDoes, capitalise } from './wording.ts';

export function presentService(ref: ServiceRef, opts: PresentOptions): Reply {
  const { pack, service } = ref;
  const blocks: Block[] = [{ type: 'header', text: `${service.name}: who does what` }];
  const model = modelSummary(pack, service);
  if (model) blocks.push({ type: 'section', text: model });
  blocks.push({ type: 'fields', fields: Object.entries(service.split).map(([partyId, duty]) => ({ label: whatPartyDoes(pack, partyId), value: duty })) });
  const topics = relevantTopics(pack, service, 5);
  if (topics.length) blocks.push({ type: 'context', text: 'Ask about one task for the reason behind it, or pick one:' });
  const buttons: Button[] = topics.map((t) => ({ action: ACTION_SHOW_TOPIC, value: `${pack.id}/${t.id}`, label: clip(t.title, 75) }));
  blocks.push(...sharedByBlock(opts));
  buttons.push(...(opts.extraButtons?.({ service: ref }) ?? []));
  if (opts.shareable) buttons.push({ action: ACTION_SHARE, value: `service:${serviceValue(ref)}`, label: 'Share in channel', style: 'primary' });
  if (buttons.length) blocks.push({ type: 'actions', buttons });
  const text = `${service.name}: ${Object.entries(service.split).map(([p, d]) => `${capitalise(partyPhrase(pack, p))}: ${d}`).join(' ')}`;
  return { visibility: opts.sharedBy ? 'public' : 'private', text: clip(text, 2900), blocks, color: DEFAULT_COLOR };
}
