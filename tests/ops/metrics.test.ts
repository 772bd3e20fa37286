// What an operator reads on /metrics after real traffic: the Slack adapter (real Bolt app over
// loopback, fake Slack Web API) drives a core that reports to PrometheusMetrics. Answers with their
// latency histogram, posts, errors, rate-limit waits and store latency all show up, labelled.
import { afterEach, describe, expect, it } from 'vitest';
import { PrometheusMetrics } from '../../src/adapters/ops/prometheus.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { seeded } from '../support/quiz.ts';
import { startHarness, type Harness } from '../slack/support/harness.ts';
import { sample } from './support/ops.ts';

const running: Harness[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

async function slash(h: Harness, command: string, text: string, userId = 'U0ANN', channelId = 'C0GENERAL') {
  const responseUrl = h.fake.responseUrl();
  const res = await h.requests.slash(command, text, { responseUrl, userId, channelId });
  expect(res.status).toBe(200);
  return (await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname)).body;
}

describe('metrics through the Slack adapter', () => {
  it('counts answers by command and outcome, with a latency histogram', async () => {
    const metrics = new PrometheusMetrics();
    const h = await startHarness({ core: { metrics } });
    running.push(h);
    await slash(h, '/responsibot', 'who patches the hypervisor?');
    await slash(h, '/responsibot', 'who encrypts my EBS volumes?');
    await slash(h, '/quiz', 'leaderboard fortnight');
    await slash(h, '/quiz', 'leaderboard');
    const text = await metrics.exposition();
    expect(sample(text, 'responsibot_answers_total', { platform: 'slack', command: 'who', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'responsibot_answers_total', { platform: 'slack', command: 'quiz', outcome: 'usage' })).toBe(1);
    expect(sample(text, 'responsibot_answers_total', { platform: 'slack', command: 'quiz', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'responsibot_answer_duration_seconds_count', { platform: 'slack', command: 'who' })).toBe(2);
    expect(sample(text, 'responsibot_answer_duration_seconds_bucket', { platform: 'slack', command: 'who', le: '+Inf' })).toBe(2);
    // A leaderboard reads the store: its latency is there, per operation.
    expect(sample(text, 'responsibot_store_duration_seconds_count', { operation: 'leaderboard', outcome: 'ok' })).toBe(1);
  });

  it('counts daily posts, the 429 wait before them, and store calls', async () => {
    const metrics = new PrometheusMetrics();
    const clock = new FakeClock('2026-11-23T07:59:00Z'); // Monday, 08:59 in Berlin
    const h = await startHarness({ core: { metrics, clock, quiz: { random: seeded(1) } } });
    running.push(h);
    h.fake.users = { U0ADMIN: { is_admin: true } };
    await slash(h, '/quiz', 'schedule 09:00 Europe/Berlin mon-fri', 'U0ADMIN', 'C0DAILY');
    await slash(h, '/quiz', 'schedule 09:00 Europe/Berlin mon-fri', 'U0ADMIN', 'C0OTHER');
    clock.set('2026-11-23T08:00:30Z');
    // Slack refuses the first post with Retry-After: 1; the bot waits, then both posts go out.
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await h.core.quiz!.tick();
    const text = await metrics.exposition();
    const posted = h.fake.callsOf('chat.postMessage').filter((c) => c.ok).length;
    expect(posted).toBe(2);
    expect(sample(text, 'responsibot_posts_total', { platform: 'slack', kind: 'daily', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'responsibot_rate_limit_wait_seconds_count', { platform: 'slack' })).toBe(1);
    expect(sample(text, 'responsibot_rate_limit_wait_seconds_sum', { platform: 'slack' })).toBe(1);
    expect(sample(text, 'responsibot_store_duration_seconds_count', { operation: 'insertPost', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'responsibot_store_duration_seconds_count', { operation: 'saveSchedule', outcome: 'ok' })).toBe(2);
  });

  it('counts a failed post and a failing command as errors an operator sees', async () => {
    const metrics = new PrometheusMetrics();
    const clock = new FakeClock('2026-11-23T07:59:00Z');
    const h = await startHarness({ core: { metrics, clock, quiz: { random: seeded(1) } } });
    running.push(h);
    h.fake.users = { U0ADMIN: { is_admin: true } };
    await slash(h, '/quiz', 'schedule 09:00 Europe/Berlin mon-fri', 'U0ADMIN', 'C0GONE');
    clock.set('2026-11-23T08:00:30Z');
    h.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    await h.core.quiz!.tick();
    // The database goes away under a command: the user gets an apology, the operator a counted error.
    await h.core.quiz!.store.close();
    const reply = await slash(h, '/quiz', 'leaderboard');
    expect(JSON.stringify(reply)).toContain('something went wrong on my side');
    const text = await metrics.exposition();
    expect(sample(text, 'responsibot_posts_total', { platform: 'slack', kind: 'daily', outcome: 'failed' })).toBe(1);
    expect(sample(text, 'responsibot_answers_total', { platform: 'slack', command: 'quiz', outcome: 'error' })).toBe(1);
    expect(sample(text, 'responsibot_errors_total', { where: 'command' })).toBe(1);
    // A board reads the channel's schedule first (for its timezone): that is the call that failed.
    expect(sample(text, 'responsibot_store_duration_seconds_count', { operation: 'getSchedule', outcome: 'error' })).toBe(1);
  });
});
