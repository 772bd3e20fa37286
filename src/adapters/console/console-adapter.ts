// The console adapter: the same commands as Slack and Discord, in a terminal. Plain text that is not
// a command is treated as a /who question; buttons are numbered and pressed by typing the number (a
// quiz option also by its letter). At a terminal it has line editing and history (node:readline), and
// posts that arrive on their own (a quiz round, a daily question) are printed above the prompt, which
// is redrawn with whatever was being typed. With piped input it answers each line in order and
// returns at end of input, so it can be scripted. A confirmation (a danger button, e.g. /quiz forget-me)
// is also pressed by typing yes right after it is shown.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandContext } from '../../core/commands/command.ts';
import type { Core } from '../../core/responsibot.ts';
import type { ChannelAddress, Messenger, PostedMessage } from '../../core/ports/messenger.ts';
import { choicesValue, type Button, type Form, type Reply } from '../../core/reply/reply.ts';
import { examShortcut } from '../../core/quiz/exam-args.ts';
import { CONSOLE_COMMANDS, parseConsoleCommand } from './console-commands.ts';
import { renderText, type NumberedChoices } from './render-text.ts';

export interface ConsoleOptions {
  core: Core;
  input: Readable;
  output: Writable;
  /** Show a prompt and a welcome line (a person at a terminal) or not (a script). */
  interactive: boolean;
  /** Line editing and history (readline's terminal mode): by default when interactive. */
  terminal?: boolean;
  /** The local user is the owner of this console workspace, so admin commands are allowed. */
  userName?: string;
  /** Where answers' diagrams are written as PNG files (DATA_DIR/diagrams); none are written without it. */
  diagramsDir?: string;
}

export const CONSOLE_WORKSPACE = 'console';
export const CONSOLE_CHANNEL = 'console';

const PROMPT = '> ';

export class ConsoleAdapter {
  /** The buttons of the latest message that had any: typing their number presses them. */
  private buttons = new Map<number, Button>();
  /** Its multi-choice options: typing their numbers ("1,3") submits them. */
  private choices: NumberedChoices[] = [];
  /** Its lettered options (a quiz question's): "b" is the number shown next to "B. …". */
  private letters = new Map<string, number>();
  /** A form being filled in (e.g. /facts edit): the lines typed so far, until a line holding only ".". */
  private form: { form: Form; lines: string[] } | undefined;
  /** The confirmation the last typed line was answered with: "yes" as the next line presses it. */
  private confirm: Button | undefined;
  private user: { id: string; name: string };
  private readonly owner: string;
  private messageCount = 0;
  private rl: Interface | undefined;
  /** A typed line is being answered: posts arriving meanwhile print before its prompt anyway. */
  private busy = false;
  /** Posts the core makes on its own (quiz rounds, daily questions) appear in the same terminal. */
  readonly messenger: Messenger;

  constructor(private readonly opts: ConsoleOptions) {
    this.owner = opts.userName ?? 'you';
    this.user = { id: `console:${this.owner}`, name: this.owner };
    this.messenger = {
      platform: 'console',
      post: async (to: ChannelAddress, reply: Reply): Promise<PostedMessage> => {
        const messageId = `m${++this.messageCount}`;
        await this.arrived(reply, `(message ${messageId} posted in the channel)`);
        return { channel: to, messageId };
      },
      update: async (message: PostedMessage, reply: Reply) => {
        await this.arrived(reply, `(message ${message.messageId} updated)`);
      },
      notifyUser: async (_workspace: string, userId: string, reply: Reply) => {
        await this.arrived(reply, `(private message to ${userId.replace(/^console:/, '')})`);
      },
    };
    opts.core.messengers.set('console', this.messenger);
  }

  /** Runs until end of input (or /quit). */
  async run(): Promise<void> {
    const { input, output, interactive } = this.opts;
    const terminal = this.opts.terminal ?? interactive;
    const rl = createInterface({ input, crlfDelay: Infinity, terminal, ...(terminal ? { output, prompt: PROMPT, historySize: 500, removeHistoryDuplicates: true } : {}) });
    this.rl = rl;
    // Take lines from the start: piped input may all arrive while the still-open questions are looked up.
    const lines = rl[Symbol.asyncIterator]();
    // In terminal mode readline reads raw keys, so Ctrl-C reaches us rather than the process: leave.
    rl.on('SIGINT', () => rl.close());
    if (interactive) this.write('Responsibot is ready. Ask "who patches the hypervisor?" or type /help. /quit leaves.');
    await this.showStillOpen();
    this.prompt();
    try {
      for await (const line of { [Symbol.asyncIterator]: () => lines }) {
        const keepGoing = await this.handleLine(line);
        if (!keepGoing) break;
        this.prompt();
      }
    } finally {
      this.rl = undefined;
      rl.close();
    }
  }

  /** Handles one typed line; returns false when the user asked to leave. */
  async handleLine(raw: string): Promise<boolean> {
    this.busy = true;
    try {
      if (this.form) return await this.formLine(raw);
      return await this.answerLine(raw.trim());
    } finally {
      this.busy = false;
    }
  }

  private async answerLine(line: string): Promise<boolean> {
    if (!line) return true;
    const local = parseConsoleCommand(line);
    if (local) {
      switch (local.kind) {
        case 'quit':
          return false;
        case 'usage':
          this.write(local.message);
          return true;
        case 'wait':
          // Lets scripted sessions run their timers: the quiz clock keeps ticking meanwhile.
          await sleep(local.seconds * 1000);
          return true;
        case 'as-me':
          this.user = { id: `console:${this.owner}`, name: this.owner };
          this.write(`(you are ${this.owner} again)`);
          return true;
        case 'as':
          this.user = { id: `console:${local.name}`, name: local.name };
          this.write(`(you are now ${local.name}; /as me to be ${this.owner} again)`);
          return true;
      }
    }
    const ctx = this.context();
    const { registry } = this.opts.core;
    const confirm = this.confirm;
    this.confirm = undefined;
    let replies: Reply[];
    const picks = this.picks(line);
    if (confirm && /^(yes|y)$/i.test(line)) {
      replies = await registry.runAction(confirm.action, confirm.value, ctx);
    } else if (picks && (this.buttons.size > 0 || this.choices.length > 0)) {
      const picked = this.pick(picks);
      if (!picked) {
        const letters = this.letters.size ? ` (or the letters ${[...this.letters.keys()].join(', ')})` : '';
        this.write(`Type one of the numbers shown${letters}${this.choices.length ? ', or the numbers of your choices separated by commas (e.g. 1,3)' : ''}.`);
        return true;
      }
      replies = await registry.runAction(picked.action, picked.value, ctx);
    } else if (line.startsWith('/')) {
      const local = consoleCommandHelp(line);
      if (local) {
        this.write(local);
        return true;
      }
      replies = await registry.dispatchLine(line, ctx);
      if (/^\/help\s*$/i.test(line)) replies = replies.map(withConsoleCommands);
    } else if (this.opts.core.quiz && examShortcut(line)) {
      // "next", "prev", "flag", "submit": steps of a running mock exam, typed as plain words (letters
      // answer through the options shown, like any question's).
      replies = await registry.dispatchLine(examShortcut(line)!, ctx);
    } else {
      replies = await registry.run('who', line, ctx);
    }
    await this.show(replies);
    this.confirm = replies.flatMap((r) => r.blocks).flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.style === 'danger');
    return true;
  }

  /** "2", "1,3", "b", "a,c" → the numbers shown; undefined for anything else (a question). */
  private picks(line: string): number[] | undefined {
    if (/^\d+(\s*,\s*\d+)*$/.test(line)) return line.split(',').map(Number);
    if (this.letters.size && /^[a-z](\s*,\s*[a-z])*$/i.test(line)) {
      const numbers = line.split(',').map((l) => this.letters.get(l.trim().toLowerCase()));
      return numbers.every((n) => n !== undefined) ? (numbers as number[]) : [];
    }
    return undefined;
  }

  /** Typed numbers → a button, or the options of one multi-choice block submitted together. */
  private pick(numbers: number[]): { action: string; value: string } | undefined {
    if (!numbers.length) return undefined;
    const group = this.choices.find((c) => numbers.every((n) => n >= c.first && n < c.first + c.choices.options.length));
    if (group) return { action: group.choices.action, value: choicesValue(group.choices.value, numbers.map((n) => group.choices.options[n - group.first]!.value)) };
    return numbers.length === 1 ? this.buttons.get(numbers[0]!) : undefined;
  }

  private context(): CommandContext {
    const isOwner = this.user.name === this.owner;
    return {
      platform: 'console',
      user: this.user,
      workspaceId: CONSOLE_WORKSPACE,
      channelId: CONSOLE_CHANNEL,
      isAdmin: async () => isOwner,
    };
  }

  /** After a restart the numbers of a question still open are gone: show it again so it can be answered. */
  /** A line of a form: kept as typed (YAML needs its indentation); "." submits, /cancel drops it. */
  private async formLine(raw: string): Promise<boolean> {
    const { form, lines } = this.form!;
    if (raw.trim() === '/cancel') {
      this.form = undefined;
      this.write('Cancelled; nothing was saved.');
    } else if (raw.trim() === '.') {
      this.form = undefined;
      await this.show(await this.opts.core.registry.runAction(form.action, `${form.value}\n${lines.join('\n')}`, this.context()));
    } else {
      lines.push(raw.replace(/\r$/, ''));
    }
    return true;
  }

  private async showStillOpen(): Promise<void> {
    const open = await this.opts.core.quiz?.stillOpen({ platform: 'console', workspaceId: CONSOLE_WORKSPACE, channelId: CONSOLE_CHANNEL });
    if (open?.length) await this.show(open, '(still open from before)');
  }

  /** A post the core made on its own: printed above the prompt, which is then drawn again. */
  private async arrived(reply: Reply, note: string): Promise<void> {
    const idle = !this.busy && this.rl !== undefined && this.opts.interactive;
    if (idle && this.isTerminal()) {
      clearLine(this.opts.output, 0);
      cursorTo(this.opts.output, 0);
    } else if (idle) {
      this.opts.output.write('\n');
    }
    await this.show([reply], note);
    // Preserve the cursor: whatever was half typed is redrawn after the prompt.
    if (idle) this.prompt(true);
  }

  private isTerminal(): boolean {
    return this.opts.terminal ?? this.opts.interactive;
  }

  private prompt(preserveCursor = false): void {
    if (!this.opts.interactive) return;
    if (this.rl && this.isTerminal()) this.rl.prompt(preserveCursor);
    else this.opts.output.write(PROMPT);
  }

  private async show(replies: Reply[], note?: string): Promise<void> {
    const buttons = new Map<number, Button>();
    const choices: NumberedChoices[] = [];
    const letters = new Map<string, number>();
    let next = 1;
    for (const reply of replies) {
      const rendered = renderText(reply, next);
      next = rendered.next;
      for (const [n, b] of rendered.buttons) buttons.set(n, b);
      choices.push(...rendered.choices);
      // Letters name the options of the latest question shown.
      if (rendered.letters.size) {
        letters.clear();
        for (const [l, n] of rendered.letters) letters.set(l, n);
      }
      this.write(note ? `${note}\n${rendered.text.replace(/^\(posted in the channel\)\n/, '')}` : rendered.text);
      const picture = await this.picture(reply);
      if (picture) this.write(`Diagram: ${picture}`);
    }
    if (buttons.size || choices.length) {
      this.buttons = buttons;
      this.choices = choices;
      this.letters = letters;
    }
    const form = replies.find((r) => r.form)?.form;
    if (form) {
      this.form = { form, lines: [] };
      this.write(`${form.label}: type it line by line (paste works) and end with a line holding only . (or /cancel). As it is now:\n${form.initial}`);
    }
  }

  /** Writes a reply's diagram under diagramsDir (once per picture) and returns its path. */
  private async picture(reply: Reply): Promise<string | undefined> {
    const { core, diagramsDir } = this.opts;
    if (!reply.image || !core.images || !diagramsDir) return undefined;
    const image = await core.images.safeImage(reply.image);
    if (!image) return undefined;
    const path = join(diagramsDir, image.filename);
    try {
      if (!existsSync(path)) {
        mkdirSync(diagramsDir, { recursive: true });
        writeFileSync(path, image.png);
      }
      return path;
    } catch (err) {
      core.log.warn({ err, path }, 'could not write a diagram; the answer is shown without it');
      return undefined;
    }
  }

  private write(text: string): void {
    this.opts.output.write(`${text}\n\n`);
  }
}

/** /help in the console also lists the console's own commands. */
function withConsoleCommands(reply: Reply): Reply {
  const lines = CONSOLE_COMMANDS.map((c) => `${c.usage}: ${c.description}`);
  return {
    ...reply,
    text: `${reply.text}\nIn this console: ${lines.join('; ')}`,
    blocks: [...reply.blocks, { type: 'section', text: 'In this console:' }, { type: 'fields', fields: CONSOLE_COMMANDS.map((c) => ({ label: c.usage, value: c.description })) }],
  };
}

/** "/help as": a console command's usage (the core knows nothing of them). */
function consoleCommandHelp(line: string): string | undefined {
  const m = /^\/help\s+\/?(as|wait|quit|exit)\s*$/i.exec(line);
  const name = m?.[1]!.toLowerCase();
  const command = name && CONSOLE_COMMANDS.find((c) => c.name === (name === 'exit' ? 'quit' : name));
  return command ? `${command.usage}: ${command.description}` : undefined;
}
