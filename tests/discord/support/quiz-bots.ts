// The bots a Discord /quiz test file starts: each on its own fake Discord with the real core on SQLite and
// a FakeClock, closed after every test, which must have logged no error.
import { afterEach, expect } from 'vitest';
import { FakeClock } from '../../../src/core/ports/clock.ts';
import { makeCore } from '../../support/core.ts';
import { startBot, type RunningBot } from './bot.ts';

// Monday 23 November 2026. 07:59 UTC is 08:59 in Berlin (CET, UTC+1).
export const MONDAY_MORNING = '2026-11-23T07:59:00Z';
export const SECOND = 1000;

/** Call once at the top of a test file: `quizBot` starts a bot; `running` and `cleanups` are stopped after each test. */
export function quizBots() {
  const running: RunningBot[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    const bots = running.splice(0);
    for (const bot of bots) await bot.close();
    for (const bot of bots) expect(bot.log.lines.filter((l) => l.level === 'error')).toEqual([]);
    for (const fn of cleanups.splice(0)) await fn();
  });

  async function quizBot(start = MONDAY_MORNING): Promise<RunningBot & { clock: FakeClock }> {
    const clock = new FakeClock(start);
    const bot = await startBot(makeCore({ clock }));
    running.push(bot);
    return Object.assign(bot, { clock });
  }

  return { running, cleanups, quizBot };
}
