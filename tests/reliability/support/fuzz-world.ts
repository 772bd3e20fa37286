// A core for fuzzing: real packs, in-memory SQLite, a fake clock and a recording chat platform, and a
// logger that keeps every error line so a property can say "no command failed internally".
import { SqliteStore } from '../../../src/adapters/sqlite/sqlite-store.ts';
import type { CommandContext } from '../../../src/core/commands/command.ts';
import { FakeClock } from '../../../src/core/ports/clock.ts';
import type { Logger } from '../../../src/core/ports/logger.ts';
import type { Reply } from '../../../src/core/reply/reply.ts';
import { createCore, type Core } from '../../../src/core/responsibot.ts';
import { realPacks } from '../../support/core.ts';
import { RecordingMessenger, seeded } from '../../support/quiz.ts';

export interface ErrorLine {
  msg: string;
  err?: unknown;
  where: object;
}

/** A RecordingMessenger that also keeps everything it was sent, in order (posts, edits, notices). */
export class LoggingMessenger extends RecordingMessenger {
  readonly sent: Reply[] = [];

  override async post(...args: Parameters<RecordingMessenger['post']>) {
    const posted = await super.post(...args);
    this.sent.push(args[1]);
    return posted;
  }

  override async update(...args: Parameters<RecordingMessenger['update']>) {
    await super.update(...args);
    this.sent.push(args[1]);
  }

  override async notifyUser(...args: Parameters<RecordingMessenger['notifyUser']>) {
    await super.notifyUser(...args);
    this.sent.push(args[2]);
  }
}

export interface FuzzWorld {
  core: Core;
  clock: FakeClock;
  chat: LoggingMessenger;
  errors: ErrorLine[];
  ctx(c: { id: string; name: string; admin: boolean; channel: string }, platform?: CommandContext['platform']): CommandContext;
  /** Every reply the chat platform got since `mark` (posts, edits, private notices). */
  platformRepliesSince(mark: number): Reply[];
  mark(): number;
}

export function errorLogger(errors: ErrorLine[]): Logger {
  return {
    debug() {},
    info() {},
    warn() {},
    error(obj: object, msg: string) {
      errors.push({ msg, err: (obj as { err?: unknown }).err, where: obj });
    },
  };
}

export function fuzzWorld(start = '2026-03-28T07:55:00Z'): FuzzWorld {
  const errors: ErrorLine[] = [];
  const clock = new FakeClock(start);
  const core = createCore(realPacks(), { store: new SqliteStore(':memory:'), log: errorLogger(errors), clock, quiz: { random: seeded(7) } });
  const chat = new LoggingMessenger();
  core.messengers.set('console', chat);
  return {
    core,
    clock,
    chat,
    errors,
    ctx: (c, platform = 'console') => ({
      platform,
      user: { id: c.id, name: c.name },
      workspaceId: 'w1',
      channelId: c.channel,
      isAdmin: async () => c.admin,
    }),
    mark: () => chat.sent.length,
    platformRepliesSince: (mark) => chat.sent.slice(mark),
  };
}

/** "command failed: <message>" for the error lines added since `from`. */
export function describeErrors(errors: ErrorLine[], from = 0): string[] {
  return errors.slice(from).map((e) => `${e.msg}: ${e.err instanceof Error ? e.err.message : String(e.err)}`);
}
