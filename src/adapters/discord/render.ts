// Renders a neutral Reply as one Discord embed plus button rows. Pure, so every Discord limit is
// unit-tested here rather than discovered as a 400 from the API: a reply that breaks a limit is
// shortened, never rejected.
import { ButtonStyle, ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed, type APIEmbedField } from 'discord.js';
import { clip, type Button, type Reply } from '../../core/reply/reply.ts';
import { neutraliseMentions, NO_MENTIONS } from './mentions.ts';

/** Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  buttonsPerRow: 5,
  rows: 5,
  buttonLabel: 80,
  customId: 100,
} as const;

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

export interface DroppedButton {
  button: Button;
  reason: string;
}

export interface DiscordMessage {
  embeds: APIEmbed[];
  components: ButtonRow[];
  /** Ephemeral for private replies; absent for public ones. */
  flags?: MessageFlags.Ephemeral;
  allowedMentions: typeof NO_MENTIONS;
  /** Buttons Discord could not carry (id too long, duplicate, too many); the caller logs them. */
  dropped: DroppedButton[];
}

const ZWSP = '\u200b';

export function renderDiscord(reply: Reply): DiscordMessage {
  let title: string | undefined;
  const paragraphs: string[] = [];
  const fields: APIEmbedField[] = [];
  const footer: string[] = [];
  const buttonGroups: Button[][] = [];

  for (const block of reply.blocks) {
    switch (block.type) {
      case 'header':
        if (title === undefined) title = clip(markdownSafe(block.text), LIMITS.title);
        else paragraphs.push(`**${markdownSafe(block.text)}**`);
        break;
      case 'section':
        paragraphs.push(markdownSafe(block.text));
        break;
      case 'fields':
        for (const f of block.fields) {
          fields.push({ name: clip(markdownSafe(f.label), LIMITS.fieldName) || ZWSP, value: clip(markdownSafe(f.value), LIMITS.fieldValue) || ZWSP, inline: false });
        }
        break;
      case 'context':
        // Footers render no markdown, so they get mention-proofing but no escaping (it would show).
        footer.push(neutraliseMentions(block.text));
        break;
      case 'actions':
        buttonGroups.push(block.buttons);
        break;
      case 'divider':
        // Paragraphs are already separated; an embed has no rule to draw.
        break;
    }
  }

  // Nothing to show from the blocks: the plain-text summary stands in, so the embed is never empty.
  if (!title && !paragraphs.length && !fields.length) paragraphs.push(markdownSafe(reply.text) || ZWSP);

  const embed: APIEmbed = {};
  if (title) embed.title = title;
  let description = clip(paragraphs.join('\n\n'), LIMITS.description);
  let footerText = clip(footer.join('\n'), LIMITS.footer);
  let kept = fields.slice(0, LIMITS.fields);

  // The 6000-character total: drop trailing fields first, then shorten the footer, then the description.
  const total = () => (title?.length ?? 0) + description.length + footerText.length + kept.reduce((n, f) => n + f.name.length + f.value.length, 0);
  while (total() > LIMITS.embedTotal && kept.length) kept = kept.slice(0, -1);
  if (total() > LIMITS.embedTotal) footerText = clip(footerText, Math.max(1, footerText.length - (total() - LIMITS.embedTotal)));
  if (total() > LIMITS.embedTotal) description = clip(description, Math.max(1, description.length - (total() - LIMITS.embedTotal)));

  if (description) embed.description = description;
  if (kept.length) embed.fields = kept;
  if (footerText) embed.footer = { text: footerText };
  const color = hexColor(reply.color);
  if (color !== undefined) embed.color = color;

  const { components, dropped } = renderButtons(buttonGroups);
  return {
    embeds: [embed],
    components,
    ...(reply.visibility === 'private' ? { flags: MessageFlags.Ephemeral as const } : {}),
    allowedMentions: NO_MENTIONS,
    dropped,
  };
}

/** Button custom ids carry "action|value" so a click routes back to the core without server state. */
export function customId(button: Button): string {
  return `${button.action}|${button.value}`;
}

/** Splits a custom id back into the core action and its value (the value may itself contain "|"). */
export function parseCustomId(id: string): { action: string; value: string } {
  const bar = id.indexOf('|');
  return bar < 0 ? { action: id, value: '' } : { action: id.slice(0, bar), value: id.slice(bar + 1) };
}

function renderButtons(groups: Button[][]): { components: ButtonRow[]; dropped: DroppedButton[] } {
  const components: ButtonRow[] = [];
  const dropped: DroppedButton[] = [];
  const seen = new Set<string>();
  // Each actions block starts its own row(s), so "did you mean" choices and "Share" stay visually apart.
  for (const group of groups) {
    let row: APIButtonComponentWithCustomId[] = [];
    const flush = () => {
      if (row.length) components.push({ type: ComponentType.ActionRow, components: row });
      row = [];
    };
    for (const button of group) {
      const id = customId(button);
      if (id.length > LIMITS.customId) {
        dropped.push({ button, reason: `custom id is ${id.length} characters; Discord allows ${LIMITS.customId}` });
        continue;
      }
      if (seen.has(id)) {
        dropped.push({ button, reason: 'duplicate custom id in one message (Discord rejects the message)' });
        continue;
      }
      if (row.length === LIMITS.buttonsPerRow) flush();
      if (components.length === LIMITS.rows) {
        dropped.push({ button, reason: `more than ${LIMITS.rows} rows of buttons` });
        continue;
      }
      seen.add(id);
      row.push({ type: ComponentType.Button, custom_id: id, label: clip(neutraliseMentions(button.label), LIMITS.buttonLabel) || '…', style: buttonStyle(button) });
    }
    flush();
  }
  return { components, dropped };
}

function buttonStyle(button: Button): ButtonStyle.Primary | ButtonStyle.Danger | ButtonStyle.Secondary {
  if (button.style === 'primary') return ButtonStyle.Primary;
  if (button.style === 'danger') return ButtonStyle.Danger;
  return ButtonStyle.Secondary;
}

function hexColor(color: string | undefined): number | undefined {
  const m = color && /^#?([0-9a-f]{6})$/i.exec(color);
  return m ? parseInt(m[1]!, 16) : undefined;
}

// Bare URLs stay as they are so Discord still links them; escaping inside them would break the link.
const URL_PATTERN = /https?:\/\/[^\s<>"]*[^\s<>"'.,;:!?)\]]/g;

/**
 * Reply text is plain text (see reply.ts): escape everything Discord would read as markdown — emphasis,
 * code, spoilers, masked links, and quotes, headings and lists at line starts — then defuse mentions.
 */
export function markdownSafe(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    out += escapeMarkdown(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  out += escapeMarkdown(text.slice(last));
  return neutraliseMentions(out);
}

function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\*_~`|[\]]/g, '\\$&')
    .replace(/^(\s*)([#>+-]+)(?=\s)/gm, '$1\\$2')
    .replace(/^(\s*\d+)\.(?=\s)/gm, '$1\\.');
}
