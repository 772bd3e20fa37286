// Renders a neutral Reply as Block Kit. Pure and platform-limit aware: every text is escaped (see
// escape.ts) and clipped to Slack's limits, so a long or hostile answer degrades instead of failing
// with invalid_blocks. plain_text is used wherever no formatting is needed, so Slack parses nothing.
import type { types } from '@slack/bolt';
import type { Block, Button, Moment, MultiChoice, Reply } from '../../core/reply/reply.ts';
import { escapeText, escapeWithin } from './escape.ts';

type KnownBlock = types.KnownBlock;
type PlainText = types.PlainTextElement;

/** Slack's documented Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerHomeView: 100,
  header: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextText: 3000,
  elementsPerActions: 25,
  buttonText: 75,
  optionText: 75,
  optionValue: 150,
  checkboxOptions: 10,
  blockId: 255,
  buttonValue: 2000,
  actionId: 255,
  fallbackText: 3000,
} as const;

export interface RenderedMessage {
  /** Escaped plain-text summary: notifications and clients that show no blocks. */
  text: string;
  blocks: KnownBlock[];
}

export interface RenderOptions {
  /** 50 for messages (the default), 100 for the App Home view. */
  maxBlocks?: number;
}

/** Separates the core action id from the per-message counter in a button's action_id. */
export const ACTION_ID_SEPARATOR = ':';

/** Slack wants action_ids unique within a message; the core's action id may repeat (three "did you mean"). */
export function encodeActionId(action: string, index: number): string {
  return `${action}${ACTION_ID_SEPARATOR}${index}`;
}

export function decodeActionId(actionId: string): string {
  const at = actionId.lastIndexOf(ACTION_ID_SEPARATOR);
  return at > 0 ? actionId.slice(0, at) : actionId;
}

/**
 * A multi-choice block becomes checkboxes and a submit button in one actions block whose block_id
 * starts with this. Slack sends the ticked boxes with the click (state.values[block_id]). The block_id
 * is the same in every version of the message, so a live-count update keeps what people ticked.
 */
export const CHOICES_BLOCK = 'choices|';

/** The values ticked in the choices block a submit button belongs to, or undefined for any other button. */
export function tickedChoices(blockId: string | undefined, state: { values: Record<string, Record<string, { type: string; selected_options?: { value: string }[] }>> } | undefined): string[] | undefined {
  if (!blockId?.startsWith(CHOICES_BLOCK)) return undefined;
  const element = Object.values(state?.values?.[blockId] ?? {}).find((v) => v.type === 'checkboxes');
  return (element?.selected_options ?? []).map((o) => o.value);
}

export function renderBlocks(reply: Reply, opts: RenderOptions = {}): RenderedMessage {
  const maxBlocks = opts.maxBlocks ?? LIMITS.blocksPerMessage;
  const counter = { next: 0 };
  let blocks = reply.blocks.flatMap((block) => renderBlock(block, counter));
  if (blocks.length > maxBlocks) {
    blocks = [...blocks.slice(0, maxBlocks - 1), { type: 'context', elements: [plain('(Shortened to fit in Slack.)', LIMITS.contextText)] }];
  }
  return { text: fallbackText(reply), blocks };
}

function renderBlock(block: Block, counter: { next: number }): KnownBlock[] {
  switch (block.type) {
    case 'header':
      return block.text.trim() ? [{ type: 'header', text: plain(block.text, LIMITS.header) }] : [];
    case 'section':
      return block.text.trim() ? [{ type: 'section', text: plain(block.text, LIMITS.sectionText) }] : [];
    case 'context':
      if (block.moment && block.text.includes(block.moment.shown)) return [{ type: 'context', elements: [withMoment(block.text, block.moment)] }];
      return block.text.trim() ? [{ type: 'context', elements: [plain(block.text, LIMITS.contextText)] }] : [];
    case 'divider':
      return [{ type: 'divider' }];
    case 'fields': {
      const fields = block.fields.filter((f) => f.label.trim() || f.value.trim()).map(fieldText);
      return chunk(fields, LIMITS.fieldsPerSection).map((group) => ({ type: 'section', fields: group }));
    }
    case 'actions': {
      const buttons = block.buttons.filter((b) => b.value.length <= LIMITS.buttonValue && b.label.trim()).map((b) => button(b, counter));
      return chunk(buttons, LIMITS.elementsPerActions).map((group) => ({ type: 'actions', elements: group }));
    }
    case 'choices':
      return choices(block, counter);
  }
}

function choices(block: MultiChoice, counter: { next: number }): KnownBlock[] {
  const blockId = `${CHOICES_BLOCK}${block.value}`;
  const options = block.options.filter((o) => o.value.length <= LIMITS.optionValue).slice(0, LIMITS.checkboxOptions);
  // Too long to carry, or too many options to tick: better no controls than a message Slack rejects.
  if (blockId.length > LIMITS.blockId || block.value.length > LIMITS.buttonValue || options.length < block.options.length) return [];
  return [
    { type: 'context', elements: [plain(`${block.prompt}, then press ${block.submitLabel}.`, LIMITS.contextText)] },
    {
      type: 'actions',
      block_id: blockId,
      elements: [
        { type: 'checkboxes', action_id: encodeActionId('choices.tick', counter.next++), options: options.map((o) => ({ text: plain(o.label, LIMITS.optionText), value: o.value })) },
        button({ action: block.action, value: block.value, label: block.submitLabel, style: 'primary' }, counter),
      ],
    },
  ];
}

function plain(text: string, max: number): PlainText {
  return { type: 'plain_text', text: escapeWithin(text, max), emoji: true };
}

/**
 * A text naming a moment: the moment becomes a date token, so each reader sees it in their own
 * timezone; the text as written (the schedule's timezone) is its fallback. The rest stays escaped.
 */
function withMoment(text: string, moment: Moment): types.MrkdwnElement {
  const at = text.indexOf(moment.shown);
  const shown = escapeText(moment.shown);
  const token = `<!date^${Math.floor(moment.at / 1000)}^{date_short_pretty} at {time}|${shown}>`;
  const rest = (s: string) => escapeWithin(s, Math.floor((LIMITS.contextText - token.length) / 2));
  return { type: 'mrkdwn', text: `${rest(text.slice(0, at))}${token}${rest(text.slice(at + moment.shown.length))}`, verbatim: true };
}

/** Fields are the one place we want formatting (a bold label), so they are mrkdwn — escaped, verbatim. */
function fieldText(field: { label: string; value: string }): types.MrkdwnElement {
  const label = field.label.trim() ? `*${escapeWithin(field.label, 200)}*\n` : '';
  const value = escapeWithin(field.value, LIMITS.fieldText - label.length) || ' ';
  return { type: 'mrkdwn', text: `${label}${value}`, verbatim: true };
}

function button(b: Button, counter: { next: number }): types.Button {
  return {
    type: 'button',
    text: plain(b.label, LIMITS.buttonText),
    action_id: encodeActionId(b.action.slice(0, LIMITS.actionId - 8), counter.next++),
    value: b.value,
    ...(b.style ? { style: b.style } : {}),
  };
}

function fallbackText(reply: Reply): string {
  const first = reply.blocks.find((b): b is Extract<Block, { text: string }> => 'text' in b && b.text.trim() !== '');
  const text = reply.text.trim() || first?.text || ' ';
  return escapeWithin(text, LIMITS.fallbackText);
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
