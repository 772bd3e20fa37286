// Many instances on one PostgreSQL database: 3 real bot processes (support/pg-bot.ts: the real core,
// PostgresStore, the real Slack messenger posting over loopback to a fake Slack) share one database of
// their own on the real server, with 200 channels scheduled for a daily question in three timezone set-ups
// around the change to summer time (Sunday 29 March 2026) and study-group quizzes started in 4 more
// channels all along. The test moves their common clock in steps (5 minutes around due posts, 20
// otherwise); each step every process ticks, and people answer questions through whichever process. At random moments — mostly while posts
// are due, so mid-tick — one process is killed with SIGKILL and a new one started in its place.
//
// Afterwards: every channel has exactly one daily question per local day (0 duplicates, 0 missing),
// every quiz round was posted exactly once and every quiz ended, and every answer a person was told was
// recorded is in the database.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/adapters/postgres/postgres-store.ts';
import { freshDatabase, postgresAvailable, reportSkip, type TestDatabase } from '../support/postgres.ts';
import { FakeSlack, TEAM_ID } from '../slack/support/fake-slack.ts';
import { buttonsOf, checkboxesOf } from '../slack/support/harness.ts';
import { BotProcess } from './support/bot-fleet.ts';
import { compileChild } from './support/compile-writer.ts';
import { expectedDates, localInstant } from './support/dst.ts';
import { pick, rng, SEED, summary } from './support/env.ts';

const MINUTE = 60_000;
const STEP = 5 * MINUTE;
const PROCESSES = 3;
/** 200 daily channels: the usual morning in Berlin and London, and 03:00 Berlin, right after the clocks jump. */
const SCHEDULES = [
  { prefix: 'CBER', count: 120, time: '09:00', tz: 'Europe/Berlin' },
  { prefix: 'CLON', count: 40, time: '08:30', tz: 'Europe/London' },
  { prefix: 'CJMP', count: 40, time: '03:00', tz: 'Europe/Berlin' },
];
const QUIZ_CHANNELS = ['CQUIZ0', 'CQUIZ1', 'CQUIZ2', 'CQUIZ3'];

/** The post a message is for: its dedupe key, which Slack keeps in the message metadata through every edit. */
const postIdOf = (m: { metadata?: { event_payload: Record<string, unknown> } }) => m.metadata?.event_payload.dedupe_key as string | undefined;

reportSkip('3 bot processes on one PostgreSQL database, killed and restarted across the DST change');

describe.skipIf(!postgresAvailable)('N bot processes on one PostgreSQL database', () => {
  let db: TestDatabase | undefined;
  let fake: FakeSlack | undefined;
  let bundle: string | undefined;
  const everyBot: BotProcess[] = [];
  afterAll(async () => {
    for (const b of everyBot) b.kill();
    await Promise.all(everyBot.map((b) => b.exited));
    await fake?.close();
    await db?.drop();
    if (bundle) rmSync(dirname(bundle), { recursive: true, force: true });
  });

  it(
    '3 processes killed and restarted at random (mid-tick too) across the DST change: one daily question per channel and day, each quiz round once, no acknowledged answer lost',
    async () => {
      const random = rng(SEED);
      // The day before the change and the 23-hour day itself (long: from midnight, and two more days).
      const start = Date.parse(pick('2026-03-28T06:00:00Z', '2026-03-28T00:00:00Z'));
      const end = Date.parse(pick('2026-03-29T10:00:00Z', '2026-03-31T12:00:00Z'));
      const settle = end + 60 * MINUTE; // no kills, no new quizzes: leases run out, quizzes finish
      db = await freshDatabase();
      fake = await FakeSlack.start();
      bundle = await compileChild('tests/reliability/support/pg-bot.ts');

      // The schedules, made a day earlier (as an admin would have).
      const channels = SCHEDULES.flatMap((s) => Array.from({ length: s.count }, (_, i) => ({ ...s, channelId: `${s.prefix}${i}` })));
      const setup = await PostgresStore.open(db.url, { maxConnections: 2 });
      for (const c of channels) {
        await setup.saveSchedule({ platform: 'slack', workspaceId: TEAM_ID, channelId: c.channelId, time: c.time, timezone: c.tz, days: '*', createdBy: 'U0ADMIN', createdAt: start - 86_400_000 });
      }
      await setup.close();
      // Steps at which posts are due: where most kills land, so that they hit ticks at work.
      const dueAt = new Set<number>();
      for (const s of SCHEDULES) for (const date of expectedDates(start, end, s.time, s.tz)) dueAt.add(localInstant(date, s.time, s.tz)!);
      const busy = (t: number) => [...dueAt].some((d) => t >= d && t < d + 2 * STEP);
      // 5-minute steps around due posts and their closing (5 min before the next), 20 minutes otherwise.
      const stepAfter = (t: number) => ([...dueAt].some((d) => t >= d - 15 * MINUTE && t < d + 60 * MINUTE) ? STEP : 4 * STEP);

      let now = start;
      let generation = 0;
      const bots: BotProcess[] = [];
      const launch = (slot: number) => {
        const bot = new BotProcess(`P${slot}g${++generation}`, bundle!, [db!.url, fake!.apiUrl, `P${slot}`, String(now)]);
        bots[slot] = bot;
        everyBot.push(bot);
      };
      for (let slot = 0; slot < PROCESSES; slot++) launch(slot);

      const questions: { postId: string; options: number; picks: number; seenAt: number; quiz: boolean }[] = [];
      const known = new Set<string>();
      const lookForQuestions = () => {
        for (const channelId of [...channels.map((c) => c.channelId), ...QUIZ_CHANNELS]) {
          for (const m of fake!.messagesIn(channelId)) {
            const postId = postIdOf(m);
            if (!postId || known.has(postId)) continue;
            known.add(postId);
            // A "Choose TWO/THREE" question has checkboxes and one submit; the others one button per option.
            const [ticks] = checkboxesOf(m.blocks as unknown[]);
            const picks = ticks ? (/\bTHREE\b/.test(JSON.stringify(m.blocks)) ? 3 : 2) : 1;
            const options = ticks ? ticks.options.length : buttonsOf(m.blocks as unknown[]).filter((b) => b.action_id.startsWith('quiz.answer')).length;
            if (options) questions.push({ postId, options, picks, seenAt: now, quiz: channelId.startsWith('CQUIZ') });
          }
        }
      };

      const acked = new Set<string>();
      const replies = { ack: 0, dup: 0, closed: 0, lost: 0, other: [] as string[] };
      let kills = 0;
      let killsMidTick = 0;
      let steps = 0;
      let quizzesStarted = 0;
      let lastQuizzes = -Infinity;
      for (let t = start; t <= settle; t += stepAfter(t)) {
        now = t;
        steps++;
        // A killed process is replaced at once (a supervisor restarting it); the clock waits for it.
        for (let slot = 0; slot < PROCESSES; slot++) if (bots[slot]!.dead) launch(slot);
        const started = await Promise.all(bots.map((b) => b.started));
        expect(started.every(Boolean), bots.map((b) => b.stderr).join('\n')).toBe(true);

        const work: Promise<unknown>[] = bots.map((b) => b.request('tick', t));
        // People answer open questions through any process, while the ticks run: daily questions of the
        // last 20 hours, quiz rounds just posted.
        const recent = questions.filter((q) => t - q.seenAt < (q.quiz ? 1 : 20 * 60 * MINUTE));
        for (let i = 0; i < 3 && recent.length; i++) {
          const q = recent[Math.floor(random() * recent.length)]!;
          const userId = `U${Math.floor(random() * 40)}`;
          const bot = bots[Math.floor(random() * PROCESSES)]!;
          work.push(
            bot.request('answer', q.postId, randomPicks(q.options, q.picks, random).join(','), userId).then((reply) => {
              const kind = reply?.split(' ')[0];
              if (kind === 'ack') {
                replies.ack++;
                acked.add(`${q.postId} ${userId}`);
              } else if (kind === 'dup') replies.dup++;
              else if (kind === 'closed') replies.closed++;
              else if (reply === undefined) replies.lost++;
              else replies.other.push(reply);
            }),
          );
        }
        // Every two hours, a new quiz in each quiz channel (refused while one still runs there).
        if (t <= end && t - lastQuizzes >= 120 * MINUTE) {
          lastQuizzes = t;
          for (const channelId of QUIZ_CHANNELS) {
            quizzesStarted++;
            work.push(bots[Math.floor(random() * PROCESSES)]!.request('start', channelId, 3, 60));
          }
        }
        if (t <= end && random() < (busy(t) ? 0.5 : 0.03)) {
          const victim = bots[Math.floor(random() * PROCESSES)]!;
          const delay = Math.floor(random() * 30);
          kills++;
          if (busy(t)) killsMidTick++;
          setTimeout(() => victim.kill(), delay);
        }
        const stepStarted = Date.now();
        await Promise.all(work);
        lookForQuestions();
        if (process.env.FLEET_TRACE) process.stderr.write(`${new Date(t).toISOString()} ${Date.now() - stepStarted} ms, ${questions.length} questions, ${kills} kills\n`);
      }
      for (const b of bots) await b.stop();

      // --- what people saw, and what the database holds -------------------------------------------
      const admin = await db.admin();
      const posts = new Map<string, { kind: string; local_date: string | null; session_id: string | null; round: number | null; status: string }>(
        (await admin.query('SELECT id, kind, local_date, session_id, round, status FROM posts')).rows.map((r) => [r.id, r]),
      );
      let duplicates = 0;
      let missing = 0;
      let dailyChecked = 0;
      for (const c of channels) {
        const want = expectedDates(start, end, c.time, c.tz);
        const got = fake.messagesIn(c.channelId).map((m) => posts.get(postIdOf(m) ?? '')?.local_date ?? `unknown message ${m.ts}`);
        duplicates += got.length - new Set(got).size;
        missing += want.filter((d) => !got.includes(d)).length;
        dailyChecked += got.length;
        expect([...got].sort(), `${c.channelId} (${c.time} ${c.tz})`).toEqual(want);
      }
      const stuck = [...posts.values()].filter((p) => p.kind === 'daily' && p.status !== 'open' && p.status !== 'closed');
      expect(stuck).toEqual([]);

      // Quizzes: each round's post is in the channel exactly once, and every quiz came to an end.
      const sessions = (await admin.query('SELECT id, status, rounds FROM sessions')).rows as { id: string; status: string; rounds: number }[];
      const roundMessages = new Map<string, number>();
      for (const channelId of QUIZ_CHANNELS) {
        for (const m of fake.messagesIn(channelId)) {
          const post = posts.get(postIdOf(m) ?? '');
          if (post) roundMessages.set(`${post.session_id} ${post.round}`, (roundMessages.get(`${post.session_id} ${post.round}`) ?? 0) + 1);
        }
      }
      const roundsTwice = [...roundMessages.entries()].filter(([, n]) => n > 1);
      expect(roundsTwice).toEqual([]);
      expect(sessions.filter((s) => s.status === 'active').map((s) => s.id)).toEqual([]);
      const roundsMissing = sessions.filter((s) => s.status === 'finished').flatMap((s) => Array.from({ length: s.rounds }, (_, i) => `${s.id} ${i + 1}`).filter((k) => !roundMessages.has(k)));
      expect(roundsMissing).toEqual([]);

      // Answers: every one a person was told was recorded is there, once.
      const stored = new Set((await admin.query('SELECT post_id, user_id FROM answers')).rows.map((r: { post_id: string; user_id: string }) => `${r.post_id} ${r.user_id}`));
      const lost = [...acked].filter((a) => !stored.has(a));
      expect(lost).toEqual([]);
      expect(replies.other).toEqual([]);
      const errors = everyBot.flatMap((b) => b.errors());
      expect(errors).toEqual([]);

      summary('3 processes on PostgreSQL across DST', {
        processes: PROCESSES,
        'daily channels': channels.length,
        'local days': expectedDates(start, end, '09:00', 'Europe/Berlin').join(' '),
        'clock steps (5 or 20 min)': steps,
        'processes killed': kills,
        'kills while posts were due': killsMidTick,
        'processes started': everyBot.length,
        'daily posts checked': dailyChecked,
        duplicates,
        missing,
        'quizzes started': quizzesStarted,
        'quizzes run': sessions.length,
        'quiz rounds posted': roundMessages.size,
        'answers acknowledged': acked.size,
        'answers already given': replies.dup,
        'answers to closed questions': replies.closed,
        'answers cut off by a kill': replies.lost,
        'acknowledged answers lost': lost.length,
      });
    },
    pick(300_000, 30 * 60_000),
  );
});

/** `count` distinct option indexes out of `options`, in random order (one for single-choice questions). */
function randomPicks(options: number, count: number, random: () => number): number[] {
  const pool = Array.from({ length: options }, (_, i) => i);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}
