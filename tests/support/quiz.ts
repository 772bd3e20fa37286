// Test support for the quiz engine: a real core on a real SQLite file, a fake clock, and a fake
// chat platform (the Messenger port) that records what would have been posted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import type { CommandContext } from '../../src/core/commands/command.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { DeliveryError, type ChannelAddress, type Messenger, type PostedMessage } from '../../src/core/ports/messenger.ts';
import type { Button, Reply } from '../../src/core/reply/reply.ts';
import { createCore, type Core } from '../../src/core/responsibot.ts';
import { realPacks } from './core.ts';

export interface RecordedPost {
  to: ChannelAddress;
  reply: Reply;
  messageId: string;
  dedupeKey?: string;
  updates: Reply[];
}

/** A chat platform that keeps every message; dedupes by key like Discord's enforced nonce. */
export class RecordingMessenger implements Messenger {
  readonly platform = 'console' as const;
  readonly posts: RecordedPost[] = [];
  readonly notifications: { userId: string; reply: Reply }[] = [];
  /** Failures to throw on the next post calls, in order. */
  failNext: Error[] = [];
  /** When set, every post waits for this promise first: a slow chat service. */
  slow: Promise<void> | undefined;
  /** Posts waiting on `slow` right now, and the most there have been at once. */
  inFlight = 0;
  mostInFlight = 0;
  private count = 0;

  async post(to: ChannelAddress, reply: Reply, opts?: { dedupeKey?: string }): Promise<PostedMessage> {
    if (this.slow) {
      this.mostInFlight = Math.max(this.mostInFlight, ++this.inFlight);
      await this.slow.finally(() => this.inFlight--);
    }
    const failure = this.failNext.shift();
    if (failure) throw failure;
    const existing = opts?.dedupeKey ? this.posts.find((p) => p.dedupeKey === opts.dedupeKey) : undefined;
    if (existing) return { channel: existing.to, messageId: existing.messageId };
    const messageId = `m${++this.count}`;
    this.posts.push({ to, reply, messageId, ...(opts?.dedupeKey ? { dedupeKey: opts.dedupeKey } : {}), updates: [] });
    return { channel: to, messageId };
  }

  async update(message: PostedMessage, reply: Reply): Promise<void> {
    const post = this.posts.find((p) => p.messageId === message.messageId);
    if (!post) throw new DeliveryError('other', 'message not found');
    post.updates.push(reply);
  }

  async notifyUser(_workspaceId: string, userId: string, reply: Reply): Promise<void> {
    this.notifications.push({ userId, reply });
  }

  /** The latest version of a message, as a channel member would see it now. */
  current(post: RecordedPost): Reply {
    return post.updates.at(-1) ?? post.reply;
  }

  inChannel(channelId: string): RecordedPost[] {
    return this.posts.filter((p) => p.to.channelId === channelId);
  }
}

export function tempDbFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'responsibot-db-')), 'responsibot.db');
}

export interface QuizWorld {
  core: Core;
  store: SqliteStore;
  clock: FakeClock;
  chat: RecordingMessenger;
  file: string;
  as(user: string, opts?: { admin?: boolean; channel?: string; missing?: string[] }): CommandContext;
  run(ctx: CommandContext, line: string): Promise<Reply[]>;
  press(ctx: CommandContext, button: Button): Promise<Reply[]>;
  tick(): Promise<void>;
}

export function quizWorld(start: string, opts: { file?: string; graceMs?: number } = {}): QuizWorld {
  const file = opts.file ?? tempDbFile();
  const store = new SqliteStore(file);
  const clock = new FakeClock(start);
  const core = createCore(realPacks(), { store, clock, quiz: { ...(opts.graceMs ? { graceMs: opts.graceMs } : {}), random: seeded(42) } });
  const chat = new RecordingMessenger();
  core.messengers.set('console', chat);
  return {
    core,
    store,
    clock,
    chat,
    file,
    as(user, o = {}) {
      return {
        platform: 'console',
        user: { id: `u-${user}`, name: user },
        workspaceId: 'w1',
        channelId: o.channel ?? 'general',
        isAdmin: async () => o.admin ?? false,
        missingPostingPermissions: async () => o.missing ?? [],
      };
    },
    run: (ctx, line) => core.registry.dispatchLine(line, ctx),
    press: (ctx, button) => core.registry.runAction(button.action, button.value, ctx),
    tick: () => core.quiz!.tick(),
  };
}

/** The buttons of a reply, in order. */
export function buttonsOf(reply: Reply): Button[] {
  return reply.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

/** All text of a reply, for asserting on what a person would read. */
export function textOf(reply: Reply): string {
  return [
    reply.text,
    ...reply.blocks.map((b) => {
      switch (b.type) {
        case 'header':
        case 'section':
        case 'context':
          return b.text;
        case 'fields':
          return b.fields.map((f) => `${f.label}: ${f.value}`).join('\n');
        case 'actions':
          return b.buttons.map((x) => x.label).join(' | ');
        default:
          return '';
      }
    }),
  ].join('\n');
}

/** A small deterministic PRNG so question order is reproducible in tests. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
