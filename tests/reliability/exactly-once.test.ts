// Exactly once: two QuizService instances (two cores, two SqliteStore connections on one file, one chat
// platform) both run the scheduler for many channels with a 09:00 Europe/Berlin daily question, across
// the change to summer time (Sunday 29 March 2026: 02:00 CET → 03:00 CEST), stepping a FakeClock in
// 5-minute steps, with one of them restarted in the middle, and the platform failing at random (5xx
// before anything happened, timeouts after the message landed). Every channel gets exactly one question
// per local day. A post that keeps failing is retried with a growing backoff and still posted once.
import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { SlackMessenger } from '../../src/adapters/slack/messenger.ts';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import type { CommandContext } from '../../src/core/commands/command.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import type { Messenger } from '../../src/core/ports/messenger.ts';
import { createCore, type Core } from '../../src/core/responsibot.ts';
import { realPacks } from '../support/core.ts';
import { seeded, tempDbFile, textOf } from '../support/quiz.ts';
import { FakeSlack } from '../slack/support/fake-slack.ts';
import { pick, rng, SEED, summary, TEST_TIMEOUT } from './support/env.ts';
import { FlakyPlatform, postIdOf } from './support/flaky-platform.ts';
import { expectedDates } from './support/dst.ts';
import { describeErrors, errorLogger, type ErrorLine } from './support/fuzz-world.ts';

const MINUTE = 60_000;
const TZ = 'Europe/Berlin';

interface Proc {
  label: string;
  store: SqliteStore;
  core: Core;
  errors: ErrorLine[];
  tick(): Promise<void>;
}

/** One bot process: its own core and its own connection to the shared database file. */
function startProcess(label: string, file: string, clock: FakeClock, messenger: Messenger, seed: number, platform: 'console' | 'slack' = 'console'): Proc {
  const errors: ErrorLine[] = [];
  const store = new SqliteStore(file);
  const core = createCore(realPacks(), { store, clock, log: errorLogger(errors), quiz: { random: seeded(seed) } });
  core.messengers.set(platform, messenger);
  return { label, store, core, errors, tick: () => core.quiz!.tick() };
}

function admin(channelId: string, platform: CommandContext['platform'] = 'console'): CommandContext {
  return { platform, user: { id: 'u-admin', name: 'Ada' }, workspaceId: 'w1', channelId, isAdmin: async () => true };
}

describe('exactly one daily question per channel per local day', () => {
  it(
    'two processes, a restart, random 5xx and lost responses, across the DST change',
    async () => {
      const channels = pick(50, 200);
      const start = Date.parse(pick('2026-03-28T07:55:00Z', '2026-03-28T00:00:00Z'));
      // Short: the day before and the day of the change (the 23-hour day); long: two more days after it.
      const end = Date.parse(pick('2026-03-29T09:00:00Z', '2026-03-31T23:55:00Z'));
      const restartAt = Date.parse('2026-03-29T07:00:00Z'); // 09:00 CEST on the DST day: posts are due
      const file = tempDbFile();
      const clock = new FakeClock(new Date(start));
      const platform = new FlakyPlatform({ clock, dedupe: true, failRate: 0.15, landedRate: 0.05, random: rng(SEED) });
      const a = startProcess('A', file, clock, platform.as('A'), 1);
      let b = startProcess('B', file, clock, platform.as('B'), 2);
      const retired: Proc[] = [];

      for (let i = 0; i < channels; i++) {
        const owner = i % 2 ? a : b;
        const [saved] = await owner.core.registry.run('quiz', 'schedule 09:00 Europe/Berlin daily', admin(`ch-${i}`));
        expect(textOf(saved!)).toContain('Saved');
      }

      let steps = 0;
      for (let t = start; t <= end; t += 5 * MINUTE) {
        clock.set(new Date(t));
        if (t === restartAt) {
          await b.store.close();
          retired.push(b);
          b = startProcess('B2', file, clock, platform.as('B2'), 3);
        }
        await Promise.all([a.tick(), b.tick()]);
        steps++;
      }

      // Every channel: exactly one visible question per expected local date, and nothing else.
      const dates = expectedDates(start, end, '09:00', TZ);
      const byChannel = new Map<string, string[]>();
      for (const m of platform.messages) {
        const postId = postIdOf(m.reply);
        expect(postId, 'a message without answer buttons').toBeDefined();
        const post = await a.store.getPost(postId!);
        byChannel.set(m.to.channelId, [...(byChannel.get(m.to.channelId) ?? []), post!.localDate!]);
      }
      let duplicates = 0;
      for (let i = 0; i < channels; i++) {
        const got = byChannel.get(`ch-${i}`) ?? [];
        duplicates += got.length - new Set(got).size;
        expect([...got].sort(), `channel ch-${i}`).toEqual(dates);
      }
      // No delivery "won" twice (two processes each believing they posted it).
      const doubleWins = [...platform.successesByKey().entries()].filter(([, n]) => n > 1);
      expect(doubleWins).toEqual([]);
      // Nothing left pending or failed, and no tick step failed in any process.
      const statuses = a.store.db.prepare(`SELECT status, COUNT(*) AS n FROM posts WHERE kind = 'daily' GROUP BY status`).all() as { status: string; n: number }[];
      expect(statuses.filter((s) => s.status === 'pending' || s.status === 'failed')).toEqual([]);
      for (const p of [a, b, ...retired]) expect(describeErrors(p.errors), `errors in process ${p.label}`).toEqual([]);

      const failed = platform.attempts.filter((x) => x.outcome === 'failed').length;
      const landed = platform.attempts.filter((x) => x.outcome === 'landed-then-failed').length;
      summary('exactly once across DST with a restart', {
        channels,
        'local days': dates.join(' '),
        'steps of 5 min': steps,
        'posts checked': platform.messages.length,
        'post attempts': platform.attempts.length,
        '5xx injected': failed,
        'timeouts after landing': landed,
        'retries deduped by key': platform.attempts.filter((x) => x.outcome === 'deduped').length,
        'duplicates found': duplicates,
      });
      await Promise.all([a.store.close(), b.store.close()]);
    },
    TEST_TIMEOUT,
  );

  it('retries a post that keeps failing (5xx, timeouts) with a growing backoff, and posts it exactly once', async () => {
    const file = tempDbFile();
    const clock = new FakeClock('2026-03-29T06:59:45Z');
    const platform = new FlakyPlatform({ clock, dedupe: true, random: rng(SEED) });
    platform.script.push('failed', 'landed-then-failed', 'failed', 'failed', 'landed-then-failed', 'failed');
    const a = startProcess('A', file, clock, platform.as('A'), 1);
    const b = startProcess('B', file, clock, platform.as('B'), 2);
    await a.core.registry.run('quiz', 'schedule 09:00 Europe/Berlin daily', admin('retry-ch'));
    for (let i = 0; i < 20 * 4; i++) {
      await Promise.all([a.tick(), b.tick()]);
      clock.advance(15_000);
    }
    const times = platform.attempts.map((x) => x.at);
    const gaps = times.slice(1).map((t, i) => (t - times[i]!) / 1000);
    expect(platform.attempts.map((x) => x.outcome)).toEqual(['failed', 'landed-then-failed', 'failed', 'failed', 'landed-then-failed', 'failed', 'deduped']);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!, `gaps ${gaps.join(', ')} s`).toBeGreaterThanOrEqual(gaps[i - 1]!);
    expect(gaps.at(-1)!, `gaps ${gaps.join(', ')} s`).toBeGreaterThanOrEqual(4 * gaps[0]!);
    expect(platform.messages).toHaveLength(1);
    const post = await a.store.getDailyPost({ platform: 'console', workspaceId: 'w1', channelId: 'retry-ch' }, '2026-03-29');
    expect(post).toMatchObject({ status: 'open', attempts: 7, messageId: platform.messages[0]!.id });
    summary('transient failures retried', { attempts: times.length, 'gaps s': gaps.join('/'), 'posts checked': platform.messages.length, 'duplicates found': platform.messages.length - 1 });
  });
});

describe('delivery gaps found by this suite (BUG-4, BUG-5; fixed)', () => {
  // BUG-4, found by this suite, as it was before the fix: The delivery lease is 60 s (DELIVERY_LEASE_MS),
  // but one Messenger.post can legitimately take longer: SlackMessenger waits out up to 3 Retry-Afters of up
  // to 30 s plus 10-s request timeouts, and discord.js retries 5xx and waits out 429s. When the lease runs
  // out mid-call, another process takes it and posts the same question again; on Slack (no server-side
  // dedupe) that is a second message.
  it('BUG-4 (fixed): a post call that takes three minutes is not delivered a second time by the other process', async () => {
    const file = tempDbFile();
    const clock = new FakeClock('2026-03-29T07:00:00Z');
    const platform = new FlakyPlatform({ clock, dedupe: false }); // Slack: no server-side dedupe
    const a = startProcess('A', file, clock, platform.as('A'), 1);
    const b = startProcess('B', file, clock, platform.as('B'), 2);
    await a.core.registry.run('quiz', 'schedule 09:00 Europe/Berlin daily', admin('slow-ch'));

    let release!: () => void;
    platform.hold = new Promise<void>((resolve) => (release = resolve));
    const slowTick = a.tick(); // A claims today's post and starts posting; the API is slow
    while (platform.attempts.length === 0 && !(await a.store.getDailyPost({ platform: 'console', workspaceId: 'w1', channelId: 'slow-ch' }, '2026-03-29'))) await new Promise((r) => setImmediate(r));
    // Still posting three minutes later: Slack's worst case (three Retry-After waits of up to 30 s, 10-s
    // request timeouts and a duplicate check) — longer than the original 60-s lease.
    clock.advance(3 * MINUTE);
    platform.hold = undefined;
    await b.tick(); // B ticks meanwhile: it must leave the post A is still delivering alone
    release();
    await slowTick;

    expect(platform.messages.filter((m) => m.to.channelId === 'slow-ch')).toHaveLength(1);
  });

  // BUG-5, found by this suite, as it was before the fix: After a crash between "Slack accepted the message"
  // and markOpen, the next process redelivers the pending post. SlackMessenger only checks for an earlier
  // copy (conversations.history, by the dedupe key in the message metadata) when its own memory says the key
  // is uncertain, and a new process has no memory: the question is posted twice. QuizService never tells the
  // messenger that a delivery is a redelivery.
  it('BUG-5 (fixed): after a crash right after Slack accepted the post, the restarted process finds it instead of posting again', async () => {
    const fake = await FakeSlack.start();
    try {
      const file = tempDbFile();
      const clock = new FakeClock('2026-03-29T07:00:00Z');
      const slackMessenger = () => {
        const client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
        return new SlackMessenger({ client, postClient: client, log: { debug() {}, info() {}, warn() {}, error() {} } });
      };
      // Process A dies right after chat.postMessage succeeded, before it can record that in the database.
      const realA = slackMessenger();
      let a!: Proc;
      const dying: Messenger = {
        platform: 'slack',
        post: async (to, reply, opts) => {
          await realA.post(to, reply, opts);
          await a.store.close();
          throw new Error('process killed');
        },
        update: (m, r) => realA.update(m, r),
        notifyUser: (w, u, r) => realA.notifyUser(w, u, r),
      };
      a = startProcess('A', file, clock, dying, 1, 'slack');
      await a.core.registry.run('quiz', 'schedule 09:00 Europe/Berlin daily', admin('C0DAILY', 'slack'));
      await a.tick();
      expect(fake.messagesIn('C0DAILY')).toHaveLength(1);

      // The restarted process finds the post still pending once A's lease is over, and delivers it.
      const b = startProcess('B', file, clock, slackMessenger(), 2, 'slack');
      const pending = async () => (await b.store.getDailyPost({ platform: 'slack', workspaceId: 'w1', channelId: 'C0DAILY' }, '2026-03-29'))?.status === 'pending';
      for (let minutes = 0; minutes < 60 && (await pending()); minutes++) {
        clock.advance(MINUTE);
        await b.tick();
      }
      const post = await b.store.getDailyPost({ platform: 'slack', workspaceId: 'w1', channelId: 'C0DAILY' }, '2026-03-29');
      expect(post?.status).toBe('open');
      expect(fake.messagesIn('C0DAILY')).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});
