// /quiz forget-me through the real adapters: it says what would go and changes nothing until the person
// confirms (a button on Slack and Discord, "yes" in the console); then their answers, stats, streaks,
// practice and reports are gone, and only they can confirm.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { startBot } from '../discord/support/bot.ts';
import { answerKey, answerOf, answerWith, ANA, BEN, buttonIds, opt, quiz, visible } from '../discord/support/quiz.ts';
import { IDS } from '../discord/support/fake-discord.ts';
import { buttonsOf } from '../slack/support/harness.ts';
import { TEAM_ID } from '../slack/support/fake-slack.ts';
import { answerButtons, click, read, slackWorld, slash } from '../slack/support/quiz-world.ts';
import { consoleSession } from '../support/console.ts';
import { admin, ann, bob, Q1, runningAdapters } from '../support/loop-people.ts';
import { makeCore } from '../support/core.ts';

const { slacks, bots } = runningAdapters();

describe('/quiz forget-me on Slack', () => {
  it('asks first, lets only the asker confirm, then deletes their answers, stats and reports', async () => {
    const { h } = await slackWorld(slacks, '2026-11-23T10:00:00Z');
    for (const who of [bob, ann]) {
      const practice = await slash(h, 'practice', who);
      await click(h, (await answerButtons(h, practice.blocks)).right, undefined, who);
    }
    await slash(h, `report ${Q1} the answer is wrong`, bob);
    expect(read(await slash(h, 'stats', bob))).toMatch(/1 answered|answered 1/i);

    expect(read(await slash(h, 'forget-me now', bob))).toMatch(/takes nothing after it[\s\S]*Usage: \/quiz forget-me/);
    const ask = await slash(h, 'forget-me', bob);
    expect(read(ask)).toContain('Forget me?');
    expect(read(ask)).toContain('your 1 answer here');
    const yes = buttonsOf(ask.blocks).find((b) => b.text.text === 'Yes, forget me')!;
    expect(ask.blocks.flatMap((b: { elements?: { style?: string }[] }) => b.elements ?? []).map((e: { style?: string }) => e.style)).toContain('danger');
    // Asking changed nothing.
    expect(await h.core.quiz!.store.answersByUser('slack', TEAM_ID, 'U0BOB')).toHaveLength(1);

    expect(read(await click(h, yes, undefined, ann))).toContain('belongs to someone else');
    expect(await h.core.quiz!.store.answersByUser('slack', TEAM_ID, 'U0BOB')).toHaveLength(1);
    expect(read(await click(h, yes, undefined, bob))).toContain('Done: I deleted 1 answer and 1 report of yours');

    expect(await h.core.quiz!.store.answersByUser('slack', TEAM_ID, 'U0BOB')).toEqual([]);
    expect(await h.core.quiz!.store.practiceCards('slack', 'U0BOB')).toEqual([]);
    expect(read(await slash(h, 'stats', bob))).not.toMatch(/1 answered|answered 1/i);
    expect(read(await slash(h, 'reports', admin))).toContain('No open question reports.');
    const board = read(await slash(h, 'leaderboard all workspace', ann));
    expect(board).toContain('ann');
    expect(board).not.toContain('bob');
    expect(await h.core.quiz!.store.answersByUser('slack', TEAM_ID, 'U0ANN')).toHaveLength(1);
  });
});

describe('/quiz forget-me on Discord and the console', () => {
  it('Discord: a danger button that only the asker can use', async () => {
    const bot = await startBot(makeCore({ clock: new FakeClock('2026-11-23T10:00:00Z') }));
    bots.push(bot);
    const { fake, core } = bot;
    const practice = await answerOf(fake, quiz(fake, 'practice', [], { user: ANA }));
    const { right } = await answerKey(core, practice);
    expect(visible(await answerOf(fake, answerWith(fake, right, practice, ANA)))).toMatch(/right|correct/i);
    expect(await core.quiz!.store.answersByUser('discord', IDS.guild, ANA.id)).toHaveLength(1);

    const ask = await answerOf(fake, quiz(fake, 'forget-me', [], { user: ANA }));
    expect(visible(ask)).toContain('your 1 answer here');
    const id = buttonIds(ask).find((b) => b.startsWith('quiz.forget'))!;
    expect(ask.components[0].components.find((c: { custom_id: string }) => c.custom_id === id).style).toBe(4);
    expect(visible(await answerOf(fake, fake.click(id, { user: BEN }, ask)))).toContain('belongs to someone else');
    expect(visible(await answerOf(fake, fake.click(id, { user: ANA }, ask)))).toContain('Done: I deleted 1 answer and 0 reports');
    expect(await core.quiz!.store.answersByUser('discord', IDS.guild, ANA.id)).toEqual([]);
    expect(visible(await answerOf(fake, quiz(fake, 'report', [opt.str('id', Q1)], { user: BEN })))).toContain('report #1');
  });

  it('console: typing yes right after the question confirms; anything else keeps it all', async () => {
    const core = makeCore();
    const c = consoleSession(core);
    const shown = await c.type('/quiz practice');
    // The option numbers of the right answer ("1", or "1,3" for a Choose TWO question).
    const q = core.quiz!.bank.select({}).find((x) => shown.includes(x.text))!;
    expect(await c.type(q.correct.map((i) => i + 1).join(','))).toMatch(/right|correct/i);
    expect(await core.quiz!.store.answersByUser('console', 'console', 'console:you')).toHaveLength(1);
    expect(await c.type('/quiz forget-me')).toContain('Type yes to go ahead');
    await c.type('no thanks');
    expect(await c.type('yes')).not.toContain('Done');
    expect(await core.quiz!.store.answersByUser('console', 'console', 'console:you')).toHaveLength(1);
    await c.type('/quiz forget-me');
    expect(await c.type('yes')).toContain('Done: I deleted 1 answer and 0 reports');
    expect(await core.quiz!.store.answersByUser('console', 'console', 'console:you')).toEqual([]);
  });
});
