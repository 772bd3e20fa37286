// Streaks that mean something, through each real adapter: three right daily answers make a streak of
// 3 (shown in /quiz stats, the App Home and the leaderboard); a daily question that closes unanswered
// ends it, and all three say so at once.
import { afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_CHANNEL, CONSOLE_WORKSPACE } from '../../src/adapters/console/console-adapter.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { startBot, type RunningBot } from '../discord/support/bot.ts';
import { IDS } from '../discord/support/fake-discord.ts';
import { ADMIN_PERMS, BEN, answerKey, answerOf, answerWith, channelPosts, opt, quiz, visible } from '../discord/support/quiz.ts';
import type { Harness } from '../slack/support/harness.ts';
import { answerButtons, click, nthPost, openHome, read, slackWorld, slash } from '../slack/support/quiz-world.ts';
import { consoleSession } from '../support/console.ts';
import { makeCore } from '../support/core.ts';
import { quizWorld, type QuizWorld } from '../support/quiz.ts';

// Monday 23 Nov 2026, 08:00 UTC = 09:00 in Berlin; daily questions at 09:00 Berlin on weekdays.
const MONDAY_0859_BERLIN = '2026-11-23T07:59:00Z';
const at0900 = (day: number) => `2026-11-${String(23 + day).padStart(2, '0')}T08:00:00Z`;

const slacks: Harness[] = [];
const bots: RunningBot[] = [];
const worlds: QuizWorld[] = [];
afterEach(async () => {
  while (slacks.length) await slacks.pop()!.stop();
  while (bots.length) await bots.pop()!.close();
  while (worlds.length) await worlds.pop()!.dispose();
});

describe('daily streaks on Slack', () => {
  it('three right answers then a missed question: stats, App Home and leaderboard go from 3 to 0 together', async () => {
    const { h, clock, tick } = await slackWorld(slacks, MONDAY_0859_BERLIN);
    const bob = { userId: 'U0BOB', userName: 'bob', channelId: 'C0DAILY' };
    expect(read(await slash(h, 'schedule 09:00 Europe/Berlin mon-fri', { userId: 'U0ADMIN', channelId: 'C0DAILY' }))).toContain('Saved.');
    for (const day of [0, 1, 2]) {
      clock.set(at0900(day));
      await tick();
      const post = await nthPost(h, 'C0DAILY', day + 1);
      const { right } = await answerButtons(h, post.body.blocks);
      const result = read(await click(h, right, post.body.ts, bob));
      if (day === 2) expect(result).toContain('Daily streak in this channel: 3 in a row (best 3).');
    }
    clock.set(at0900(3)); // Thursday's question is out, not answered yet: the streak stands
    await tick();
    await nthPost(h, 'C0DAILY', 4);
    expect(read(await slash(h, 'stats', bob))).toContain('*Daily streak*\ncurrent 3, best 3');
    expect(read(await slash(h, 'leaderboard week', bob))).toMatch(/1\. bob: \d+ pts · 100% of 3 · daily streak 3/);

    clock.set(at0900(4)); // Thursday's closed unanswered
    await tick();
    await nthPost(h, 'C0DAILY', 5);
    expect(read(await slash(h, 'stats', bob))).toContain('*Daily streak*\ncurrent 0, best 3');
    const home = await openHome(h, 'U0BOB');
    expect(home).toContain('*Daily streak*\ncurrent 0, best 3');
    expect(home).toContain('<#C0DAILY> 0 in a row (best 3)');
    const board = read(await slash(h, 'leaderboard week', bob));
    expect(board).toMatch(/1\. bob: \d+ pts · 100% of 3/);
    expect(board).not.toContain('daily streak');
  });
});

describe('daily streaks on Discord', () => {
  it('a wrong answer ends the streak in /quiz stats and on the leaderboard', async () => {
    const clock = new FakeClock(MONDAY_0859_BERLIN);
    const bot = await startBot(makeCore({ clock }));
    bots.push(bot);
    const { fake, core } = bot;
    const schedule = [opt.str('time', '09:00'), opt.str('timezone', 'Europe/Berlin'), opt.str('days', 'mon-fri')];
    expect(visible(await answerOf(fake, quiz(fake, 'schedule', schedule, { memberPermissions: ADMIN_PERMS })))).toContain('Saved.');
    for (const [day, right] of [[0, true], [1, true], [2, false]] as const) {
      clock.set(at0900(day));
      await core.quiz!.tick();
      const posted = channelPosts(fake, IDS.channel)[day]!;
      const key = await answerKey(core, posted.message);
      await answerOf(fake, answerWith(fake, right ? key.right : key.wrong, posted.message, BEN));
      const stats = visible(await answerOf(fake, quiz(fake, 'stats', [], { user: BEN })));
      expect(stats).toContain(right ? `current ${day + 1}, best ${day + 1}` : 'current 0, best 2');
      const board = visible(await answerOf(fake, quiz(fake, 'leaderboard', [opt.str('period', 'week')], { user: BEN })));
      if (right) expect(board).toContain(`daily streak ${day + 1}`);
      else expect(board).not.toContain('daily streak');
    }
  });
});

describe('daily streaks in the console', () => {
  it('a question that closes unanswered ends the streak in /quiz stats', async () => {
    const w = quizWorld(MONDAY_0859_BERLIN);
    worlds.push(w);
    const c = consoleSession(w.core);
    expect(await c.type('/quiz schedule 09:00 Europe/Berlin daily')).toContain('Saved.');
    const channel = { platform: 'console' as const, workspaceId: CONSOLE_WORKSPACE, channelId: CONSOLE_CHANNEL };
    for (const day of [0, 1]) {
      w.clock.set(at0900(day));
      await w.tick();
      expect(c.flush()).toContain('Daily question');
      const post = (await w.store.getDailyPost(channel, at0900(day).slice(0, 10)))!;
      const q = w.core.quiz!.bank.get(post.questionId)!;
      expect(await c.type(q.correct.map((i) => i + 1).join(','))).toMatch(/Right/);
    }
    expect(await c.type('/quiz stats')).toContain('current 2, best 2');
    w.clock.set(at0900(2));
    await w.tick();
    expect(await c.type('/quiz stats')).toContain('current 2, best 2'); // Wednesday's is still open
    w.clock.set(at0900(3));
    await w.tick();
    expect(await c.type('/quiz stats')).toContain('current 0, best 2');
  });
});
