// /help is generated from the registry, so it can never list a command that does not exist. "/help quiz"
// explains one command from its declaration: its subcommands and their options. Both speak of commands
// by the names this platform types (Slack: /responsibot, not /who).
import type { CommandDefinition, CommandOption } from './command.ts';
import type { CommandRegistry } from './registry.ts';
import { DEFAULT_COLOR, type Block, type Reply } from '../reply/reply.ts';
import { coreName, localise, slash, type CommandNames } from './names.ts';

export const HELP_USAGE = '/help [command]';

export function helpCommand(registry: CommandRegistry, extraLines: () => string[] = () => []): CommandDefinition {
  return {
    name: 'help',
    description: 'Show what I can do, or how one command works',
    usage: HELP_USAGE,
    examples: ['/help', '/help quiz'],
    options: [{ name: 'command', description: 'A command to explain, e.g. quiz', type: 'string' }],
    async run(text, ctx) {
      const names = ctx.commandNames;
      const asked = text.trim().replace(/^\//, '').split(/\s+/)[0]!.toLowerCase();
      const command = asked ? registry.get(coreName(names, asked)) : undefined;
      if (command) return [commandHelp(command, names)];
      const note = asked ? `There is no /${asked.replace(/[^a-z0-9_-]/g, '').slice(0, 32) || '?'} command; here is what I can do.` : undefined;
      return [overview(registry.list(), extraLines(), note, names)];
    },
  };
}

function overview(all: CommandDefinition[], extraLines: string[], note: string | undefined, names: CommandNames | undefined): Reply {
  const commands = all.map((c) => ({ ...c, usage: localise(c.usage, names), examples: c.examples.map((e) => localise(e, names)) }));
  const fields = commands.map((c) => ({ label: c.usage, value: `${c.description}. e.g. ${c.examples.slice(0, 2).join(' · ')}` }));
  const text = [note, ...commands.map((c) => `${c.usage}: ${c.description}`)].filter(Boolean).join('\n');
  const blocks: Block[] = [{ type: 'header', text: 'Responsibot: who is responsible, AWS or you?' }];
  if (note) blocks.push({ type: 'section', text: note });
  blocks.push({ type: 'fields', fields });
  blocks.push(...extraLines.map((line) => ({ type: 'context' as const, text: line })));
  const example = all.find((c) => c.subcommands?.length)?.name ?? all[0]?.name ?? 'help';
  blocks.push({ type: 'context', text: `${localise(HELP_USAGE, names)} explains one command, e.g. ${slash(names, 'help')} ${names?.[example] ?? example}` });
  return { visibility: 'private', text, color: DEFAULT_COLOR, blocks };
}

/** One command in full: what it does, each subcommand with its options, and examples. */
export function commandHelp(command: CommandDefinition, names?: CommandNames): Reply {
  const typed = slash(names, command.name);
  const lines = command.subcommands?.length
    ? command.subcommands.map((s) => ({ label: usageLine(`${typed} ${s.name}`, s.options), value: s.description }))
    : [{ label: command.options?.length ? usageLine(typed, command.options) : localise(command.usage, names), value: command.description }];
  const optionNotes = (command.subcommands?.length ? [] : (command.options ?? [])).map((o) => `${o.name}: ${o.description}`);
  const blocks: Block[] = [
    { type: 'header', text: `${typed}: ${command.description}` },
    { type: 'fields', fields: lines },
    ...optionNotes.map((text) => ({ type: 'context' as const, text })),
  ];
  if (command.examples.length) blocks.push({ type: 'context', text: `e.g. ${command.examples.map((e) => localise(e, names)).join(' · ')}` });
  const text = [`${typed}: ${command.description}`, ...lines.map((l) => `${l.label}: ${l.value}`)].join('\n');
  return { visibility: 'private', text, color: DEFAULT_COLOR, blocks };
}

/** "/quiz start [rounds] [seconds] …": required options in <>, optional ones in []. */
function usageLine(prefix: string, options: readonly CommandOption[]): string {
  return [prefix, ...options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`))].join(' ');
}
