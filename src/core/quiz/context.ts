// What every part of the quiz engine shares: the bank, the store, the clock, the platforms to post to,
// the log and the source of randomness. One object, so the parts (daily, sessions, practice, exams,
// stats) stay small and none of them owns the others' state.
import type { Clock } from '../ports/clock.ts';
import type { Logger } from '../ports/logger.ts';
import type { Metrics } from '../ports/metrics.ts';
import type { Messenger, Platform } from '../ports/messenger.ts';
import type { CommandContext } from '../commands/command.ts';
import type { QuestionBank } from './bank.ts';
import type { BankSource } from './live-bank.ts';
import type { ChannelKey, QuizStore } from './store.ts';

export const MINUTE = 60_000;

export class QuizContext {
  constructor(
    /** The bank as of the latest chat edit of a team pack; QuizService refreshes it before each use. */
    readonly bankSource: BankSource,
    readonly store: QuizStore,
    readonly clock: Clock,
    readonly messengers: Map<Platform, Messenger>,
    readonly log: Logger,
    readonly random: () => number,
    readonly metrics: Metrics,
  ) {}

  /** The bank as of the last `bankSource.refresh()`. */
  get bank(): QuestionBank {
    return this.bankSource.current;
  }

  now(): number {
    return this.clock.now().getTime();
  }

  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
}

export function channelOf(ctx: CommandContext): ChannelKey {
  return { platform: ctx.platform as Platform, workspaceId: ctx.workspaceId, channelId: ctx.channelId };
}
