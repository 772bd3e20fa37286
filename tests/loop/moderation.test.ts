// Moderation that closes the loop, through the real adapters: reports announced to the admins, listed
// grouped per question, resolved or dismissed with a note (the reporter told); questions disabled at
// once (out of every pool, skipped by a running quiz) and enabled again; admins only, usage for bad input.
import { afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_CHANNEL, CONSOLE_WORKSPACE } from '../../src/adapters/console/console-adapter.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { startBot, type RunningBot } from '../discord/support/bot.ts';
import { ADMIN_PERMS, answerOf, opt, quiz, visible } from '../discord/support/quiz.ts';
import { TEAM_ID } from '../slack/support/fake-slack.ts';
import type { Harness } from '../slack/support/harness.ts';
import { answerButtons, click, nthPost, read, slackWorld, slash } from '../slack/support/quiz-world.ts';
import { consoleSession } from '../support/console.ts';
import { makeCore } from '../support/core.ts';
import { writeStudyPack } from '../support/study-pack.ts';

const slacks: Harness[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (slacks.length) await slacks.pop()!.stop();
  while (cleanups.length) await cleanups.pop()!();
});

const Q1 = 'aws-srm:topic:infra-hypervisor';
const admin = { userId: 'U0ADMIN', userName: 'ada', channelId: 'C0ADMIN' };
const bob = { userId: 'U0BOB', userName: 'bob', channelId: 'C0QUIZ' };
const ann = { userId: 'U0ANN', userName: 'ann', channelId: 'C0QUIZ' };

describe('question reports on Slack', () => {
  it('announces, groups, resolves and dismisses reports, telling each reporter; admins only', async () => {
    const { h } = await slackWorld(slacks, '2026-11-23T10:00:00Z');
    const q2 = h.core.quiz!.bank.select({}).find((q) => q.id !== Q1)!.id;
    expect(read(await slash(h, 'report-alerts', bob))).toContain('announced nowhere yet');
    expect(read(await slash(h, 'report-alerts here', bob))).toContain('only admins');
    expect(read(await slash(h, 'report-alerts loudly', admin))).toMatch(/"loudly" is not here, dm or off[\s\S]*\/quiz report-alerts \[here\|dm\|off\]/);
    expect(read(await slash(h, 'report-alerts here', admin))).toContain('announced in this channel');

    expect(read(await slash(h, `report ${Q1} the answer is wrong`, bob))).toContain('report #1 is saved');
    const alert = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0ADMIN');
    expect(read(alert.body)).toContain(`New report #1 on ${Q1} from bob: the answer is wrong`);
    await slash(h, `report ${Q1} unclear wording`, ann);
    await slash(h, `report ${q2} typo`, ann);

    expect(read(await slash(h, 'reports', bob))).toContain('only admins');
    const list = read(await slash(h, 'reports', admin));
    expect(list).toContain('Open question reports: 3 on 2 questions');
    expect(list).toMatch(new RegExp(`2 reports · ${Q1}[\\s\\S]*#2 ann[\\s\\S]*#1 bob[\\s\\S]*1 report · ${q2.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    expect(read(await slash(h, 'resolve 1 fixed the answer', bob))).toContain('only admins');
    expect(read(await slash(h, 'resolve', admin))).toMatch(/Say which report[\s\S]*\/quiz resolve NUMBER \[note\]/);
    expect(read(await slash(h, 'dismiss one', admin))).toContain('"one" is not a report number.');
    expect(read(await slash(h, 'dismiss 99', admin))).toContain('There is no report #99 here.');
    expect(read(await slash(h, 'resolve 1 fixed the answer', admin))).toContain('Report #1 resolved with your note. bob was told.');
    const dm = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DU0BOB');
    expect(read(dm.body)).toContain('Your report #1 on the question');
    expect(read(dm.body)).toContain('was resolved by ada: fixed the answer');
    expect(read(await slash(h, 'resolve 1', admin))).toContain('Report #1 is already closed.');
    expect(read(await slash(h, 'dismiss #3', admin))).toContain('Report #3 dismissed. ann was told.');
    expect(read(await slash(h, 'reports', admin))).toContain('Open question reports: 1 on 1 question');
    // Another workspace cannot close this one's reports.
    expect(read(await slash(h, 'dismiss 2', { ...admin, teamId: 'T0OTHER' }))).not.toContain('dismissed');
  });

  it('a running quiz skips a question disabled after it started; enable brings it back', async () => {
    const { h, clock, tick } = await slackWorld(slacks, '2026-11-23T10:00:00Z');
    await slash(h, 'start 3 20', ann);
    const { questionIds } = (await h.core.quiz!.store.activeSession({ platform: 'slack', workspaceId: TEAM_ID, channelId: 'C0QUIZ' }))!;
    expect(read(await slash(h, `disable ${questionIds[1]}`, ann))).toContain('only admins');
    expect(read(await slash(h, 'disable', admin))).toMatch(/Say which question[\s\S]*\/quiz disable QUESTION-ID/);
    expect(read(await slash(h, 'disable no-such-question', admin))).toContain('There is no question "no-such-question".');
    expect(read(await slash(h, `disable ${questionIds[1]}`, admin))).toContain(`Disabled ${questionIds[1]}`);
    expect(read(await slash(h, `disable ${questionIds[1]}`, admin))).toContain('is already disabled');
    const first = await nthPost(h, 'C0QUIZ', 1);
    await click(h, (await answerButtons(h, first.body.blocks)).right, first.body.ts, ann);
    clock.advance(21_000);
    await tick();
    const next = await nthPost(h, 'C0QUIZ', 2);
    expect(read(next.body)).toContain('Quiz round 3');
    const { postId } = await answerButtons(h, next.body.blocks);
    expect((await h.core.quiz!.store.getPost(postId))!.questionId).toBe(questionIds[2]);
    expect(read(await slash(h, `enable ${questionIds[1]}`, admin))).toContain(`Enabled ${questionIds[1]}`);
    expect(read(await slash(h, `enable ${questionIds[1]}`, admin))).toContain('is not disabled');
  });
});

describe('disabled questions leave every pool (console) and admins only (Discord)', () => {
  it('console: with all but one question disabled, practice, quizzes and the daily question ask only that one', async () => {
    const study = writeStudyPack();
    cleanups.push(() => study.remove());
    const core = makeCore({ clock: new FakeClock('2026-11-23T07:00:00Z') }, study.packs);
    const c = consoleSession(core);
    const all = core.quiz!.bank.select({}).map((q) => q.id);
    const keep = all.find((id) => !core.quiz!.bank.get(id)!.generated && core.quiz!.bank.get(id)!.correct.length === 1)!;
    for (const id of all.filter((x) => x !== keep)) expect(await c.type(`/quiz disable ${id}`)).toContain('Disabled');
    for (let i = 0; i < 3; i++) {
      await c.type('/quiz practice');
      const cards = await core.quiz!.store.practiceCards('console', `console:you`);
      expect(cards.every((card) => card.questionId === keep) || cards.length === 0).toBe(true);
      await c.type('1');
    }
    expect((await core.quiz!.store.practiceCards('console', 'console:you')).map((card) => card.questionId)).toEqual([keep]);
    await c.type('/quiz start 1 10');
    const session = await core.quiz!.store.activeSession({ platform: 'console', workspaceId: CONSOLE_WORKSPACE, channelId: CONSOLE_CHANNEL });
    expect(session!.questionIds).toEqual([keep]);
  });

  it('Discord: only Manage Server can resolve or disable', async () => {
    const bot: RunningBot = await startBot(makeCore({ clock: new FakeClock('2026-11-23T10:00:00Z') }));
    cleanups.push(() => bot.close());
    const { fake } = bot;
    expect(visible(await answerOf(fake, quiz(fake, 'report', [opt.str('id', Q1), opt.str('note', 'wrong')])))).toContain('report #1 is saved');
    expect(visible(await answerOf(fake, quiz(fake, 'dismiss', [opt.int('id', 1)])))).toContain('only admins');
    expect(visible(await answerOf(fake, quiz(fake, 'disable', [opt.str('id', Q1)])))).toContain('only admins');
    expect(visible(await answerOf(fake, quiz(fake, 'disable', [opt.str('id', Q1)], { memberPermissions: ADMIN_PERMS })))).toContain(`Disabled ${Q1}`);
    expect(visible(await answerOf(fake, quiz(fake, 'dismiss', [opt.int('id', 1), opt.str('note', 'disabled it instead')], { memberPermissions: ADMIN_PERMS })))).toContain('Report #1 dismissed with your note.');
  });
});
