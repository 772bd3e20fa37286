// Test support for the quiz engine: a real core on a real SQLite file, a fake clock, and a fake
// chat platform (the Messenger port) that records what would have been posted.
import { mkdtempSync, rmSync } from 'node:fs';
import { afterThisTest } from './temp.ts';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import type { CommandContext } from '../../src/core/commands/command.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { DeliveryError, type ChannelAddress, type Messenger, type PostedMessage } from '../../src/core/ports/messenger.ts';
import { choicesValue, type Block, type Button, type Reply } from '../../src/core/reply/reply.ts';
import type { QuizQuestion } from '../../src/core/quiz/bank.ts';
import type { Post } from '../../src/core/quiz/store.ts';
import { createCore, type Core } from '../../src/core/responsibot.ts';
import type { KnowledgePack } from '../../src/core/knowledge/loader.ts';
import type { SvgRenderer } from '../../src/core/ports/svg-renderer.ts';
import { realPacks } from './core.ts';
import { writeStudyPack } from './study-pack.ts';

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

/** A database file in a folder of its own, removed when the current test finishes. */
export function tempDbFile(): string {
  const file = newDbFile();
  afterThisTest(() => rmSync(dirname(file), { recursive: true, force: true }));
  return file;
}

function newDbFile(): string {
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
  /** Closes the store and deletes the database file's folder (when quizWorld created it). */
  dispose(): Promise<void>;
}

export function quizWorld(start: string, opts: { file?: string; graceMs?: number; packs?: readonly KnowledgePack[]; renderer?: SvgRenderer } = {}): QuizWorld {
  const file = opts.file ?? newDbFile();
  const store = new SqliteStore(file);
  const clock = new FakeClock(start);
  const core = createCore(opts.packs ?? realPacks(), { store, clock, ...(opts.renderer ? { renderer: opts.renderer } : {}), quiz: { ...(opts.graceMs ? { graceMs: opts.graceMs } : {}), random: seeded(42) } });
  const chat = new RecordingMessenger();
  core.messengers.set('console', chat);
  // Disposing twice (the test, then the clean-up after it) closes once.
  let disposed: Promise<void> | undefined;
  function dispose(): Promise<void> {
    disposed ??= (async () => {
      await store.close();
      if (!opts.file) rmSync(dirname(file), { recursive: true, force: true });
    })();
    return disposed;
  }
  afterThisTest(() => dispose());
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
    dispose,
  };
}

/**
 * For a test file on the study pack (tests/support/study-pack.ts): writes the pack once, removed when
 * the file's tests are done, and returns a maker of quiz worlds on it at `start`, each disposed when its
 * test ends. `world(first.file)` is another process, or a restart, on the same database.
 */
export function studyWorlds(start = '2026-11-23T10:00:00Z'): (file?: string) => QuizWorld {
  const study = writeStudyPack();
  afterThisTest(() => study.remove());
  return (file) => quizWorld(start, { packs: study.packs, ...(file ? { file } : {}) });
}

/**
 * The question a posted or private question reply asks (from the store), and how to answer it right
 * and wrong: the option buttons, or for a multi-select question its submit with the right or a wrong
 * set of picks, exactly what the choices block would send.
 */
export async function questionIn(w: QuizWorld, reply: Reply): Promise<{ q: QuizQuestion; post: Post; right: Button; wrong: Button }> {
  const choices = reply.blocks.find((b): b is Extract<Block, { type: 'choices' }> => b.type === 'choices' && b.action === 'quiz.answer');
  const buttons = buttonsOf(reply).filter((b) => b.action === 'quiz.answer');
  const postId = choices?.value ?? buttons[0]!.value.split(':')[0]!;
  const post = (await w.store.getPost(postId))!;
  const q = w.core.quiz!.bank.get(post.questionId)!;
  return { q, post, right: pickButton(q, postId, q.correct), wrong: pickButton(q, postId, wrongPicks(q)) };
}

/** A set of as many picks as the question asks for, not all of them right. */
export function wrongPicks(q: QuizQuestion): number[] {
  const wrong = [...q.options.keys()].find((i) => !q.correct.includes(i))!;
  return [wrong, ...q.correct.slice(1)].sort((a, b) => a - b);
}

/** The answer action a button (one pick) or a multi-choice submit (several) runs. */
export function pickButton(q: QuizQuestion, postId: string, picks: number[]): Button {
  return { action: 'quiz.answer', value: choicesValue(postId, picks.map(String)), label: picks.map((i) => q.options[i]!.text).join(' + ') };
}

/** The submits of a reply's multi-choice blocks, each with some picks (chosen by `seed`), as buttons. */
export function submitsOf(reply: Reply, seed: number): Button[] {
  return reply.blocks.flatMap((b) => {
    if (b.type !== 'choices') return [];
    const picks = b.options.filter((_, i) => (seed >> i) & 1).map((o) => o.value);
    return [{ action: b.action, value: choicesValue(b.value, picks), label: b.submitLabel }];
  });
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
        case 'choices':
          return [b.prompt, ...b.options.map((o) => o.label), b.submitLabel].join(' | ');
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
