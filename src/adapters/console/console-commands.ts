// Commands only the console has: they change the terminal session, not the bot, so they live here and
// not in the core. Each one checks its own arguments and answers a mistake with its usage.

/** The longest /wait: long enough to let a quiz round close, short enough not to look like a hang. */
export const MAX_WAIT_SECONDS = 600;

export interface ConsoleCommand {
  name: string;
  usage: string;
  description: string;
}

export const CONSOLE_COMMANDS: readonly ConsoleCommand[] = [
  { name: 'as', usage: '/as <name>', description: 'act as someone else (to try a quiz with several people); /as me is you again' },
  { name: 'wait', usage: '/wait <seconds>', description: `let time pass, up to ${MAX_WAIT_SECONDS} seconds (quiz rounds close meanwhile)` },
  { name: 'quit', usage: '/quit', description: 'leave (so does /exit, or Ctrl-D)' },
];

/** What a console command asks the adapter to do. */
export type ConsoleAction =
  | { kind: 'as'; name: string }
  | { kind: 'as-me' }
  | { kind: 'wait'; seconds: number }
  | { kind: 'quit' }
  | { kind: 'usage'; message: string };

/** A typed line as a console command, or undefined when it is not one (it goes to the core). */
export function parseConsoleCommand(line: string): ConsoleAction | undefined {
  const m = /^\/(as|wait|quit|exit)(?:\s+([\s\S]*))?$/i.exec(line.trim());
  if (!m) return undefined;
  const name = m[1]!.toLowerCase();
  const rest = (m[2] ?? '').trim();
  switch (name) {
    case 'as': {
      if (!rest) return usage('as', 'Say who to act as.');
      if (/^me$/i.test(rest)) return { kind: 'as-me' };
      return { kind: 'as', name: rest.slice(0, 40) };
    }
    case 'wait': {
      if (!/^\d+(\.\d+)?$/.test(rest)) return usage('wait', rest ? `"${rest.slice(0, 20)}" is not a number of seconds.` : 'Say how many seconds.');
      const seconds = Number(rest);
      if (seconds > MAX_WAIT_SECONDS) return usage('wait', `/wait waits at most ${MAX_WAIT_SECONDS} seconds (${MAX_WAIT_SECONDS / 60} minutes); type it again to wait longer.`);
      return { kind: 'wait', seconds };
    }
    default:
      return rest ? usage('quit', `/${name} takes nothing after it.`) : { kind: 'quit' };
  }
}

function usage(name: string, problem: string): ConsoleAction {
  const command = CONSOLE_COMMANDS.find((c) => c.name === name)!;
  return { kind: 'usage', message: `${problem}\nUsage: ${command.usage}: ${command.description}` };
}
