// The command-line tools' shared argument handling, so they all behave alike: --help prints the usage
// and exits 0; an unknown option or a stray argument prints one line saying what was wrong, then the
// usage, and exits 2; a failure prints one line and exits 1. Never a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CliSpec<O extends Options> {
  /** The tool's name as typed ("npm run ask"), for the first line of an error. */
  name: string;
  /** The full usage text, one or more lines. */
  usage: string;
  options: O;
  /** How many positional arguments it takes (default: none). */
  positionals?: { min?: number; max?: number };
}

/** Parses `argv` (default: this process's arguments); exits on --help or a mistake. */
export async function parseCli<O extends Options>(spec: CliSpec<O>, argv: string[] = process.argv.slice(2)) {
  const max = spec.positionals?.max ?? 0;
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...spec.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: max > 0, strict: true });
  } catch (err) {
    return usageError(spec, describe(err));
  }
  if ((parsed.values as { help?: boolean }).help) return exitWith(0, process.stdout, `${spec.usage.trimEnd()}\n`);
  const { positionals } = parsed;
  if (positionals.length > max) return usageError(spec, `unexpected argument '${clip(positionals[max]!)}'`);
  if (positionals.length < (spec.positionals?.min ?? 0)) return usageError(spec, 'missing argument');
  return { values: parsed.values, positionals };
}

/** One line saying what was wrong, then the usage; exit status 2. */
export function usageError(spec: Pick<CliSpec<Options>, 'name' | 'usage'>, problem: string): Promise<never> {
  return exitWith(2, process.stderr, `${spec.name}: ${problem}\n${spec.usage.trimEnd()}\n`);
}

/**
 * Runs a tool's body; anything it throws becomes one line on stderr and exit status 1, not a stack
 * trace (set DEBUG=1 to see the trace).
 */
export async function runCli(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (process.env.DEBUG) console.error(err);
    await exitWith(1, process.stderr, `${name}: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

/** Writes `text`, waits until it is flushed (a slow pipe gets all of it), then exits. */
export function exitWith(code: number, stream: NodeJS.WriteStream, text: string): Promise<never> {
  return new Promise<never>(() => {
    stream.write(text, () => process.exit(code));
  });
}

/** Node's parseArgs messages, shortened to the part that says what was wrong. */
function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = String(e.message ?? err);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${clip(quoted)}'`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${clip(quoted)}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('argument missing') ? `option '${quoted.replace(/ <value>$/, '')}' needs a value` : `option '${quoted}' takes no value`;
    default:
      return message.split('. ')[0]!;
  }
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
