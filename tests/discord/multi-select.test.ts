// "Choose TWO" questions and per-option explanations through the real discord.js client: a string
// select menu with min and max values; picking submits. On the small study pack.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { makeCore } from '../support/core.ts';
import { seeded, wrongPicks } from '../support/quiz.ts';
import { writeStudyPack } from '../support/study-pack.ts';
import { startBot, type RunningBot } from './support/bot.ts';
import { IDS } from './support/fake-discord.ts';
import { ANA, BEN, EPHEMERAL, answerKey, answerOf, answerWith, channelPosts, edits, quiz, selectsOf, visible, opt } from './support/quiz.ts';

const study = writeStudyPack();
afterAll(() => study.remove());
const running: RunningBot[] = [];
afterEach(async () => {
  for (const bot of running.splice(0)) {
    await bot.close();
    expect(bot.log.lines.filter((l) => l.level === 'error' || l.msg.includes('left out'))).toEqual([]);
  }
});

async function bot(): Promise<RunningBot & { clock: FakeClock }> {
  const clock = new FakeClock('2026-11-23T10:00:00Z');
  const b = await startBot(makeCore({ clock, quiz: { random: seeded(7) } }, study.packs));
  running.push(b);
  return Object.assign(b, { clock });
}

describe('multi-select on Discord', () => {
  it('asks with a select menu (min = max = how many to choose) and scores the picked set, explaining each pick', async () => {
    const { fake, core } = await bot();
    const asked = await answerOf(fake, quiz(fake, 'practice', [opt.str('topic', 'patching')], { user: ANA }));
    expect(asked.flags).toBe(EPHEMERAL);
    const [select] = selectsOf(asked);
    const key = await answerKey(core, { ...asked, id: 'x', channel_id: IDS.channel });
    const n = key.question.correct.length;
    expect(select).toMatchObject({ type: 3, min_values: n, max_values: n, placeholder: `Choose ${n === 2 ? 'TWO' : 'THREE'}` });
    expect(select.options.map((o: any) => o.label)).toEqual(key.question.options.map((o, i) => `${'ABCDE'[i]}. ${o.text}`));
    expect(visible(asked)).toContain(`(Choose ${n === 2 ? 'TWO' : 'THREE'})`);

    const message = fake.makeMessage(IDS.channel, asked);
    const click = answerWith(fake, key.wrong, message, ANA);
    const wrong = await answerOf(fake, click);
    // The result updates the question message in place (UPDATE_MESSAGE), which stays ephemeral.
    expect((await fake.callback(click)).body.type).toBe(7);
    expect(fake.messages.get(message.id)!.flags).toBe(EPHEMERAL);
    expect(wrong.embeds[0].title).toMatch(/^Not quite\. You chose /);
    const picks = wrongPicks(key.question);
    for (const i of picks) expect(visible(wrong)).toContain(`Your choice: ${'ABCDE'[i]}. ${key.question.options[i]!.text}: ${key.question.options[i]!.why}`);
    expect((await core.quiz!.store.answersForPost(key.postId))[0]).toMatchObject({ choices: picks, correct: false });
  });

  it('posts a multi-select round in the channel; the select survives the live count and goes with the reveal', async () => {
    const { fake, core, clock } = await bot();
    await answerOf(fake, quiz(fake, 'start', [opt.int('rounds', 1), opt.int('seconds', 30), opt.str('topic', 'patching')], { user: ANA }));
    const [round] = channelPosts(fake, IDS.channel);
    const key = await answerKey(core, round!.message);
    const right = await answerOf(fake, answerWith(fake, key.right, round!.message, BEN));
    expect(right.embeds[0].title).toMatch(/^Right: /);
    const live = edits(fake, round!.message.id).at(-1)!.body;
    expect(visible(live)).toContain('1 answer so far');
    expect(selectsOf(live)).toEqual(selectsOf(round!.request.body));
    clock.advance(31_000);
    await core.quiz!.tick();
    const reveal = edits(fake, round!.message.id).at(-1)!.body;
    expect(selectsOf(reveal)).toEqual([]);
    for (const [i, o] of key.question.options.entries()) expect(visible(reveal)).toContain(`${key.question.correct.includes(i) ? '✓' : '✗'} ${'ABCDE'[i]}. ${o.text}: ${o.why}`);
  });
});
