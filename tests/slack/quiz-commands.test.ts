// /quiz as a Slack user meets it, through the real Bolt app and the fake Slack API: a daily question's
// closing time as a date token (each reader sees their own time, the schedule's zone as fallback), zone
// names in any case, one report from the button and /quiz report together, a quiz nobody plays stopping
// itself, and mixed topics or an unknown difficulty answered with the start usage.
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from './support/harness.ts';
import { blockTexts, buttonsOf } from './support/harness.ts';
import { answerButtons, click, nthPost, read, slackWorld, slash } from './support/quiz-world.ts';

const running: Harness[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

const admin = { userId: 'U0ADMIN', userName: 'ada', channelId: 'C0DAILY' };
const ann = { userId: 'U0ANN', userName: 'ann', channelId: 'C0QUIZ' };

describe('/quiz commands on Slack', () => {
  it('shows a daily question’s closing time as a date token with the schedule’s zone as fallback; zone names in any case', async () => {
    // Monday 23 Nov 2026 07:59 UTC; 09:00 CET is 08:00 UTC.
    const { h, clock, tick } = await slackWorld(running, '2026-11-23T07:59:00Z');
    expect(read(await slash(h, 'schedule 09:00 cet mon-fri window:90m', admin))).toContain('09:00 CET, Monday to Friday');
    clock.set('2026-11-23T08:00:00Z');
    await tick();
    const post = await nthPost(h, 'C0DAILY', 1);
    const closes = Date.parse('2026-11-23T09:30:00Z') / 1000;
    const meta = blockTexts(post.body.blocks, 'context').join('\n');
    expect(meta).toContain(`closes <!date^${closes}^{date_short_pretty} at {time}|Mon 23 Nov, 10:30 CET>`);
    // The notification text (no blocks) reads the same time in the schedule's zone.
    expect(post.body.text).toContain('Daily question');
  });

  it('adds a note typed after pressing "Report this question" to the same report; members asking for /quiz reports hear about reports', async () => {
    const { h } = await slackWorld(running, '2026-11-23T10:00:00Z');
    await slash(h, 'start 1 20', ann);
    const post = await nthPost(h, 'C0QUIZ', 1);
    const report = buttonsOf(post.body.blocks).find((b) => b.action_id.startsWith('quiz.report'))!;
    expect(read(await click(h, report, post.body.ts, ann))).toContain('report #1 is saved');
    expect(read(await slash(h, `report ${report.value} option C is also right`, ann))).toContain('your note is added to your report #1');
    const refused = read(await slash(h, 'reports', ann));
    expect(refused).toContain('only admins can read question reports');
    expect(refused).toContain('Reports you make are saved for them');
    const list = read(await slash(h, 'reports', { ...admin, channelId: 'C0QUIZ' }));
    expect(list).toContain('Open question reports: 1 on 1 question');
    expect(read(await slash(h, 'help', ann))).toContain('/quiz report &lt;question id&gt; [what is wrong]'); // escaped for Slack, shown as typed
  });

  it('stops a quiz nobody answers for two rounds and says so, without crowning anyone', async () => {
    const { h, clock, tick } = await slackWorld(running, '2026-11-23T10:00:00Z');
    await slash(h, 'start 5 10', ann);
    const first = await nthPost(h, 'C0QUIZ', 1);
    await click(h, (await answerButtons(h, first.body.blocks)).wrong, first.body.ts, ann);
    for (let round = 0; round < 3; round++) {
      clock.advance(11_000);
      await tick();
    }
    const final = await nthPost(h, 'C0QUIZ', 4);
    expect(read(final.body)).toContain('Quiz stopped: nobody answered the last 2 rounds');
    expect(read(final.body)).toContain('Nobody scored: no right answers this time.');
    expect(read(final.body)).not.toContain('Top of the table');
    expect(h.fake.callsOf('chat.postMessage').filter((c) => c.ok && c.body.channel === 'C0QUIZ')).toHaveLength(4);
  });

  it('mixes comma-separated topics, and answers an unknown topic or difficulty and too many rounds with the start usage', async () => {
    const { h } = await slackWorld(running, '2026-11-23T10:00:00Z');
    expect(read(await slash(h, 'start 50', ann))).toMatch(/A quiz has at most 20 rounds; 50 is more than that\.[\s\S]*Usage: \/quiz start/);
    expect(read(await slash(h, 'start 5 30 rds expert', ann))).toMatch(/"expert" is not a difficulty: use easy, medium or hard\.[\s\S]*Usage: \/quiz start/);
    expect(read(await slash(h, 'start 5 30 rds,warp-drives', ann))).toMatch(/I have no questions about "warp-drives"[\s\S]*Usage: \/quiz start/);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
    expect(read(await slash(h, 'start 3 30 rds,lambda,iam', ann))).toContain('3 rounds, 30 seconds each');
    await nthPost(h, 'C0QUIZ', 1);
  });
});
