// What every rendered reply must satisfy on each platform, checked on the renderers' real output:
// no mention or link the input smuggled in, and every documented size limit (a reply that breaks one
// is rejected by the API: invalid_blocks on Slack, 400 Invalid Form Body on Discord).
import type { Reply } from '../../../src/core/reply/reply.ts';
import { renderBlocks } from '../../../src/adapters/slack/render-blocks.ts';
import { renderDiscord } from '../../../src/adapters/discord/render.ts';
import type { APIEmbed } from 'discord.js';

/** Slack's Block Kit limits for a message (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK = { blocks: 50, header: 150, section: 3000, field: 2000, fields: 10, context: 3000, contextElements: 10, button: 75, buttons: 25, actionId: 255, value: 2000, text: 40_000, checkboxOptions: 10, optionText: 75, optionValue: 150, blockId: 255 };

/** Discord's embed and component limits. */
export const DISCORD = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000, rows: 5, buttonsPerRow: 5, label: 80, customId: 100, selectOptions: 25, selectLabel: 100, placeholder: 150 };

/** Slack control syntax: any raw "<" or ">" in text could open "<!channel>", "<@U1>", "<#C1>" or a link. */
const SLACK_RAW = /[<>]/;
/**
 * The one control the renderer emits on purpose: a date token, so each reader sees a closing time in
 * their own timezone. Its fallback (after "|") must itself be escaped, so it may hold no "<" or ">".
 */
const SLACK_DATE_TOKEN = /<!date\^\d+\^\{date_short_pretty\} at \{time\}\|[^<>]*>/g;
/** "&" that is not one of the three entities Slack decodes ("&amp;lt;" must stay literal). */
const SLACK_BARE_AMP = /&(?!amp;|lt;|gt;)/;

/** A Block Kit message as sent: the renderer's output, or a body the fake Slack received. */
export interface SlackMessage {
  text: string;
  blocks: any[];
}

/** Everything a Slack user could read in a rendered message, with where it was. */
function slackTexts(rendered: SlackMessage): { where: string; text: string; type?: string; verbatim?: boolean }[] {
  const out: { where: string; text: string; type?: string; verbatim?: boolean }[] = [{ where: 'text', text: rendered.text }];
  rendered.blocks.forEach((b: any, i: number) => {
    if (b.text) out.push({ where: `blocks[${i}].text`, text: b.text.text, type: b.text.type, verbatim: b.text.verbatim });
    (b.fields ?? []).forEach((f: any, j: number) => out.push({ where: `blocks[${i}].fields[${j}]`, text: f.text, type: f.type, verbatim: f.verbatim }));
    (b.elements ?? []).forEach((e: any, j: number) => {
      if (e.type === 'button') out.push({ where: `blocks[${i}].elements[${j}].text`, text: e.text.text, type: e.text.type, verbatim: e.text.verbatim });
      else if (e.type === 'checkboxes') e.options.forEach((o: any, k: number) => out.push({ where: `blocks[${i}].elements[${j}].options[${k}]`, text: o.text.text, type: o.text.type, verbatim: o.text.verbatim }));
      else out.push({ where: `blocks[${i}].elements[${j}]`, text: e.text, type: e.type, verbatim: e.verbatim });
    });
  });
  return out;
}

/** Problems with the Slack rendering of `reply`; empty when it is safe and within limits. */
export function slackViolations(reply: Reply): string[] {
  return slackMessageViolations(renderBlocks(reply));
}

/** Problems with a Block Kit message (text + blocks) as it would reach Slack. */
export function slackMessageViolations(rendered: SlackMessage): string[] {
  const problems: string[] = [];
  const blocks = rendered.blocks ?? [];
  if (blocks.length > SLACK.blocks) problems.push(`${blocks.length} blocks > ${SLACK.blocks}`);
  for (const t of slackTexts(rendered)) {
    if (typeof t.text !== 'string') {
      problems.push(`${t.where}: text is not a string`);
      continue;
    }
    if (SLACK_RAW.test(t.text.replace(SLACK_DATE_TOKEN, ''))) problems.push(`${t.where}: unescaped < or > in ${JSON.stringify(t.text.slice(0, 80))}`);
    if (SLACK_BARE_AMP.test(t.text)) problems.push(`${t.where}: bare & in ${JSON.stringify(t.text.slice(0, 80))}`);
    if (/<!(channel|here|everyone)|<@[UW]/.test(t.text)) problems.push(`${t.where}: mention syntax`);
    if (t.type === 'mrkdwn' && t.verbatim !== true) problems.push(`${t.where}: mrkdwn without verbatim (Slack would auto-link mentions)`);
    if (t.text.length === 0) problems.push(`${t.where}: empty text (Slack rejects it)`);
  }
  if (rendered.text.length > SLACK.text) problems.push(`fallback text ${rendered.text.length} > ${SLACK.text}`);
  blocks.forEach((b: any, i: number) => {
    switch (b.type) {
      case 'header':
        if (b.text.text.length > SLACK.header) problems.push(`blocks[${i}] header ${b.text.text.length} > ${SLACK.header}`);
        break;
      case 'section':
        if (b.text && b.text.text.length > SLACK.section) problems.push(`blocks[${i}] section ${b.text.text.length} > ${SLACK.section}`);
        if ((b.fields ?? []).length > SLACK.fields) problems.push(`blocks[${i}] ${b.fields.length} fields > ${SLACK.fields}`);
        for (const f of b.fields ?? []) if (f.text.length > SLACK.field) problems.push(`blocks[${i}] field ${f.text.length} > ${SLACK.field}`);
        break;
      case 'context':
        if (b.elements.length > SLACK.contextElements) problems.push(`blocks[${i}] ${b.elements.length} context elements`);
        for (const e of b.elements) if (e.text.length > SLACK.context) problems.push(`blocks[${i}] context ${e.text.length} > ${SLACK.context}`);
        break;
      case 'actions':
        if (b.elements.length > SLACK.buttons) problems.push(`blocks[${i}] ${b.elements.length} buttons > ${SLACK.buttons}`);
        for (const e of b.elements) {
          if (e.type === 'checkboxes') {
            if (e.options.length > SLACK.checkboxOptions) problems.push(`blocks[${i}] ${e.options.length} checkboxes > ${SLACK.checkboxOptions}`);
            for (const o of e.options) if (o.text.text.length > SLACK.optionText || (o.value ?? '').length > SLACK.optionValue) problems.push(`blocks[${i}] checkbox option too long`);
            if ((b.block_id ?? '').length > SLACK.blockId) problems.push(`blocks[${i}] block_id too long`);
            continue;
          }
          if (e.text.text.length > SLACK.button) problems.push(`blocks[${i}] button text ${e.text.text.length} > ${SLACK.button}`);
          if (e.action_id.length > SLACK.actionId) problems.push(`blocks[${i}] action_id too long`);
          if ((e.value ?? '').length > SLACK.value) problems.push(`blocks[${i}] button value too long`);
        }
        break;
    }
  });
  return problems;
}

/** A Discord mention: @everyone/@here, or <@id>, <@!id>, <@&role>. */
const DISCORD_MENTION = /@(everyone|here)|<@[!&]?\d/i;

/** Problems with the Discord rendering of `reply`; empty when it is safe and within limits. */
export function discordViolations(reply: Reply): string[] {
  return discordMessageViolations(renderDiscord(reply));
}

/** A Discord message as sent: the renderer's output, or a REST body (allowed_mentions) the fake received. */
export interface DiscordMessageLike {
  embeds?: APIEmbed[];
  components?: { components: { type?: number; custom_id: string; label?: string; placeholder?: string; options?: { label: string; value: string }[]; min_values?: number; max_values?: number }[] }[];
  allowedMentions?: unknown;
  allowed_mentions?: unknown;
  content?: string;
}

/** Problems with a Discord message body; empty when it is safe and within limits. */
export function discordMessageViolations(body: DiscordMessageLike): string[] {
  const problems: string[] = [];
  const msg = { embeds: body.embeds ?? [], components: body.components ?? [], allowedMentions: body.allowedMentions ?? body.allowed_mentions };
  if (JSON.stringify(msg.allowedMentions) !== JSON.stringify({ parse: [] })) problems.push(`allowedMentions is ${JSON.stringify(msg.allowedMentions)}`);
  const embed = msg.embeds[0];
  const texts: [string, string][] = [];
  if (body.content !== undefined) texts.push(['content', body.content]);
  if (msg.embeds.length > 1) problems.push(`${msg.embeds.length} embeds`);
  if (!embed && !body.content) problems.push('neither an embed nor content');
  if (embed) {
    if (embed.title !== undefined) texts.push(['title', embed.title]);
    if (embed.description !== undefined) texts.push(['description', embed.description]);
    if (embed.footer) texts.push(['footer', embed.footer.text]);
    (embed.fields ?? []).forEach((f, i) => texts.push([`fields[${i}].name`, f.name], [`fields[${i}].value`, f.value]));
    if ((embed.title ?? '').length > DISCORD.title) problems.push(`title ${embed.title!.length} > ${DISCORD.title}`);
    if ((embed.description ?? '').length > DISCORD.description) problems.push(`description ${embed.description!.length} > ${DISCORD.description}`);
    if ((embed.footer?.text ?? '').length > DISCORD.footer) problems.push(`footer too long`);
    if ((embed.fields ?? []).length > DISCORD.fields) problems.push(`${embed.fields!.length} fields > ${DISCORD.fields}`);
    for (const f of embed.fields ?? []) {
      if (f.name.length > DISCORD.fieldName || f.name.length === 0) problems.push(`field name length ${f.name.length}`);
      if (f.value.length > DISCORD.fieldValue || f.value.length === 0) problems.push(`field value length ${f.value.length}`);
    }
    const total = (embed.title ?? '').length + (embed.description ?? '').length + (embed.footer?.text ?? '').length + (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    if (total > DISCORD.total) problems.push(`embed total ${total} > ${DISCORD.total}`);
    if (total === 0) problems.push('empty embed (Discord rejects it)');
  }
  if (msg.components.length > DISCORD.rows) problems.push(`${msg.components.length} action rows > ${DISCORD.rows}`);
  const ids = new Set<string>();
  msg.components.forEach((row, r) => {
    if (row.components.length > DISCORD.buttonsPerRow || row.components.length === 0) problems.push(`row ${r} has ${row.components.length} buttons`);
    for (const b of row.components) {
      if (b.type === 3) {
        // A select menu: alone in its row, with options, placeholder and min/max Discord accepts.
        if (row.components.length !== 1) problems.push(`row ${r}: a select menu must be alone in its row`);
        const options = b.options ?? [];
        if (options.length === 0 || options.length > DISCORD.selectOptions) problems.push(`row ${r}: ${options.length} select options`);
        for (const o of options) {
          texts.push([`row ${r} option label`, o.label]);
          if (!o.label || o.label.length > DISCORD.selectLabel) problems.push(`select option label length ${o.label.length}`);
        }
        texts.push([`row ${r} placeholder`, b.placeholder ?? '']);
        if ((b.placeholder ?? '').length > DISCORD.placeholder) problems.push('placeholder too long');
        if ((b.min_values ?? 1) > (b.max_values ?? 1) || (b.max_values ?? 1) > options.length) problems.push(`row ${r}: min ${b.min_values} / max ${b.max_values} of ${options.length}`);
        if (b.custom_id.length > DISCORD.customId) problems.push(`custom_id ${b.custom_id.length} > ${DISCORD.customId}`);
        if (ids.has(b.custom_id)) problems.push(`duplicate custom_id ${b.custom_id}`);
        ids.add(b.custom_id);
        continue;
      }
      texts.push([`row ${r} button label`, b.label ?? '']);
      if ((b.label ?? '').length > DISCORD.label || !b.label) problems.push(`button label length ${(b.label ?? '').length}`);
      if (b.custom_id.length > DISCORD.customId) problems.push(`custom_id ${b.custom_id.length} > ${DISCORD.customId}`);
      if (ids.has(b.custom_id)) problems.push(`duplicate custom_id ${b.custom_id}`);
      ids.add(b.custom_id);
    }
  });
  for (const [where, text] of texts) {
    if (DISCORD_MENTION.test(text)) problems.push(`${where}: raw mention in ${JSON.stringify(text.slice(0, 80))}`);
  }
  return problems;
}

/**
 * Strings of the reply and of both renderings that are not well-formed UTF-16 (a lone surrogate: half
 * an emoji). JSON carries them as "\\ud83d" escapes; the platform shows a replacement character or
 * rejects the text. Callers only blame the bot when the input it was given was well-formed.
 */
export function malformedStrings(reply: Reply): string[] {
  const out: string[] = [];
  for (const [where, value] of [['reply', reply], ['slack', renderBlocks(reply)], ['discord', renderDiscord(reply)]] as const) {
    for (const s of allStrings(value)) if (!wellFormed(s)) out.push(`${where}: …${JSON.stringify(s.slice(-12))}`);
  }
  return out;
}

/** True when `s` has no lone surrogate (String.prototype.isWellFormed, which lib ES2023 lacks). */
export function wellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}
