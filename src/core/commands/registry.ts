// Routes commands and button actions to their handlers, and turns every failure into a reply the user
// can act on: usage mistakes show the usage, anything else an apology (and a log line for us).
import type { Logger } from '../ports/logger.ts';
import { noMetrics, secondsSince, type AnswerOutcome, type Metrics } from '../ports/metrics.ts';
import { privateReply, type Reply } from '../reply/reply.ts';
import { coreName, localise, slash } from './names.ts';
import { UsageError, type ActionDefinition, type CommandContext, type CommandDefinition, type Suggestion } from './command.ts';


export class CommandRegistry {
  private readonly commands = new Map<string, CommandDefinition & Partial<{ autocomplete(option: string, partial: string): Suggestion[] }>>();
  private readonly actions = new Map<string, ActionDefinition>();
  private contextHook: (ctx: CommandContext) => CommandContext = (ctx) => ctx;

  constructor(
    private readonly log: Logger,
    private readonly metrics: Metrics = noMetrics,
  ) {}

  addCommand(command: CommandDefinition): this {
    if (this.commands.has(command.name)) throw new Error(`command /${command.name} is defined twice`);
    this.commands.set(command.name, command);
    return this;
  }

  addAction(action: ActionDefinition): this {
    if (this.actions.has(action.id)) throw new Error(`action ${action.id} is defined twice`);
    this.actions.set(action.id, action);
    return this;
  }

  /** Adjusts every caller's context before a command or button runs (the core's admin group). */
  useContext(hook: (ctx: CommandContext) => CommandContext): this {
    this.contextHook = hook;
    return this;
  }

  list(): CommandDefinition[] {
    return [...this.commands.values()];
  }

  get(name: string): CommandDefinition | undefined {
    return this.commands.get(name);
  }

  /** Runs "/name rest of line" as typed in a text interface (console, tests). */
  async dispatchLine(line: string, ctx: CommandContext): Promise<Reply[]> {
    const m = /^\s*\/(\S+)\s*([\s\S]*)$/.exec(line);
    if (!m) {
      return [privateReply(`Commands start with a slash. Try ${slash(ctx.commandNames, 'help')}.`)];
    }
    return this.run(m[1]!.toLowerCase(), m[2]!, ctx);
  }

  /** Runs a command by the name typed on the caller's platform ("responsibot" on Slack is /who). */
  async run(typedName: string, text: string, ctx: CommandContext): Promise<Reply[]> {
    const name = coreName(ctx.commandNames, typedName);
    const command = this.commands.get(name);
    if (!command) {
      this.metrics.answered({ platform: ctx.platform, command: 'unknown', outcome: 'usage' }, 0);
      return [privateReply(`There is no /${clipName(typedName)} command. Try ${slash(ctx.commandNames, 'help')} to see what I can do.`)];
    }
    return this.guard(() => command.run(text, this.contextHook(ctx)), command.usage, { platform: ctx.platform, command: name }, ctx);
  }

  async runAction(id: string, value: string, ctx: CommandContext): Promise<Reply[]> {
    const action = this.actions.get(id);
    if (!action) {
      this.metrics.answered({ platform: ctx.platform, command: 'button:unknown', outcome: 'usage' }, 0);
      return [privateReply('That button no longer does anything. Try the command again.')];
    }
    return this.guard(() => action.run(value, this.contextHook(ctx)), undefined, { platform: ctx.platform, command: `button:${id}` }, ctx);
  }

  autocomplete(name: string, option: string, partial: string): Suggestion[] {
    try {
      return this.commands.get(name)?.autocomplete?.(option, partial) ?? [];
    } catch (err) {
      this.log.error({ err, command: name }, 'autocomplete failed');
      return [];
    }
  }

  /** Runs a handler, turns failures into replies, and reports the answer and its latency. */
  private async guard(fn: () => Promise<Reply[]>, usage: string | undefined, where: { platform: string; command: string }, ctx: CommandContext): Promise<Reply[]> {
    const start = process.hrtime.bigint();
    let outcome: AnswerOutcome = 'ok';
    try {
      return await fn();
    } catch (err) {
      if (err instanceof UsageError) {
        outcome = 'usage';
        const u = err.usage ?? usage;
        const names = ctx.commandNames;
        return [privateReply(u ? `${localise(err.message, names)}\nUsage: ${localise(u, names)}` : localise(err.message, names))];
      }
      outcome = 'error';
      this.log.error({ err, ...where }, 'command failed');
      this.metrics.error({ where: 'command' });
      return [privateReply('Sorry, something went wrong on my side while doing that. It has been logged; please try again.')];
    } finally {
      this.metrics.answered({ ...where, outcome }, secondsSince(start));
    }
  }
}

function clipName(name: string): string {
  return name.replace(/[^a-z0-9_-]/gi, '').slice(0, 32) || '?';
}
