// A reply's form (e.g. /facts edit: a topic as YAML) as a Discord modal. Discord shows a modal only as
// the FIRST response to a slash command or button, so interactions.ts opens it only when the answer
// came before any defer; a form that came later, or that breaks a limit, becomes its text with the
// reason. The modal's custom_id carries "<action>|<value>" so its submission routes back to the core.
import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData, type ModalSubmitInteraction } from 'discord.js';
import { clip, privateReply, type Form, type Reply } from '../../core/reply/reply.ts';
import { customId, LIMITS, parseCustomId } from './render.ts';

/** Discord's documented limits for modals (https://discord.com/developers/docs/components/reference). */
export const MODAL_LIMITS = { title: 45, label: 45, description: 100, input: 4000, customId: LIMITS.customId } as const;
const FIELD_ID = 'text';

/** The modal for a form, or why Discord cannot show it. */
export function formModal(reply: Reply, form: Form): { modal: APIModalInteractionResponseCallbackData } | { cannot: string } {
  if (form.initial.length > MODAL_LIMITS.input) return { cannot: `It is ${form.initial.length} characters long, more than a Discord form holds (${MODAL_LIMITS.input}).` };
  const id = customId({ action: form.action, value: form.value, label: '' });
  if (id.length > MODAL_LIMITS.customId) return { cannot: 'Its details are longer than a Discord form can carry.' };
  return { modal: modal(id, form.title, form.label, reply.text, form.initial) };
}

function modal(id: string, title: string, label: string, description: string, value: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: id,
    title: clip(title, MODAL_LIMITS.title),
    components: [
      {
        type: ComponentType.Label,
        label: clip(label, MODAL_LIMITS.label),
        description: clip(description, MODAL_LIMITS.description),
        component: { type: ComponentType.TextInput, custom_id: FIELD_ID, style: TextInputStyle.Paragraph, value, max_length: MODAL_LIMITS.input, required: true },
      },
    ],
  };
}

/** A form Discord cannot show: its text, the reason, and where to make the change instead. */
export function cannotOpen(reply: Reply, why: string): Reply {
  return privateReply(`${reply.text}\n${why} Run the command again, or make the change in the console (npm start without chat tokens, on the same database) or in the pack's YAML files.`);
}

/** A submitted modal: the core action to run and its value, "<form value>\n<the text typed>", and the text. */
export function submission(interaction: ModalSubmitInteraction): { action: string; value: string; typed: string } {
  const { action, value } = parseCustomId(interaction.customId);
  const typed = interaction.fields.getTextInputValue(FIELD_ID);
  return { action, value: `${value}\n${typed}`, typed };
}

/** The button under a refused submission that reopens the form with what was typed. */
export const DRAFT_ACTION = 'form.draft';
const DRAFT_TTL_MS = 15 * 60_000;
const MAX_DRAFTS = 200;

/**
 * A Discord modal closes on submit, so a refused one would lose what was typed: the text is kept here
 * (in this process, for 15 minutes) behind an "Edit again" button whose click reopens the form with it.
 */
export class Drafts {
  private readonly items = new Map<string, { customId: string; typed: string; problem: string; until: number }>();
  private counter = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** The replies with an "Edit again" button under a refusal, its text kept. */
  offer(replies: Reply[], customId: string, typed: string): Reply[] {
    return replies.map((reply) => {
      if (!reply.formProblems?.length) return reply;
      const key = `${this.now().toString(36)}${(++this.counter).toString(36)}`;
      this.items.set(key, { customId, typed, problem: reply.formProblems[0]!, until: this.now() + DRAFT_TTL_MS });
      for (const [k, d] of this.items) if (this.items.size > MAX_DRAFTS || d.until <= this.now()) this.items.delete(k);
      return { ...reply, blocks: [...reply.blocks, { type: 'actions', buttons: [{ action: DRAFT_ACTION, value: key, label: 'Edit again', style: 'primary' }] }] };
    });
  }

  /** The form again, holding the text that was refused; undefined once it expired or after a restart. */
  reopen(key: string): APIModalInteractionResponseCallbackData | undefined {
    const draft = this.items.get(key);
    if (!draft || draft.until <= this.now()) return undefined;
    return modal(draft.customId, 'Fix and save again', 'Your text', draft.problem, draft.typed);
  }
}

export const DRAFT_GONE = "That text is no longer kept (15 minutes, and not across a restart). Run the command again.";
