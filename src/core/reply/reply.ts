// The platform-neutral reply every command returns. It says what to show, never how: each adapter
// renders it its own way (Block Kit, Discord embeds and components, plain text). All text here is
// plain text — no markup — so renderers can escape it safely and user input can never become markup.

import type { Diagram } from '../diagram/diagram.ts';

export type Visibility = 'private' | 'public';

/** The accent colour of replies that carry no verdict. */
export const DEFAULT_COLOR = '#5b6b7c';

export interface Button {
  /** Opaque id of the core action this button triggers (e.g. "who.topic"). */
  action: string;
  /** Argument for the action, kept opaque by adapters. Must be short: platforms limit it. */
  value: string;
  label: string;
  style?: 'primary' | 'danger';
  /** This button shows the rest of the answer (Reply.more): a text interface that prints it at once drops the button. */
  showsMore?: true;
}

/**
 * Several options to tick, then one submit (a "Choose TWO" question): platforms show checkboxes and a
 * submit button, a select menu with a minimum and maximum, or numbers typed as "1,3". Submitting runs
 * `action` with choicesValue(value, the picked options' values).
 */
export interface MultiChoice {
  action: string;
  /** Opaque argument for the action, as on a button; the picks are appended by choicesValue(). */
  value: string;
  options: { label: string; value: string }[];
  /** How many options must be picked, and may be. */
  min: number;
  max: number;
  /** What to do, e.g. "Choose TWO": a placeholder or prompt. */
  prompt: string;
  submitLabel: string;
}

/** The value a multi-choice submit runs its action with: "<value>:<picked>,<picked>". */
export function choicesValue(value: string, picked: readonly string[]): string {
  return `${value}:${picked.join(',')}`;
}

/**
 * A moment named in a context text: `shown` is how the text writes it (e.g. in a schedule's timezone).
 * Renderers that can show it in each reader's own timezone (Slack's date tokens) put that in its place.
 */
export interface Moment {
  at: number;
  shown: string;
}

export type Block =
  | { type: 'header'; text: string }
  | { type: 'section'; text: string }
  /** sideBySide: the fields compare things (a comparison's services), so show them in columns where the platform can. */
  | { type: 'fields'; fields: { label: string; value: string }[]; sideBySide?: boolean }
  | { type: 'context'; text: string; moment?: Moment }
  | { type: 'actions'; buttons: Button[] }
  | ({ type: 'choices' } & MultiChoice)
  | { type: 'divider' };

export interface Reply {
  /** private: only the person who asked sees it; public: posted for the whole channel. */
  visibility: Visibility;
  /** A plain-text summary: notifications, screen readers, and platforms that show no blocks. */
  text: string;
  blocks: Block[];
  /** Accent colour as #rrggbb (Discord embed colour, console marker). */
  color?: string;
  /**
   * A picture that goes with the reply (the responsibility diagram), as data: adapters get its PNG
   * from `core.images` and show it where their platform can, or leave it out — the text says it all.
   */
  image?: Diagram;
  /**
   * The rest of an answer that is kept short in chat (the verdict and a sentence or two first): chat
   * platforms leave it behind the reply's "More" button (a button with `showsMore`), a text interface
   * prints it below the short reply.
   */
  more?: Block[];
  /**
   * A form to fill in (a text to write, e.g. a topic as YAML): its submission runs `action` with
   * "<value>\n<the text>". Chat platforms show a modal (Slack, Discord); the console prompts for it line
   * by line.
   */
  form?: Form;
  /**
   * Set on the answer to a form's submission when it was refused (not an admin, the text fails the
   * checks): what to fix. Platforms that can keep the form open show these under its field, so nothing
   * typed is lost; the text says the same for the others.
   */
  formProblems?: string[];
  /**
   * 'source': this reply takes the place of the message whose button (or menu) was used, so a flow of
   * clicks (a mock exam, a practice round) is one card that changes in place rather than a new
   * message per click. Only the first reply of an action may say it; later ones are new messages.
   * Adapters replace only a message of the same visibility (never a public post with a private reply)
   * and otherwise, or where there is no such message (a typed command, the App Home), send it anew.
   */
  replaces?: 'source';
}

export interface Form {
  action: string;
  value: string;
  title: string;
  label: string;
  /** The text the field starts with (the current version, when editing). */
  initial: string;
  submitLabel: string;
}

export function privateReply(text: string, blocks: Block[] = [{ type: 'section', text }], color?: string): Reply {
  return { visibility: 'private', text, blocks, ...(color ? { color } : {}) };
}

/** Marks the first reply as taking the place of the clicked message (see Reply.replaces). */
export function inPlace(replies: Reply[]): Reply[] {
  const [first, ...rest] = replies;
  return first ? [{ ...first, replaces: 'source' }, ...rest] : replies;
}

/** "AWS's", "the customer's", "Product teams'": a name as an owner. */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

/** Shortens text to a limit without cutting a word in half when it can help it. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = safeSlice(text, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** The first `max` UTF-16 units of a text, one fewer if that would split an emoji (a surrogate pair). */
export function safeSlice(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
