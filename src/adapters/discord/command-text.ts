// Slash-command options → the text line the core command parses, so the core keeps one parser for
// every platform (src/core/commands/args.ts). Plain options: the values in declared order, joined by
// spaces ("/who question:x" → "x"). Subcommands: `<subcommand> name:value name:"value with spaces"`.
import { ApplicationCommandOptionType } from 'discord.js';
import type { CommandDefinition, CommandOption } from '../../core/commands/command.ts';

/** The shape of discord.js's `interaction.options.data` that we read. */
export interface OptionData {
  name: string;
  type: ApplicationCommandOptionType;
  value?: string | number | boolean;
  options?: readonly OptionData[];
}

export function commandText(def: Pick<CommandDefinition, 'options' | 'subcommands'> | undefined, data: readonly OptionData[]): string {
  const sub = data.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  if (sub) {
    const declared = def?.subcommands?.find((s) => s.name === sub.name)?.options ?? [];
    const pairs = inDeclaredOrder(declared, sub.options ?? []).map((o) => `${o.name}:${quote(String(o.value))}`);
    return [sub.name, ...pairs].join(' ');
  }
  return inDeclaredOrder(def?.options ?? [], data)
    .map((o) => String(o.value))
    .join(' ');
}

/** Options the user filled in, in the core's declared order (Discord sends them in the order typed). */
function inDeclaredOrder(declared: readonly CommandOption[], given: readonly OptionData[]): OptionData[] {
  const filled = given.filter((o) => o.value !== undefined);
  const rank = (o: OptionData) => {
    const i = declared.findIndex((d) => d.name === o.name);
    return i < 0 ? declared.length : i;
  };
  return [...filled].sort((a, b) => rank(a) - rank(b));
}

/** Quote characters the core's parser opens a quoted stretch with, and the one that closes each. */
const QUOTE_PAIRS: [string, string][] = [
  ['"', '"'],
  ["'", "'"],
  ['“', '”'],
  ['‘', '’'],
];

/**
 * The parser has no escapes: a quoted stretch runs to its closing character, and stretches next to
 * each other join into one value. So a value goes bare when it has no space or quote in it; otherwise
 * it is cut into stretches that each avoid one closer ('say "hi"' → "'say \"hi\"'"), which is lossless.
 */
function quote(value: string): string {
  if (value !== '' && !/\s/.test(value) && !QUOTE_PAIRS.some(([open]) => value.includes(open))) return value;
  const pairFor = (stretch: string) => QUOTE_PAIRS.find(([, close]) => !stretch.includes(close));
  const wrap = (stretch: string) => {
    const [open, close] = pairFor(stretch)!;
    return `${open}${stretch}${close}`;
  };
  let out = '';
  let stretch = '';
  for (const ch of value) {
    if (!pairFor(stretch + ch)) {
      out += wrap(stretch);
      stretch = '';
    }
    stretch += ch;
  }
  return out + wrap(stretch);
}
