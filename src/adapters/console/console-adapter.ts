// The console adapter: the same commands as Slack and Discord, in a terminal. Plain text that is not
// a command is treated as a /who question; buttons are numbered and pressed by typing the number.
// With piped input it answers each line in order and returns at end of input, so it can be scripted.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandContext } from '../../core/commands/command.ts';
import type { Core } from '../../core/responsibot.ts';
import type { ChannelAddress, Messenger, PostedMessage } from '../../core/ports/messenger.ts';
import { choicesValue, type Button, type Reply } from '../../core/reply/reply.ts';
import { renderText, type NumberedChoices } from './render-text.ts';

export interface ConsoleOptions {
  core: Core;
  input: Readable;
  output: Writable;
  /** Show a prompt and a welcome line (a person at a terminal) or not (a script). */
  interactive: boolean;
  /** The local user is the owner of this console workspace, so admin commands are allowed. */
  userName?: string;
  /** Where answers' diagrams are written as PNG files (DATA_DIR/diagrams); none are written without it. */
  diagramsDir?: string;
}

export const CONSOLE_WORKSPACE = 'console';
export const CONSOLE_CHANNEL = 'console';

export class ConsoleAdapter {
  /** The buttons of the latest message that had any: typing their number presses them. */
  private buttons = new Map<number, Button>();
  /** Its multi-choice options: typing their numbers ("1,3") submits them. */
  private choices: NumberedChoices[] = [];
  private user: { id: string; name: string };
  private readonly owner: string;
  private messageCount = 0;
  /** Posts the core makes on its own (quiz rounds, daily questions) appear in the same terminal. */
  readonly messenger: Messenger;

  constructor(private readonly opts: ConsoleOptions) {
    this.owner = opts.userName ?? 'you';
    this.user = { id: `console:${this.owner}`, name: this.owner };
    this.messenger = {
      platform: 'console',
      post: async (to: ChannelAddress, reply: Reply): Promise<PostedMessage> => {
        const messageId = `m${++this.messageCount}`;
        await this.show([reply], `(message ${messageId} posted in the channel)`);
        return { channel: to, messageId };
      },
      update: async (message: PostedMessage, reply: Reply) => {
        await this.show([reply], `(message ${message.messageId} updated)`);
      },
      notifyUser: async (_workspace: string, userId: string, reply: Reply) => {
        await this.show([reply], `(private message to ${userId.replace(/^console:/, '')})`);
      },
    };
    opts.core.messengers.set('console', this.messenger);
  }

  /** Runs until end of input (or /quit). */
  async run(): Promise<void> {
    const { input, output, interactive } = this.opts;
    const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
    if (interactive) {
      output.write('Responsibot is ready. Ask "who patches the hypervisor?" or type /help. /quit leaves.\n> ');
    }
    for await (const line of rl) {
      const keepGoing = await this.handleLine(line);
      if (!keepGoing) break;
      if (interactive) output.write('> ');
    }
    rl.close();
  }

  /** Handles one typed line; returns false when the user asked to leave. */
  async handleLine(raw: string): Promise<boolean> {
    const line = raw.trim();
    if (!line) return true;
    if (/^\/(quit|exit)$/i.test(line)) return false;
    const wait = /^\/wait\s+(\d+(?:\.\d+)?)$/i.exec(line);
    if (wait) {
      // Lets scripted sessions run their timers: the quiz clock keeps ticking meanwhile.
      await sleep(Math.min(600, Number(wait[1])) * 1000);
      return true;
    }
    const as = /^\/as\s+(\S.*)$/i.exec(line);
    if (as) {
      const name = as[1]!.trim().slice(0, 40);
      this.user = { id: `console:${name}`, name };
      this.write(`(you are now ${name})`);
      return true;
    }
    const ctx = this.context();
    const { registry } = this.opts.core;
    let replies: Reply[];
    const numbers = /^\d+(\s*,\s*\d+)*$/.test(line) ? line.split(',').map(Number) : undefined;
    if (numbers && (this.buttons.size > 0 || this.choices.length > 0)) {
      const picked = this.pick(numbers);
      if (!picked) {
        this.write(`Type one of the numbers shown${this.choices.length ? ', or the numbers of your choices separated by commas (e.g. 1,3)' : ''}.`);
        return true;
      }
      replies = await registry.runAction(picked.action, picked.value, ctx);
    } else if (line.startsWith('/')) {
      replies = await registry.dispatchLine(line, ctx);
    } else {
      replies = await registry.run('who', line, ctx);
    }
    await this.show(replies);
    return true;
  }

  /** Typed numbers → a button, or the options of one multi-choice block submitted together. */
  private pick(numbers: number[]): { action: string; value: string } | undefined {
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

  private async show(replies: Reply[], note?: string): Promise<void> {
    const buttons = new Map<number, Button>();
    const choices: NumberedChoices[] = [];
    let next = 1;
    for (const reply of replies) {
      const rendered = renderText(reply, next);
      next = rendered.next;
      for (const [n, b] of rendered.buttons) buttons.set(n, b);
      choices.push(...rendered.choices);
      this.write(note ? `${note}\n${rendered.text.replace(/^\(posted in the channel\)\n/, '')}` : rendered.text);
      const picture = await this.picture(reply);
      if (picture) this.write(`Diagram: ${picture}`);
    }
    if (buttons.size || choices.length) {
      this.buttons = buttons;
      this.choices = choices;
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
