// A service's card ("/who lambda"): how the service is run, what each side does, and its topics, the
// ones about this service alone first.
import { clip, type Block, type Button, type Reply } from '../../reply/reply.ts';
import type { ServiceRef } from '../answer.ts';
import { ACTION_SHARE, ACTION_SHOW_TOPIC, serviceValue, sharedByBlock, type PresentOptions } from './common.ts';
import { DEFAULT_COLOR, modelSummary, partyPhrase, whatPartyDoes, capitalise } from './wording.ts';

export function presentService(ref: ServiceRef, opts: PresentOptions): Reply {
  const { pack, service } = ref;
  const blocks: Block[] = [{ type: 'header', text: `${service.name}: who does what` }];
  const model = modelSummary(pack, service);
  if (model) blocks.push({ type: 'section', text: model });
  blocks.push({ type: 'fields', fields: Object.entries(service.split).map(([partyId, duty]) => ({ label: whatPartyDoes(pack, partyId), value: duty })) });
  // Most relevant first: topics about this service alone, then those it shares with fewer others.
  const topics = pack.topics
    .map((t, i) => ({ t, i, at: t.services.indexOf(service.id) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.t.services.length - b.t.services.length || a.at - b.at || a.i - b.i)
    .slice(0, 5)
    .map((x) => x.t);
  if (topics.length) blocks.push({ type: 'context', text: 'Ask about one task for the reason behind it, or pick one:' });
  const buttons: Button[] = topics.map((t) => ({ action: ACTION_SHOW_TOPIC, value: `${pack.id}/${t.id}`, label: clip(t.title, 75) }));
  blocks.push(...sharedByBlock(opts));
  buttons.push(...(opts.extraButtons?.({ service: ref }) ?? []));
  if (opts.shareable) buttons.push({ action: ACTION_SHARE, value: `service:${serviceValue(ref)}`, label: 'Share in channel', style: 'primary' });
  if (buttons.length) blocks.push({ type: 'actions', buttons });
  const text = `${service.name}: ${Object.entries(service.split).map(([p, d]) => `${capitalise(partyPhrase(pack, p))}: ${d}`).join(' ')}`;
  return { visibility: opts.sharedBy ? 'public' : 'private', text: clip(text, 2900), blocks, color: DEFAULT_COLOR };
}
