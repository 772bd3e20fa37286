// /quiz schedule on Discord, through the real discord.js client and the fake Discord: any IANA zone
// name in any case is kept in its canonical case, and the daily question says when it closes in that
// zone (Discord users read the schedule's zone, which the message names).
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { makeCore } from '../support/core.ts';
import { startBot, type RunningBot } from './support/bot.ts';
import { IDS } from './support/fake-discord.ts';
import { ADMIN_PERMS, ANA, answerOf, channelPosts, opt, quiz, visible } from './support/quiz.ts';

const running: RunningBot[] = [];
afterEach(async () => {
  for (const bot of running.splice(0)) await bot.close();
});

describe('/quiz schedule on Discord', () => {
  it('takes "cet", shows CET, and posts a daily question that closes at 10:30 CET', async () => {
    // Monday 23 Nov 2026, 07:59 UTC; 09:00 CET is 08:00 UTC.
    const clock = new FakeClock('2026-11-23T07:59:00Z');
    const bot = await startBot(makeCore({ clock }));
    running.push(bot);
    const { fake, core } = bot;
    const options = [opt.str('time', '09:00'), opt.str('timezone', 'cet'), opt.str('days', 'mon-fri'), opt.str('window', '90m')];
    const saved = await answerOf(fake, quiz(fake, 'schedule', options, { user: ANA, memberPermissions: ADMIN_PERMS }));
    expect(visible(saved)).toContain('When: 09:00 CET, Monday to Friday');
    clock.set('2026-11-23T08:00:00Z');
    await core.quiz!.tick();
    const [post] = channelPosts(fake, IDS.channel);
    expect(visible(post!.request.body)).toContain('closes Mon 23 Nov, 10:30 CET');
    expect(visible(post!.request.body)).not.toContain('<!date');
  });
});
