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
  return {
    modal: {
      custom_id: id,
      title: clip(form.title, MODAL_LIMITS.title),
      components: [
        {
          type: ComponentType.Label,
          label: clip(form.label, MODAL_LIMITS.label),
          description: clip(reply.text, MODAL_LIMITS.description),
          component: { type: ComponentType.TextInput, custom_id: FIELD_ID, style: TextInputStyle.Paragraph, value: form.initial, max_length: MODAL_LIMITS.input, required: true },
        },
      ],
    },
  };
}

/** A form Discord cannot show: its text, the reason, and where to make the change instead. */
export function cannotOpen(reply: Reply, why: string): Reply {
  return privateReply(`${reply.text}\n${why} Run the command again, or make the change in the console (npm start without chat tokens, on the same database) or in the pack's YAML files.`);
}

/** A submitted modal: the core action to run and its value, "<form value>\n<the text typed>". */
export function submission(interaction: ModalSubmitInteraction): { action: string; value: string } {
  const { action, value } = parseCustomId(interaction.customId);
  return { action, value: `${value}\n${interaction.fields.getTextInputValue(FIELD_ID)}` };
}
