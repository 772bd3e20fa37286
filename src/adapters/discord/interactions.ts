// Interactions → core calls → Discord responses. Slash commands, buttons and submitted forms (modals,
// forms.ts) run through the registry; autocomplete asks it for suggestions. Private replies are
// ephemeral, public ones normal messages in the channel (sent as the interaction's reply, so they need
// no channel permission and show who asked).
import { ApplicationCommandOptionType, DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type AutocompleteInteraction, type ButtonInteraction, type Interaction, type InteractionReplyOptions, type InteractionUpdateOptions, type MessageComponentInteraction, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../../core/ports/logger.ts';
import type { Core } from '../../core/responsibot.ts';
import { choicesValue, clip, type Reply } from '../../core/reply/reply.ts';
import { commandText } from './command-text.ts';
import { cannotOpen, DRAFT_ACTION, DRAFT_GONE, formModal, submission, type Drafts } from './forms.ts';
import { discordContext } from './context.ts';
import { withDiagram } from './images.ts';
import { NO_MENTIONS } from './mentions.ts';
import { parseCustomId, renderDiscord } from './render.ts';

export interface InteractionDeps {
  core: Core;
  log: Logger;
  drafts: Drafts;
}

/**
 * Discord drops an interaction not answered within 3 s. A handler still busy after this long gets a
 * deferred ("thinking…") response and its result is sent as an edit; fast ones (/who) answer directly.
 */
const DEFER_AFTER_MS = 1500;
const MAX_CHOICES = 25;
const APOLOGY = 'Sorry, something went wrong on my side while doing that. Please try again.';

export async function handleInteraction(deps: InteractionDeps, interaction: Interaction): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) {
      const { registry } = deps.core;
      const text = commandText(registry.get(interaction.commandName), interaction.options.data);
      await respond(deps, interaction, registry.run(interaction.commandName, text, discordContext(interaction)));
    } else if (interaction.isAutocomplete()) {
      await suggest(deps, interaction);
    } else if (interaction.isButton()) {
      const { action, value } = parseCustomId(interaction.customId);
      if (action === DRAFT_ACTION) return await editAgain(deps, interaction, value);
      await respond(deps, interaction, deps.core.registry.runAction(action, value, discordContext(interaction)));
    } else if (interaction.isStringSelectMenu()) {
      // A multi-choice question: closing the menu submits the picks.
      const { action, value } = parseCustomId(interaction.customId);
      await respond(deps, interaction, deps.core.registry.runAction(action, choicesValue(value, interaction.values), discordContext(interaction)));
    } else if (interaction.isModalSubmit()) {
      // A form (forms.ts) submitted: the answer, or what to fix, comes back privately.
      const { action, value, typed } = submission(interaction);
      const work = deps.core.registry.runAction(action, value, discordContext(interaction));
      await respond(deps, interaction, work.then((replies) => deps.drafts.offer(replies, interaction.customId, typed)));
    }
  } catch (err) {
    await failed(deps.log, interaction, err);
  }
}

async function suggest({ core }: InteractionDeps, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const numeric = focused.type === ApplicationCommandOptionType.Integer || focused.type === ApplicationCommandOptionType.Number;
  const choices = core.registry
    .autocomplete(interaction.commandName, focused.name, String(focused.value))
    .filter((s) => s.label && s.value)
    .map((s) => ({ name: clip(s.label, 100), value: numeric ? Number(s.value) : clip(s.value, 100) }))
    .filter((c) => typeof c.value === 'string' || Number.isFinite(c.value))
    .slice(0, MAX_CHOICES);
  await interaction.respond(choices);
}

async function respond(deps: InteractionDeps, interaction: RepliableInteraction, work: Promise<Reply[]>): Promise<void> {
  const early = await within(work, DEFER_AFTER_MS);
  if (early.done) {
    const form = early.value.find((r) => r.form);
    if (form && (await showModal(deps, interaction, form, early.value))) return;
    const [first, ...rest] = early.value.map((r) => (r.form ? unshown(r, interaction.isModalSubmit() ? 'A form cannot open from another form.' : undefined) : r));
    if (first && replacesSource(interaction, first)) await interaction.update(updated(await message(deps, first)));
    else await interaction.reply(first ? await message(deps, first) : done());
    for (const reply of rest) await interaction.followUp(await message(deps, reply));
    return;
  }
  // Deferred privately: we cannot know yet whether the answer is public, and a private "thinking…"
  // never leaks anything. Public replies then follow as their own messages.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const replies = (await work).map((r) => (r.form ? unshown(r, 'Discord opens a form only as the first answer, and this one took too long.') : r));
  const [first, ...rest] = replies;
  if (first?.visibility === 'private') {
    await interaction.editReply(edit(await message(deps, first)));
    for (const reply of rest) await interaction.followUp(await message(deps, reply));
  } else {
    // Edit first: a follow-up to a still-deferred response would inherit its ephemeral flag.
    await interaction.editReply(edit(replies.length ? { content: 'Posted in the channel.', allowedMentions: NO_MENTIONS } : done()));
    for (const reply of replies) await interaction.followUp(await message(deps, reply));
  }
}

/**
 * Answers with the reply's form as a modal, when this interaction may still show one (a slash command
 * or a component, not yet answered) and the form fits Discord's limits; false otherwise.
 */
async function showModal(deps: InteractionDeps, interaction: RepliableInteraction, reply: Reply, all: Reply[]): Promise<boolean> {
  if (!(interaction.isChatInputCommand() || interaction.isMessageComponent()) || interaction.deferred || interaction.replied) return false;
  const built = formModal(reply, reply.form!);
  if ('cannot' in built) return false;
  await interaction.showModal(built.modal);
  // A modal is the whole response: nothing can follow it. The core sends a form alone.
  if (all.length > 1) deps.log.warn({ replies: all.length }, 'discord: replies next to a form were left out');
  return true;
}

/** "Edit again" under a refused form: the form once more, with what was typed (forms.ts Drafts). */
async function editAgain(deps: InteractionDeps, interaction: ButtonInteraction, key: string): Promise<void> {
  const again = deps.drafts.reopen(key);
  if (again) await interaction.showModal(again);
  else await interaction.reply({ content: DRAFT_GONE, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

/** A form that was not shown as a modal: its text and why, or the reason its size or id gives. */
function unshown(reply: Reply, why: string | undefined): Reply {
  const built = formModal(reply, reply.form!);
  return cannotOpen(reply, 'cannot' in built ? built.cannot : (why ?? 'Discord did not let me open the form.'));
}

/** The reply as a Discord message, its diagram attached when it has one (a failed render leaves it out). */
async function message({ core, log }: InteractionDeps, reply: Reply): Promise<InteractionReplyOptions> {
  const { dropped, ...rendered } = renderDiscord(reply);
  for (const d of dropped) log.warn({ action: d.button.action, reason: d.reason }, 'discord button left out');
  return withDiagram(core, reply, rendered);
}

/**
 * Whether the reply takes the place of the message the clicked component is on (UPDATE_MESSAGE, which
 * works on ephemeral messages too): only one of the same visibility. A slow answer was already
 * deferred as a new message, so it is sent as one; being in place is a nicety, never a requirement.
 */
function replacesSource(interaction: RepliableInteraction, reply: Reply): interaction is Extract<RepliableInteraction, MessageComponentInteraction> {
  if (reply.replaces !== 'source' || !interaction.isMessageComponent()) return false;
  const ephemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
  return ephemeral === (reply.visibility === 'private');
}

/** An update replaces the whole message: attachments the new one does not carry go. */
function updated(rendered: InteractionReplyOptions): InteractionUpdateOptions {
  const { flags: _flags, ...rest } = rendered;
  return { ...rest, ...(rest.files?.length ? {} : { attachments: [] }) } as InteractionUpdateOptions;
}

/** Edits cannot change a message's ephemeral flag; Discord rejects flags it does not allow on edits. */
function edit({ flags: _flags, ...rest }: InteractionReplyOptions) {
  return rest;
}

function done(): InteractionReplyOptions {
  return { content: 'Done.', flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS };
}

async function within<T>(work: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ done: false }>((resolve) => (timer = setTimeout(() => resolve({ done: false }), ms)));
  try {
    return await Promise.race([work.then((value) => ({ done: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function failed(log: Logger, interaction: Interaction, err: unknown): Promise<void> {
  if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownInteraction) {
    // Answered too late (over 3 s) or twice; the user saw "The application did not respond".
    log.warn({ err, interaction: interaction.id }, 'discord interaction expired before we answered');
    return;
  }
  log.error({ err, interaction: interaction.id, type: interaction.type }, 'discord interaction failed');
  if (!interaction.isRepliable()) return;
  try {
    const apology = { content: APOLOGY, flags: MessageFlags.Ephemeral as const, allowedMentions: NO_MENTIONS };
    if (interaction.deferred && !interaction.replied) await interaction.editReply(edit(apology));
    else if (interaction.replied || interaction.deferred) await interaction.followUp(apology);
    else await interaction.reply(apology);
  } catch (second) {
    log.warn({ err: second, interaction: interaction.id }, 'could not tell the user about the failure');
  }
}
