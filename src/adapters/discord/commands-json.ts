// Discord slash-command JSON, derived from the core's command definitions so /who in Discord can never
// drift from /who in the core. Pure: the registration call and the tests both use it.
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { clip } from '../../core/reply/reply.ts';
import type { CommandDefinition, CommandOption } from '../../core/commands/command.ts';

export interface CommandOptionJson {
  type: ApplicationCommandOptionType;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  options?: CommandOptionJson[];
}

export interface CommandJson {
  type: ApplicationCommandType.ChatInput;
  name: string;
  description: string;
  options?: CommandOptionJson[];
}

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_DESCRIPTION = 100;

/** The body for a bulk overwrite (PUT applications/:id[/guilds/:id]/commands). */
export function buildCommandsJson(commands: readonly CommandDefinition[]): CommandJson[] {
  return commands.map((c) => {
    const json: CommandJson = { type: ApplicationCommandType.ChatInput, name: checkName(c.name, `/${c.name}`), description: describe(c.description) };
    if (c.subcommands?.length) {
      json.options = c.subcommands.slice(0, MAX_OPTIONS).map((s) => ({
        type: ApplicationCommandOptionType.Subcommand,
        name: checkName(s.name, `/${c.name} ${s.name}`),
        description: describe(s.description),
        ...optionsOf(s.options, `/${c.name} ${s.name}`),
      }));
    } else {
      Object.assign(json, optionsOf(c.options ?? [], `/${c.name}`));
    }
    return json;
  });
}

function optionsOf(options: readonly CommandOption[], where: string): { options?: CommandOptionJson[] } {
  if (!options.length) return {};
  // Discord rejects a required option after an optional one; the core's order still decides the text.
  const sorted = [...options.filter((o) => o.required), ...options.filter((o) => !o.required)];
  return { options: sorted.slice(0, MAX_OPTIONS).map((o) => optionJson(o, `${where} ${o.name}`)) };
}

function optionJson(o: CommandOption, where: string): CommandOptionJson {
  const type = { string: ApplicationCommandOptionType.String, integer: ApplicationCommandOptionType.Integer, boolean: ApplicationCommandOptionType.Boolean }[o.type];
  const json: CommandOptionJson = { type, name: checkName(o.name, where), description: describe(o.description) };
  if (o.required) json.required = true;
  // Discord allows fixed choices or autocomplete, not both; fixed choices are the stricter promise.
  if (o.choices?.length && o.type !== 'boolean') {
    json.choices = o.choices
      .filter((c) => o.type !== 'integer' || Number.isInteger(Number(c)))
      .slice(0, MAX_CHOICES)
      .map((c) => ({ name: clip(c, 100), value: o.type === 'integer' ? Number(c) : clip(c, 100) }));
  } else if (o.autocomplete && o.type !== 'boolean') {
    json.autocomplete = true;
  }
  if (o.type === 'integer') {
    if (o.min !== undefined) json.min_value = o.min;
    if (o.max !== undefined) json.max_value = o.max;
  } else if (o.type === 'string') {
    if (o.min !== undefined) json.min_length = o.min;
    if (o.max !== undefined) json.max_length = o.max;
  }
  return json;
}

/** Names come from our own code: a bad one is a bug to catch here, not a 400 from Discord later. */
function checkName(name: string, where: string): string {
  if (!NAME.test(name) || name !== name.toLowerCase()) {
    throw new Error(`${where}: "${name}" is not a valid Discord command or option name (1-32 lowercase letters, digits, - or _)`);
  }
  return name;
}

function describe(text: string): string {
  return clip(text.trim(), MAX_DESCRIPTION) || '…';
}
