// /quiz through the real Bolt app (see quiz.test.ts): the App Home a user opens, and hostile names
// escaped in every call the quiz makes.
import { afterEach, describe, expect, it } from 'vitest';
import { TEAM_ID } from './support/fake-slack.ts';
import { allStrings, blockTexts, type Harness, type HarnessOptions } from './support/harness.ts';
import { click, MONDAY_0859_BERLIN, MONDAY_0900_BERLIN, nthPost, question, scheduledWorld, slackWorld, slash, updatesOf } from './support/quiz-world.ts';

const running: Harness[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

const world = (start = '2026-11-23T10:00:00Z', opts: HarnessOptions = {}) => slackWorld(running, start, opts);
const scheduled = (opts: HarnessOptions = {}) => scheduledWorld(running, opts);

describe('App Home', () => {
  /** Opens the Home tab as `userId` and returns every text in the published view. */
  async function openHome(h: Harness, userId: string): Promise<string> {
    const before = h.fake.callsOf('views.publish').length;
    await h.requests.event({ type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home' });
    const publish = await h.fake.waitFor((c) => c.method === 'views.publish' && h.fake.callsOf('views.publish').indexOf(c) === before);
    expect(publish.body).toMatchObject({ user_id: userId, view: { type: 'home' } });
    expect(publish.body.view.blocks.length).toBeLessThanOrEqual(100);
    return ['header', 'section', 'context'].flatMap((t) => blockTexts(publish.body.view.blocks, t)).join('\n');
  }

  it('shows the user’s stats and streak after they answered, and the schedules of channels they can see', async () => {
    const { h, clock, tick } = await scheduled();
    h.fake.channels = { G0TEAM: { is_private: true, members: ['U0ADMIN', 'U0BOB'] }, G0SECRET: { is_private: true, members: ['U0ADMIN'] } };
    const store = h.core.quiz!.store;
    const evening = { platform: 'slack' as const, workspaceId: TEAM_ID, time: '17:30', timezone: 'America/New_York', days: '1-5', createdBy: 'U0ADMIN', createdAt: Date.parse(MONDAY_0859_BERLIN) };
    await store.saveSchedule({ ...evening, channelId: 'G0TEAM', topic: 'rds' });
    await store.saveSchedule({ ...evening, channelId: 'G0SECRET' });
    await store.saveSchedule({ ...evening, workspaceId: 'T0OTHER', channelId: 'C0ELSEWHERE' });
    await store.saveSchedule({ ...evening, platform: 'discord', channelId: '112233445566' });

    const before = await openHome(h, 'U0BOB');
    expect(before).toContain('You have not answered any questions yet');

    clock.set(MONDAY_0900_BERLIN);
    await tick();
    const post = await nthPost(h, 'C0DAILY', 1);
    const { right } = await question(h, post);
    await click(h, right, post.body.ts, { userId: 'U0BOB', userName: 'bob', channelId: 'C0DAILY' });

    const home = await openHome(h, 'U0BOB');
    expect(home).toContain('Your quiz');
    expect(home).toContain('*Answered*\n1 (100% correct)');
    expect(home).toContain('*Daily streak*\ncurrent 1, best 1');
    expect(home).toContain('*Daily streaks*\n<#C0DAILY> 1 in a row (best 1)');
    expect(home).not.toContain('Your quiz stats, U0BOB');
    expect(home).toContain('<#C0DAILY> 09:00 Europe/Berlin, Monday to Friday · next: Tue 24 Nov, 09:00');
    expect(home).toContain('<#G0TEAM> 17:30 America/New_York, Monday to Friday · topic: rds · next: Mon 23 Nov, 17:30');
    for (const hidden of ['G0SECRET', 'C0ELSEWHERE', '112233445566']) expect(home).not.toContain(hidden);
    expect(home).toContain('/quiz start [rounds] [seconds]');
    for (const c of h.core.registry.list()) expect(home).toContain(c.description);
    // Private channels are checked against their members; public ones need no member list.
    expect(h.fake.callsOf('conversations.members').map((c) => c.body.channel).sort()).toEqual(['G0SECRET', 'G0SECRET', 'G0TEAM', 'G0TEAM']);
  });

  it('shows nothing it cannot check: a failing look-up hides the schedule instead of leaking it', async () => {
    const { h } = await world(MONDAY_0859_BERLIN);
    await h.core.quiz!.store.saveSchedule({ platform: 'slack', workspaceId: TEAM_ID, channelId: 'C0FRESH', time: '09:00', timezone: 'UTC', days: '*', createdBy: 'U0ADMIN', createdAt: 0 });
    h.fake.failNext('conversations.info', { error: 'missing_scope', needed: 'channels:read' });
    const home = await openHome(h, 'U0BOB');
    expect(home).not.toContain('C0FRESH');
    expect(home).toContain('No channel you can see has a daily question yet');
    // The failure is not remembered: the next visit shows it.
    expect(await openHome(h, 'U0BOB')).toContain('<#C0FRESH> 09:00 UTC, every day');
  });
});

describe('escaping', () => {
  /** A raw <, > or an & that does not start one of the three entities Slack decodes. */
  const unescaped = (s: string) => /[<>]/.test(s) || /&(?!(amp|lt|gt);)/.test(s);

  it('shows hostile user names escaped in every call: results, live count, reveal, scoreboards, reports, stats, home', async () => {
    const { h, clock, tick } = await world();
    const evil = { userId: 'U0EVIL', userName: '<!channel>' };
    const amp = { userId: 'U0AMP', userName: '<@U9>&co' };
    h.fake.users = { ...h.fake.users, U0EVIL: {}, U0AMP: {} };
    await slash(h, 'start 1 20', { ...evil, channelId: 'C0QUIZ' });
    const post = await nthPost(h, 'C0QUIZ', 1);
    const { right, wrong, q } = await question(h, post);
    await click(h, right, post.body.ts, evil);
    await click(h, wrong, post.body.ts, amp);
    clock.advance(21_000);
    await tick();
    const final = await nthPost(h, 'C0QUIZ', 2);
    expect(JSON.stringify(final.body.blocks)).toContain('Top of the table: &lt;!channel&gt; with');
    expect(JSON.stringify(updatesOf(h, post.body.ts).at(-1)!.body.blocks)).toContain('First correct: &lt;!channel&gt;.');

    expect(JSON.stringify(await slash(h, 'leaderboard all', { ...amp, channelId: 'C0QUIZ' }))).toContain('&lt;@U9&gt;&amp;co');
    expect(blockTexts((await slash(h, 'stats', { ...evil, channelId: 'C0QUIZ' })).blocks, 'header')).toEqual(['Your quiz stats, &lt;!channel&gt;']);
    // Slack sends what was typed escaped ("&lt;b&gt;"); the core sees "<b>"; it goes out escaped again.
    await slash(h, `report ${q.id} &lt;!here&gt; &amp; &lt;b&gt;`, { ...evil, channelId: 'C0QUIZ' });
    expect(JSON.stringify(await slash(h, 'reports', { userId: 'U0ADMIN', channelId: 'C0QUIZ' }))).toContain('&lt;!channel&gt; on 2026-11-23: &lt;!here&gt; &amp; &lt;b&gt;');
    await h.requests.event({ type: 'app_home_opened', user: 'U0EVIL', channel: 'DU0EVIL', tab: 'home' });
    await h.fake.waitFor((c) => c.method === 'views.publish');

    // Our own channel links on the Home tab are the only markup anywhere.
    const offenders = h.fake.calls.flatMap((c) =>
      allStrings(c.body)
        .map((s) => (c.method === 'views.publish' ? s.replace(/<#[CGD][A-Z0-9]+>/g, '') : s))
        .filter(unescaped)
        .map((s) => `${c.method}: ${s}`),
    );
    expect(offenders).toEqual([]);
    expect(h.fake.calls.filter((c) => c.method === 'response_url' || c.method === 'chat.update' || c.method === 'chat.postMessage').length).toBeGreaterThanOrEqual(10);
  });
});
