// /quiz through the real Bolt app: signed slash commands and button clicks in, the fake Slack Web API
// out, the real core on SQLite, and a FakeClock moved by hand (core.quiz.tick() instead of sleeping).
// What is asserted is what Slack users would see: ephemeral results on the response_url, the public
// question post and its chat.update versions, DMs.
// This file: sessions, the subcommands, practice, membership and admin refusals; the daily question and
// retries are in quiz-daily.test.ts, App Home and escaping in quiz-home.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedCall } from './support/fake-slack.ts';
import { blockTexts, buttonsOf, type Harness, type HarnessOptions } from './support/harness.ts';
import { click, MONDAY_0859_BERLIN, nthPost, okPostsTo, question, read, slackWorld, slash, updatesOf } from './support/quiz-world.ts';

const running: Harness[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

const world = (start = '2026-11-23T10:00:00Z', opts: HarnessOptions = {}) => slackWorld(running, start, opts);

describe('/quiz through Bolt', () => {
  it('runs a study-group quiz: post with buttons, private results, live count, reveal on tick, next round, final scoreboard', async () => {
    const { h, clock, tick } = await world();
    const started = await slash(h, 'start 2 20', { userId: 'U0ANN', userName: 'ann', channelId: 'C0QUIZ' });
    expect(started.response_type).toBe('ephemeral');
    expect(read(started)).toContain('Quiz started: 2 rounds, 20 seconds each');

    // Round 1 is posted publicly by the core through the Slack messenger, with Block Kit buttons.
    const round1 = await nthPost(h, 'C0QUIZ', 1);
    expect(blockTexts(round1.body.blocks, 'header')).toEqual(['Quiz round 1']);
    expect(read(round1.body)).toContain('0 answers so far');
    const r1 = await question(h, round1);
    expect(r1.labels.length).toBe(r1.q.options.length);
    r1.labels.forEach((label, i) => expect(label).toMatch(new RegExp(`^${'ABCDEF'[i]}\\. `)));
    expect(buttonsOf(round1.body.blocks).map((b) => b.text.text)).toContain('Report this question');
    expect(new Set(buttonsOf(round1.body.blocks).map((b) => b.action_id)).size).toBe(buttonsOf(round1.body.blocks).length);

    // Two people answer: each gets a private result with the explanation; the public post counts.
    clock.advance(2_000);
    const annResult = await click(h, r1.right, round1.body.ts, { userId: 'U0ANN', userName: 'ann' });
    expect(annResult).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blockTexts(annResult.blocks, 'header')[0]).toMatch(/^Right: /);
    expect(read(annResult)).toContain(r1.q.explanation.slice(0, 80));
    expect(read(annResult)).toMatch(/\+1\d points/);
    await h.fake.waitFor((c) => c.method === 'chat.update' && read(c.body).includes('1 answer so far'));

    clock.advance(3_000);
    const bobResult = await click(h, r1.wrong, round1.body.ts, { userId: 'U0BOB', userName: 'bob' });
    expect(bobResult).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blockTexts(bobResult.blocks, 'header')[0]).toMatch(/^Not quite/);
    const live = await h.fake.waitFor((c) => c.method === 'chat.update' && read(c.body).includes('2 answers so far'));
    expect(live.body).toMatchObject({ channel: 'C0QUIZ', ts: round1.body.ts });

    // The public message is still the question (never the private result), and names no one.
    const publicNow = h.fake.message('C0QUIZ', round1.body.ts)!;
    expect(blockTexts(publicNow.blocks as any[], 'header')).toEqual(['Quiz round 1']);
    const answerButtons = (blocks: any[]) => buttonsOf(blocks).filter((b) => b.action_id.startsWith('quiz.answer:'));
    expect(answerButtons(publicNow.blocks as any[])).toHaveLength(answerButtons(round1.body.blocks).length);
    for (const u of updatesOf(h, round1.body.ts)) expect(JSON.stringify(u.body)).not.toMatch(/\bann\b|\bbob\b/);

    // Nothing happens before the timer; then a tick reveals (answer, % right) and posts round 2.
    await tick();
    expect(updatesOf(h, round1.body.ts)).toHaveLength(2);
    clock.advance(16_000);
    await tick();
    const reveal = updatesOf(h, round1.body.ts).at(-1)!;
    expect(blockTexts(reveal.body.blocks, 'header')).toEqual(['Quiz round 1: closed']);
    const revealed = blockTexts(reveal.body.blocks, 'section').join('\n');
    const answer = r1.q.correct.map((i) => `${'ABCDEF'[i]}. ${r1.q.options[i]!.text}`).join('\n');
    expect(revealed).toContain(`*Answer*\n${answer}`.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(revealed).toContain('1 of 2 got it right (50%)');
    expect(revealed).toContain('Scores after round 1 of 2');
    expect(buttonsOf(reveal.body.blocks).map((b) => b.text.text)).toEqual(['Report this question']);
    expect(h.fake.message('C0QUIZ', round1.body.ts)!.blocks).toEqual(reveal.body.blocks);

    // Round 2: both answer, so it closes at once and the final scoreboard follows.
    const round2 = await nthPost(h, 'C0QUIZ', 2);
    expect(blockTexts(round2.body.blocks, 'header')).toEqual(['Quiz round 2']);
    const r2 = await question(h, round2);
    await click(h, r2.right, round2.body.ts, { userId: 'U0ANN', userName: 'ann' });
    await click(h, r2.wrong, round2.body.ts, { userId: 'U0BOB', userName: 'bob' });
    const final = await nthPost(h, 'C0QUIZ', 3);
    expect(blockTexts(final.body.blocks, 'header')).toEqual(['Quiz over after 2 rounds']);
    const board = read(final.body) + blockTexts(final.body.blocks, 'section').join('\n');
    expect(board).toContain('Top of the table: ann');
    expect(board.indexOf('1. ann')).toBeLessThan(board.indexOf('2. bob'));
    expect(blockTexts(updatesOf(h, round2.body.ts).at(-1)!.body.blocks, 'section').join('\n')).toContain('1 of 2 got it right (50%)');

    // Everything public went to the channel; everything personal to a response_url, ephemeral.
    expect(okPostsTo(h, 'C0QUIZ')).toHaveLength(3);
    for (const r of h.fake.callsOf('response_url')) expect(r.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });

    const leaderboard = await slash(h, 'leaderboard', { userId: 'U0BOB', userName: 'bob', channelId: 'C0QUIZ' });
    expect(read(leaderboard)).toMatch(/1\. ann: \d+ pts/);
    expect(read(leaderboard)).toContain('You are #2');
  });

  it('answers every /quiz subcommand through the registry, privately', async () => {
    const { h } = await world('2026-11-23T10:00:00Z', { adminUsers: ['U0LISTED'] });
    const as = (userId: string) => ({ userId, userName: userId.toLowerCase(), channelId: 'C0QUIZ' });
    const texts: Record<string, string> = {};
    for (const [line, who] of [
      ['', 'U0ANN'],
      ['help', 'U0ANN'],
      ['stats', 'U0ANN'],
      ['leaderboard month', 'U0ANN'],
      ['schedule show', 'U0ANN'],
      ['schedule 09:00 Europe/Berlin mon-fri', 'U0ADMIN'],
      ['schedule show', 'U0ANN'],
      ['schedule off', 'U0LISTED'],
      ['practice rds', 'U0ANN'],
      ['report no-such-question typo', 'U0ANN'],
      ['reports', 'U0LISTED'],
      ['start 1 10', 'U0ANN'],
      ['stop', 'U0ANN'],
      ['fly', 'U0ANN'],
    ] as const) {
      const reply = await slash(h, line, as(who));
      expect(reply.response_type, line).toBe('ephemeral');
      texts[`${line}#${Object.keys(texts).length}`] = read(reply);
    }
    const t = Object.values(texts);
    expect(t[0]).toContain('/quiz start [rounds]');
    expect(t[1]).toContain('/quiz practice [questions] [topic]');
    expect(t[2]).toContain('You have not answered any questions yet');
    expect(t[3]).toContain('Leaderboard: this month, this channel');
    expect(t[4]).toContain('No daily question is scheduled in this channel');
    expect(t[5]).toContain('09:00 Europe/Berlin, Monday to Friday');
    expect(t[6]).toContain('Daily question schedule');
    expect(t[7]).toContain('Daily questions are off in this channel');
    expect(t[8]).toContain('Practice question');
    expect(t[9]).toContain('There is no question "no-such-question"');
    expect(t[10]).toContain('No open question reports');
    expect(t[11]).toContain('Quiz started: 1 round');
    expect(t[12]).toContain('Quiz stopped');
    expect(t[13]).toContain('I don\'t know "/quiz fly"');
    // Public posts only for the quiz itself (its question, and the final scores when stopped).
    expect(okPostsTo(h, 'C0QUIZ').map((c) => blockTexts(c.body.blocks, 'header')[0])).toEqual(['Quiz round 1', 'Quiz stopped: final scores']);
  });

  it('keeps practice private: an ephemeral question, an ephemeral result with the next review, nothing public', async () => {
    const { h } = await world();
    const practice = await slash(h, 'practice', { userId: 'U0ANN', channelId: 'C0QUIZ' });
    const { right } = await question(h, { body: practice } as RecordedCall);
    const responseUrl = h.fake.responseUrl();
    await h.requests.clickButton(right, { responseUrl, userId: 'U0ANN', channelId: 'C0QUIZ', ephemeral: true });
    const result = (await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname)).body;
    // The result takes the private question's place: practice is one card, not a message per click.
    expect(result).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(read(result)).toContain('Next review of this question');
    expect(buttonsOf(result.blocks).map((b) => b.text.text)).toContain('Next practice question');
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
    expect(h.fake.callsOf('chat.update')).toHaveLength(0);
  });

  it('refuses /quiz start and /quiz schedule where the bot is not a member, saying how to invite it', async () => {
    const { h } = await world();
    h.fake.channels = { C0NOBOT: { is_member: false }, G0HIDDEN: 'not_found' };
    const start = await slash(h, 'start', { userId: 'U0ANN', channelId: 'C0NOBOT' });
    expect(read(start)).toContain("I can't run a quiz in this channel: I'm missing an invitation to this channel (anyone in it can type /invite @Responsibot)");
    const schedule = await slash(h, 'schedule 09:00 Europe/Berlin', { userId: 'U0ADMIN', channelId: 'G0HIDDEN' });
    expect(read(schedule)).toContain("I can't post daily questions in this channel: I'm missing an invitation to this channel");
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
    expect(await h.core.quiz!.store.listSchedules()).toEqual([]);

    // Invited: it works at once (negative answers are not cached).
    h.fake.channels.C0NOBOT = { is_member: true };
    expect(read(await slash(h, 'start 1 10', { userId: 'U0ANN', channelId: 'C0NOBOT' }))).toContain('Quiz started');
    expect(okPostsTo(h, 'C0NOBOT')).toHaveLength(1);
  });
});

describe('admins', () => {
  it('politely refuses schedule changes and reports to a non-admin, ephemerally, changing nothing', async () => {
    const { h } = await world(MONDAY_0859_BERLIN);
    const schedule = await slash(h, 'schedule 09:00 Europe/Berlin', { userId: 'U0BOB', userName: 'bob', channelId: 'C0DAILY' });
    expect(schedule.response_type).toBe('ephemeral');
    expect(read(schedule)).toContain('Sorry, only admins can change the daily question schedule.');
    const off = await slash(h, 'schedule off', { userId: 'U0BOB', channelId: 'C0DAILY' });
    expect(read(off)).toContain('Sorry, only admins can turn off the daily question');
    const reports = await slash(h, 'reports', { userId: 'U0BOB', channelId: 'C0DAILY' });
    expect(reports.response_type).toBe('ephemeral');
    expect(read(reports)).toContain('Sorry, only admins can read question reports');
    expect(await h.core.quiz!.store.listSchedules()).toEqual([]);
    expect(h.fake.callsOf('users.info').map((c) => c.body.user)).toEqual(['U0BOB']); // asked once, then cached
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);

    // A workspace admin (users.info) may.
    expect(read(await slash(h, 'reports', { userId: 'U0ADMIN', channelId: 'C0DAILY' }))).toContain('No open question reports');
  });
});
