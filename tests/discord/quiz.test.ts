// /quiz on Discord end to end: the real discord.js Client against the fake Discord, the real core with
// SQLite and a FakeClock. Every assertion is on what Discord itself would have received.
// This file: sessions, the daily question, admin-only commands and missing permissions; answer buttons,
// the 3-second window, mention safety, autocomplete and the invite URL are in quiz-interactions.test.ts.
import { describe, expect, it } from 'vitest';
import { IDS, MEMBER_PERMS, PERMS, perms } from './support/fake-discord.ts';
import { ADMIN_PERMS, ANA, BEN, CY, EPHEMERAL, answerKey, answerOf, answerWith, buttonIds, channelPosts, channelTraffic, lastEdit, opt, person, quiz, visible } from './support/quiz.ts';
import { MONDAY_MORNING, SECOND, quizBots } from './support/quiz-bots.ts';

const { quizBot } = quizBots();
/** Answers on a message as it currently is in the fake (as Discord would send it): a click or a pick. */
const click = answerWith;

describe('a study-group session', () => {
  it('runs /quiz start with two players: private results, a live count, reveals with scores, a final ranking', async () => {
    const { fake, core, clock } = await quizBot('2026-11-23T10:00:00Z');

    // /quiz start rounds:2 seconds:20 → the question goes to the channel, the starter hears privately.
    const start = quiz(fake, 'start', [opt.int('rounds', 2), opt.int('seconds', 20)], { user: ANA });
    const started = await answerOf(fake, start);
    expect(started.flags).toBe(EPHEMERAL);
    expect(visible(started)).toContain('Quiz started: 2 rounds, 20 seconds each');
    const [round1] = channelPosts(fake, IDS.channel);
    expect(channelPosts(fake, IDS.channel)).toHaveLength(1);
    // Posted through the Messenger (bot token, enforced nonce) before the interaction was answered.
    expect(round1!.request.authorization).toBe('Bot fake-bot-token');
    expect(round1!.request.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(round1!.request.body.flags).toBeUndefined();
    expect(fake.requests.indexOf(round1!.request)).toBeLessThan(fake.requests.indexOf(await fake.callback(start)));
    const q1Body = round1!.request.body;
    expect(q1Body.embeds[0].title).toBe('Quiz round 1');
    expect(visible(q1Body)).toContain('0 answers so far');
    expect(visible(q1Body)).toContain('20 seconds to answer');
    const key1 = await answerKey(core, round1!.message);
    expect(key1.all.length).toBeGreaterThanOrEqual(2);
    expect(buttonIds(q1Body)).toContain(`quiz.report|${key1.question.id}`);

    // Ana answers right after 2 s, Ben wrong after 5 s: each hears privately, with the explanation.
    clock.advance(2 * SECOND);
    const anaResult = await answerOf(fake, click(fake, key1.right, round1!.message, ANA));
    expect(anaResult.flags).toBe(EPHEMERAL);
    expect(anaResult.embeds[0].title).toMatch(/^Right: /);
    expect(visible(anaResult)).toContain(key1.question.explanation.slice(0, 60));
    expect(visible(anaResult)).toMatch(/\+1\d points/);
    expect(visible(lastEdit(fake, round1!.message.id).body)).toContain('1 answer so far');

    clock.advance(3 * SECOND);
    const benResult = await answerOf(fake, click(fake, key1.wrong, round1!.message, BEN));
    expect(benResult.flags).toBe(EPHEMERAL);
    expect(benResult.embeds[0].title).toMatch(/^Not quite\. You chose /);
    expect(visible(benResult)).toContain(key1.question.explanation.slice(0, 60));

    // The public message: the live count, the buttons still there, and never who chose what.
    const live = lastEdit(fake, round1!.message.id);
    expect(visible(live.body)).toContain('2 answers so far');
    expect(buttonIds(live.body)).toEqual(buttonIds(q1Body));
    expect(live.body.allowed_mentions).toEqual({ parse: [] });
    // Whole words only: question text may well contain "manage" or "benefit".
    for (const who of [ANA.id, BEN.id]) expect(JSON.stringify(live.body)).not.toContain(who);
    for (const name of ['ana', 'ben']) expect(JSON.stringify(live.body)).not.toMatch(new RegExp(`\\b${name}\\b`, 'i'));
    expect(channelPosts(fake, IDS.channel)).toHaveLength(1);

    // The timer runs out: the message turns into the reveal with round scores, and round 2 is posted.
    clock.advance(16 * SECOND);
    await core.quiz!.tick();
    const reveal1 = lastEdit(fake, round1!.message.id).body;
    expect(reveal1.embeds[0].title).toBe('Quiz round 1: closed');
    const right1 = key1.question.correct.map((i) => `${String.fromCharCode(65 + i)}. ${key1.question.options[i]!.text}`).join('\n');
    expect(visible(reveal1)).toContain(`Answer: ${right1}`);
    expect(visible(reveal1)).toContain('1 of 2 got it right (50%). First correct: Ana.');
    expect(visible(reveal1)).toMatch(/Scores after round 1 of 2: 1\. Ana: 1\d pts \(1 correct\)\n2\. Ben: 0 pts \(0 correct\)/);
    expect(buttonIds(reveal1)).toEqual([`quiz.report|${key1.question.id}`]); // no more answer buttons
    const round2 = channelPosts(fake, IDS.channel)[1]!;
    expect(round2.request.body.embeds[0].title).toBe('Quiz round 2');

    // A late click on round 1 changes nothing public and says it is closed.
    const late = await answerOf(fake, click(fake, key1.right, round1!.message, CY));
    expect(late.flags).toBe(EPHEMERAL);
    expect(visible(late)).toContain('This question is closed');

    // Round 2: only Ana answers; the timer closes it and the final scoreboard ranks the players.
    const key2 = await answerKey(core, round2.message);
    expect(key2.postId).not.toBe(key1.postId);
    clock.advance(1 * SECOND);
    expect((await answerOf(fake, click(fake, key2.right, round2.message, ANA))).flags).toBe(EPHEMERAL);
    clock.advance(20 * SECOND);
    await core.quiz!.tick();
    expect(visible(lastEdit(fake, round2.message.id).body)).toContain('Scores after round 2 of 2');
    const posts = channelPosts(fake, IDS.channel);
    expect(posts).toHaveLength(3);
    const final = posts[2]!.request.body;
    expect(final.embeds[0].title).toBe('Quiz over after 2 rounds');
    expect(visible(final)).toMatch(/Top of the table: Ana with \d+ points\./);
    expect(visible(final)).toMatch(/Final scoreboard: 1\. Ana: \d+ pts \(2 correct\)\n2\. Ben: 0 pts \(0 correct\)/);
    expect(final).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(final.nonce.length).toBeLessThanOrEqual(25);

    // Nothing more happens on later ticks.
    const before = channelTraffic(fake).length;
    clock.advance(60 * SECOND);
    await core.quiz!.tick();
    expect(channelTraffic(fake)).toHaveLength(before);
    expect((await core.quiz!.store.answersForPost(key1.postId)).map((a) => a.userName).sort()).toEqual(['Ana', 'Ben']);
  });

  it('runs in a new public thread with thread:true, and checks it may create one first', async () => {
    const { fake, core, clock } = await quizBot('2026-11-23T10:00:00Z');

    // Without Create Public Threads / Send Messages in Threads: told exactly what is missing, nothing happens.
    const noThreads = perms(PERMS.viewChannel, PERMS.sendMessages, PERMS.embedLinks);
    const refused = await answerOf(fake, quiz(fake, 'start', [opt.int('rounds', 1), opt.bool('thread', true)], { appPermissions: noThreads }));
    expect(refused.flags).toBe(EPHEMERAL);
    expect(visible(refused)).toContain("I'm missing Create Public Threads, Send Messages in Threads");
    expect(channelTraffic(fake)).toEqual([]);

    const started = await answerOf(fake, quiz(fake, 'start', [opt.int('rounds', 1), opt.int('seconds', 10), opt.bool('thread', true)], { user: ANA }));
    expect(started.flags).toBe(EPHEMERAL);
    expect(visible(started)).toContain('Quiz started in a new thread: 1 round, 10 seconds each');
    const open = fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${IDS.channel}/threads`)!;
    expect(open.body).toMatchObject({ name: 'Quiz started by Ana', type: 11 });
    const threadId: string = open.response!.body.id;
    expect(fake.threads.get(threadId)?.parent_id).toBe(IDS.channel);
    expect(channelPosts(fake, IDS.channel)).toEqual([]); // the channel itself stays quiet
    const [question] = channelPosts(fake, threadId);
    expect(question!.request.body.embeds[0].title).toBe('Quiz round 1');

    // Clicks arrive from inside the thread; the live count and the reveal edit the thread's message.
    const key = await answerKey(core, question!.message);
    const result = await answerOf(fake, click(fake, key.right, question!.message, BEN));
    expect(result.flags).toBe(EPHEMERAL);
    expect(result.embeds[0].title).toMatch(/^Right: /);
    expect(lastEdit(fake, question!.message.id).path).toBe(`/channels/${threadId}/messages/${question!.message.id}`);
    clock.advance(10 * SECOND);
    await core.quiz!.tick();
    expect(lastEdit(fake, question!.message.id).body.embeds[0].title).toBe('Quiz round 1: closed');
    const posts = channelPosts(fake, threadId);
    expect(posts).toHaveLength(2);
    expect(visible(posts[1]!.request.body)).toMatch(/Final scoreboard: 1\. Ben: \d+ pts \(1 correct\)/);
    expect(channelPosts(fake, IDS.channel)).toEqual([]);
  });

  it('lets only the starter or a member with Manage Server stop a session', async () => {
    const { fake, core } = await quizBot('2026-11-23T10:00:00Z');
    await answerOf(fake, quiz(fake, 'start', [opt.int('rounds', 3)], { user: ANA }));
    const channel = { platform: 'discord' as const, workspaceId: IDS.guild, channelId: IDS.channel };
    const session = await core.quiz!.store.activeSession(channel);
    expect(session?.startedBy).toBe(ANA.id);
    const before = channelTraffic(fake).length;

    const refused = await answerOf(fake, quiz(fake, 'stop', [], { user: BEN, memberPermissions: MEMBER_PERMS }));
    expect(refused.flags).toBe(EPHEMERAL);
    expect(visible(refused)).toContain('Only the person who started this quiz, or an admin, can stop it.');
    expect(channelTraffic(fake)).toHaveLength(before);
    expect((await core.quiz!.store.activeSession(channel))?.id).toBe(session!.id);

    const stopped = await answerOf(fake, quiz(fake, 'stop', [], { user: CY, memberPermissions: ADMIN_PERMS }));
    expect(stopped.flags).toBe(EPHEMERAL);
    expect(visible(stopped)).toContain('Quiz stopped. Final scores are posted.');
    expect(await core.quiz!.store.activeSession(channel)).toBeUndefined();
    expect(channelPosts(fake, IDS.channel).at(-1)!.request.body.embeds[0].title).toBe('Quiz stopped: final scores');
  });
});

describe('the daily question', () => {
  const scheduleOptions = [opt.str('time', '09:00'), opt.str('timezone', 'Europe/Berlin'), opt.str('days', 'mon-fri')];

  it('is posted once at 09:00 Berlin after an admin schedules it, with an enforced nonce', async () => {
    const { fake, core, clock } = await quizBot(MONDAY_MORNING);
    const saved = await answerOf(fake, quiz(fake, 'schedule', scheduleOptions, { user: ANA, memberPermissions: ADMIN_PERMS }));
    expect(saved.flags).toBe(EPHEMERAL);
    expect(visible(saved)).toContain('Saved.');
    expect(visible(saved)).toContain('When: 09:00 Europe/Berlin, Monday to Friday');
    expect(visible(saved)).toContain('2026-11-23 08:00 UTC');

    await core.quiz!.tick(); // 08:59 Berlin: not yet
    expect(channelPosts(fake, IDS.channel)).toEqual([]);

    clock.advance(60 * SECOND); // 09:00 Berlin
    await core.quiz!.tick();
    const posts = channelPosts(fake, IDS.channel);
    expect(posts).toHaveLength(1);
    const body = posts[0]!.request.body;
    expect(body.nonce).toEqual(expect.any(String));
    expect(body.nonce.length).toBeLessThanOrEqual(25);
    expect(body.enforce_nonce).toBe(true);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0].title).toBe('Daily question');
    expect((await answerKey(core, posts[0]!.message)).all.length).toBeGreaterThanOrEqual(2);

    await core.quiz!.tick();
    clock.advance(30 * SECOND);
    await core.quiz!.tick();
    expect(channelPosts(fake, IDS.channel)).toHaveLength(1);
  });
});

describe('admin-only commands', () => {
  it('politely refuses /quiz schedule and /quiz reports to members without Manage Server, changing nothing', async () => {
    const { fake, core, clock } = await quizBot(MONDAY_MORNING);
    const member = { user: BEN, memberPermissions: MEMBER_PERMS };

    const schedule = await answerOf(fake, quiz(fake, 'schedule', [opt.str('time', '09:00'), opt.str('timezone', 'Europe/Berlin'), opt.str('days', 'mon-fri')], member));
    expect(schedule.flags).toBe(EPHEMERAL);
    expect(visible(schedule)).toMatch(/^Sorry, only admins can change the daily question schedule\./);
    expect(await core.quiz!.store.listSchedules()).toEqual([]);

    const reports = await answerOf(fake, quiz(fake, 'reports', [], member));
    expect(reports.flags).toBe(EPHEMERAL);
    expect(visible(reports)).toMatch(/^Sorry, only admins can read question reports\./);

    // The same commands work for Manage Server; then a member still cannot turn the schedule off.
    expect(visible(await answerOf(fake, quiz(fake, 'reports', [], { memberPermissions: ADMIN_PERMS })))).toContain('No open question reports.');
    await answerOf(fake, quiz(fake, 'schedule', [opt.str('time', '10:00'), opt.str('timezone', 'Europe/Berlin')], { memberPermissions: ADMIN_PERMS }));
    const off = await answerOf(fake, quiz(fake, 'schedule', [opt.str('action', 'off')], member));
    expect(visible(off)).toMatch(/^Sorry, only admins can turn off the daily question\./);
    expect(await core.quiz!.store.listSchedules()).toHaveLength(1);

    // Nothing the member did shows up at 09:00: only the admin's 10:00 question exists.
    clock.set('2026-11-23T08:00:00Z');
    await core.quiz!.tick();
    expect(channelTraffic(fake)).toEqual([]);
  });
});

describe('missing bot permissions', () => {
  const withoutPosting = perms(PERMS.viewChannel, PERMS.createPublicThreads, PERMS.sendMessagesInThreads);

  it('/quiz start names what is missing and posts nothing', async () => {
    const { fake, core } = await quizBot();
    const reply = await answerOf(fake, quiz(fake, 'start', [], { appPermissions: withoutPosting }));
    expect(reply.flags).toBe(EPHEMERAL);
    expect(visible(reply)).toContain("I can't run a quiz in this channel: I'm missing Send Messages, Embed Links.");
    const onlyEmbeds = await answerOf(fake, quiz(fake, 'start', [], { appPermissions: perms(PERMS.viewChannel, PERMS.sendMessages) }));
    expect(visible(onlyEmbeds)).toContain("I'm missing Embed Links. Once that is fixed, try again");
    expect(channelTraffic(fake)).toEqual([]);
    expect(await core.quiz!.store.activeSession({ platform: 'discord', workspaceId: IDS.guild, channelId: IDS.channel })).toBeUndefined();
  });

  it('/quiz schedule names what is missing, saves nothing and posts nothing', async () => {
    const { fake, core, clock } = await quizBot(MONDAY_MORNING);
    const reply = await answerOf(
      fake,
      quiz(fake, 'schedule', [opt.str('time', '09:00'), opt.str('timezone', 'Europe/Berlin'), opt.str('days', 'mon-fri')], { memberPermissions: ADMIN_PERMS, appPermissions: withoutPosting }),
    );
    expect(reply.flags).toBe(EPHEMERAL);
    expect(visible(reply)).toContain("I can't post daily questions in this channel: I'm missing Send Messages, Embed Links.");
    expect(await core.quiz!.store.listSchedules()).toEqual([]);
    clock.advance(60 * SECOND);
    await core.quiz!.tick();
    expect(channelTraffic(fake)).toEqual([]);
  });
});
