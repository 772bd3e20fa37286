// Renders a neutral Reply as one Discord embed plus button rows. Pure, so every Discord limit is
// unit-tested here rather than discovered as a 400 from the API: a reply that breaks a limit is
// shortened, never rejected.
import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  type APIStringSelectComponent,
} from 'discord.js';
import { clip, type Button, type MultiChoice, type Reply } from '../../core/reply/reply.ts';
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
  selectOptions: 25,
  selectLabel: 100,
  selectValue: 100,
  placeholder: 150,
} as const;

/** A row of buttons, or one select menu (a select takes a whole row). */
export type ComponentRow = APIActionRowComponent<APIButtonComponentWithCustomId> | APIActionRowComponent<APIStringSelectComponent>;

export interface DroppedButton {
  button: Button;
  reason: string;
}

export interface DiscordMessage {
  embeds: APIEmbed[];
  components: ComponentRow[];
  /** Ephemeral for private replies; absent for public ones. */
  flags?: MessageFlags.Ephemeral;
  allowedMentions: typeof NO_MENTIONS;
  /** Buttons (and select menus) Discord could not carry (id too long, duplicate, too many); the caller logs them. */
  dropped: DroppedButton[];
}

const ZWSP = '\u200b';

export function renderDiscord(reply: Reply): DiscordMessage {
  let title: string | undefined;
  const paragraphs: string[] = [];
  const fields: APIEmbedField[] = [];
  const footer: string[] = [];
  const controls: Control[] = [];

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
        controls.push({ kind: 'buttons', buttons: block.buttons });
        break;
      case 'choices':
        controls.push({ kind: 'select', choices: block });
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

  const { components, dropped } = renderControls(controls);
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

type Control = { kind: 'buttons'; buttons: Button[] } | { kind: 'select'; choices: MultiChoice };

function renderControls(controls: Control[]): { components: ComponentRow[]; dropped: DroppedButton[] } {
  const components: ComponentRow[] = [];
  const dropped: DroppedButton[] = [];
  const seen = new Set<string>();
  // Each actions block starts its own row(s), so "did you mean" choices and "Share" stay visually apart.
  for (const control of controls) {
    if (control.kind === 'select') {
      const select = selectMenu(control.choices);
      const id = select.custom_id;
      const problem =
        id.length > LIMITS.customId ? `custom id is ${id.length} characters; Discord allows ${LIMITS.customId}` : seen.has(id) ? 'duplicate custom id in one message (Discord rejects the message)' : components.length === LIMITS.rows ? `more than ${LIMITS.rows} rows of components` : undefined;
      if (problem || select.options.length !== control.choices.options.length) {
        dropped.push({ button: { action: control.choices.action, value: control.choices.value, label: control.choices.prompt }, reason: problem ?? 'an option value is too long or there are too many options' });
        continue;
      }
      seen.add(id);
      components.push({ type: ComponentType.ActionRow, components: [select] });
      continue;
    }
    let row: APIButtonComponentWithCustomId[] = [];
    const flush = () => {
      if (row.length) components.push({ type: ComponentType.ActionRow, components: row });
      row = [];
    };
    for (const button of control.buttons) {
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

/** A multi-choice block as a select menu: picking and closing it submits, so it needs no button. */
function selectMenu(c: MultiChoice): APIStringSelectComponent {
  const options = c.options
    .filter((o) => o.value.length <= LIMITS.selectValue)
    .slice(0, LIMITS.selectOptions)
    .map((o) => ({ label: clip(neutraliseMentions(o.label), LIMITS.selectLabel) || '…', value: o.value }));
  return {
    type: ComponentType.StringSelect,
    custom_id: customId({ action: c.action, value: c.value, label: '' }),
    placeholder: clip(neutraliseMentions(c.prompt), LIMITS.placeholder),
    min_values: Math.min(c.min, options.length),
    max_values: Math.min(c.max, options.length),
    options,
  };
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
