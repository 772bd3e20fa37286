// Practice rounds and /quiz stats through the real discord.js client: the stats embed with mastery per
// study domain, reviews due and a "Practice now" button that starts a round. On the small study pack.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { makeCore } from '../support/core.ts';
import { seeded } from '../support/quiz.ts';
import { writeStudyPack } from '../support/study-pack.ts';
import { startBot, type RunningBot } from './support/bot.ts';
import { IDS, type Json } from './support/fake-discord.ts';
import { BEN, EPHEMERAL, answerKey, answerOf, answerWith, buttonIds, opt, quiz, visible } from './support/quiz.ts';

const study = writeStudyPack();
afterAll(() => study.remove());
const running: RunningBot[] = [];
afterEach(async () => {
  for (const bot of running.splice(0)) {
    await bot.close();
    expect(bot.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  }
});
const DAY = 24 * 60 * 60_000;

describe('practice and stats on Discord', () => {
  it('shows mastery by domain and reviews due in an embed; "Practice now" starts a private round', async () => {
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const bot = await startBot(makeCore({ clock, quiz: { random: seeded(5) } }, study.packs));
    running.push(bot);
    const { fake, core } = bot;

    const asked = await answerOf(fake, quiz(fake, 'practice', [opt.int('questions', 1), opt.str('topic', 'guest-os')], { user: BEN }));
    const question = (await fake.waitFor((r) => r.method === 'POST' && /\/webhooks\//.test(r.path))).body as Json;
    expect(visible(asked)).toContain('Practice round of 1');
    const message = fake.makeMessage(IDS.channel, question);
    const key = await answerKey(core, message);
    const result = await answerOf(fake, answerWith(fake, key.wrong, message, BEN));
    expect(visible(result)).toContain('Round done: 0 of 1 right.');

    clock.advance(DAY);
    const stats = await answerOf(fake, quiz(fake, 'stats', [], { user: BEN }));
    expect(stats.flags).toBe(EPHEMERAL);
    expect(visible(stats)).toContain('Reviews due: 1 now');
    expect(visible(stats)).toContain('By study domain: Operations: 1 answered, 0% right, 1 due\nNot practised yet: Infrastructure');
    const practiceNow = buttonIds(stats).find((id) => id === 'quiz.practice|now')!;
    expect(stats.components.flatMap((r: Json) => r.components).find((c: Json) => c.custom_id === practiceNow).label).toBe('Practice now · 1 review due');

    const round = await answerOf(fake, fake.click(practiceNow, { user: BEN }, fake.makeMessage(IDS.channel, stats)));
    expect(round.flags).toBe(EPHEMERAL);
    expect(visible(round)).toContain('Practice round of 5: 1 due review, then questions from your weakest topics.');
  });
});
